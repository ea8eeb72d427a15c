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
  /**
   * The stored vector holds ±inf or NaN — what float32 makes of NaN, ±Infinity or a value beyond
   * its range — which seekdb keeps as such and prints as 0, so `embedding` shows 0 there (measured).
   */
  readonly vectorNonFinite?: true;
}

/** The distance a collection's vector index is built with (what query ranks by). */
export const DISTANCE_METRICS = ["l2", "cosine", "inner_product"] as const;
export type DistanceMetric = (typeof DISTANCE_METRICS)[number];

export interface CollectionConfig {
  readonly dimension: number;
  readonly embeddingFunction: EmbeddingFunctionName | null;
  /** Absent: l2. */
  readonly distance?: DistanceMetric;
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

// ---- query

/** collection.query's arguments exactly as a caller passes them (seekdb-js's names; a harness maps them to its client's). */
export interface QueryArgs {
  readonly queryEmbeddings?: unknown;
  readonly queryTexts?: unknown;
  readonly nResults?: unknown;
  readonly include?: unknown;
}

/** One record a query returns: always its id and distance; the other fields as `include` asks. */
export interface QueryHit {
  readonly id: string;
  /** null where seekdb's distance is NULL (a zero vector under cosine). */
  readonly distance: number | null;
  readonly document?: string | null;
  readonly metadata?: JsonValue | null;
  readonly embedding?: readonly number[] | null;
}

/** A candidate in the model's ranking; `unordered`: it has no place in the order (the server puts it anywhere, or leaves it out). */
export interface RankedHit extends QueryHit {
  readonly unordered?: true;
}

/**
 * What one query vector must return, as the model knows it: every candidate, nearest first, and
 * how many come back. Candidates at equal distance may come back in any order, and any of them
 * may fill the last places (UPSERT-QUERY-005).
 */
export interface QueryRanking {
  readonly nResults: number;
  readonly ranked: readonly RankedHit[];
}

export type QueryCallResult = {
  readonly outcome: { readonly ok: true; readonly rankings: readonly QueryRanking[] } | { readonly ok: false; readonly error: ClassifiedError };
  readonly embeddingCalls: readonly (readonly unknown[])[];
};

export type QueryFn = (state: CollectionState, args: QueryArgs, env?: WriteEnv) => QueryCallResult;
