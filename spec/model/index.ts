// The reference model: pure, deterministic, no I/O. See profiles.ts for what each profile means.
export * from "./types.ts";
export * from "./collection.ts";
export * from "./executors.ts";
export { UnmodelledInput } from "./seekdb-js-executor.ts";
export { MAX_ID_BYTES } from "./spec-executor.ts";
export { canonicalJson, toFloat32, utf8ByteLength } from "./values.ts";
export { hitsOf } from "./query.ts";
