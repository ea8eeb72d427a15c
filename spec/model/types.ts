// Shared vocabulary of the spec: records, collections, calls, outcomes.
import type { Map as ImmutableMap } from "immutable";
import type { EmbeddingFunctionName, ProviderFault } from "../embedding-functions.ts";

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** One stored record as a reader sees it. */
export interface StoredRecord {
  readonly id: string;
  readonly document: string | null;
  /** float32 values (already rounded with Math.fround). */
  readonly embedding: readonly number[] | null;
  /** Usually an object; an SDK that does not validate may store any JSON value. */
  readonly metadata: JsonValue | null;
}

export interface CollectionConfig {
  readonly dimension: number;
  readonly embeddingFunction: EmbeddingFunctionName | null;
}

export interface CollectionState {
  readonly config: CollectionConfig;
  readonly records: ImmutableMap<string, StoredRecord>;
  /** The collection was deleted; a client holding it still calls (and fails with not_found). */
  readonly dropped?: true;
}

/**
 * Arguments exactly as a caller passes them. Deliberately `unknown`: wrong types are part of the
 * domain under test, and normalisation is what the profiles disagree on.
 */
export interface WriteArgs {
  readonly ids?: unknown;
  readonly embeddings?: unknown;
  readonly documents?: unknown;
  readonly metadatas?: unknown;
}

export const ERROR_CLASSES = [
  "validation",
  "dimension",
  "embedding_function",
  "duplicate",
  "not_found",
  "server",
  "crash",
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export interface ClassifiedError {
  readonly class: ErrorClass;
  /** Server errno when the error came from (or, in the model, would come from) the server. */
  readonly errno?: number;
  /** The clause that decides this error, when one does. */
  readonly clause?: string;
  readonly message: string;
}

export type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: ClassifiedError };

/** What one call did: the new state, its outcome, and every call made to the embedding function. */
export interface CallResult {
  readonly state: CollectionState;
  readonly outcome: Outcome;
  readonly embeddingCalls: readonly (readonly unknown[])[];
}

export type WriteOp = "upsert" | "add" | "update";

/**
 * What a write meets outside the state: the queue of provider faults the "http" embedding
 * function takes from (consumed in place, as the provider consumes them).
 */
export interface WriteEnv {
  readonly faults?: ProviderFault[];
}

export type WriteFn = (state: CollectionState, op: WriteOp, args: WriteArgs, env?: WriteEnv) => CallResult;
