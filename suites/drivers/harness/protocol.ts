// The harness protocol's types and its JSON Schema validators (spec/harness-protocol.md).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { SPEC_DIR } from "../../../spec/load.ts";
import type { EmbeddingFunctionName } from "../../../spec/embedding-functions.ts";
import type { ErrorClass } from "../../../spec/model/types.ts";
import type { Json } from "../../../spec/codec.ts";

export const PROTOCOL_VERSION = 1;

export interface HarnessCapabilities {
  readonly values: {
    readonly undefined: boolean;
    readonly holes: boolean;
    readonly nan: boolean;
    readonly infinity: boolean;
    readonly negativeZero: boolean;
    readonly dollarKeys: boolean;
  };
  readonly embeddingFunctions: readonly EmbeddingFunctionName[];
  readonly noEmbeddingFunction: boolean;
  readonly commands?: readonly string[];
}

export interface HelloOk {
  readonly protocol: 1;
  readonly ok: true;
  readonly client: string;
  readonly version: string;
  readonly capabilities: HarnessCapabilities;
}

export type HarnessResponse =
  | { readonly seq: number; readonly ok: true; readonly value: Json; readonly embeddingCalls: Json[] }
  | {
      readonly seq: number;
      readonly ok: false;
      readonly error: { readonly class: ErrorClass; readonly message: string; readonly errno?: number; readonly exception: string };
      readonly embeddingCalls: Json[];
    }
  | { readonly seq: number | null; readonly ok: false; readonly protocolError: string };

const schema = JSON.parse(readFileSync(join(SPEC_DIR, "schema", "harness-protocol.schema.json"), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(schema);
const ref = (name: string): ValidateFunction => ajv.getSchema(`https://seekdb-referee/spec/schema/harness-protocol.schema.json#/definitions/${name}`)!;

export const validateRequest = ref("request");
export const validateResponse = ref("response");
export const validateHelloOk = ref("helloOk");

export function schemaErrors(v: ValidateFunction): string {
  return (v.errors ?? []).slice(0, 4).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
}
