// The executors: each replays one client's algorithm (or the spec's) on the model's state. A
// profile file (spec/profiles/*.json) names its executor here; what the file says about the
// divergences is data, what the client does is this code.
import { seekdbJsRead, seekdbJsWrite } from "./seekdb-js-executor.ts";
import { specWrite } from "./spec-executor.ts";
import { toWellFormedText } from "./values.ts";
import type { ClassifiedError, StoredRecord, WriteFn } from "./types.ts";

export type ReadResult = { readonly ok: true; readonly records: readonly StoredRecord[] } | { readonly ok: false; readonly error: ClassifiedError };

export interface Executor {
  readonly write: WriteFn;
  /** What a read through this client returns for stored records (the spec: the records themselves). */
  readonly read: (records: readonly StoredRecord[]) => ReadResult;
  /** The stored id a get or delete by `id` reaches through this client (the spec: the id itself). */
  readonly key: (id: string) => string;
}

const same = (id: string) => id;

export const SPEC_EXECUTOR: Executor = { write: specWrite, read: (records) => ({ ok: true, records }), key: same };

export const EXECUTORS: Readonly<Record<string, Executor>> = {
  spec: SPEC_EXECUTOR,
  // mysql2 sends text as UTF-8: a lone surrogate in an id reaches the server as U+FFFD.
  "seekdb-js@1.4": { write: seekdbJsWrite, read: seekdbJsRead, key: toWellFormedText },
};
