// One interface for every target: the model, seekdb-js against the mock or a real seekdb, and
// out-of-process SDK harnesses. Inputs pass through unchanged (normalisation is what is tested);
// outputs are observations: records, counts, or a classified error with the raw message kept.
import type { EmbeddingFunctionName, ProviderFault } from "../../spec/embedding-functions.ts";
import type { VectorCase } from "../../spec/load.ts";
import type { ClassifiedError, JsonValue, WriteArgs } from "../../spec/model/types.ts";

export interface CollectionSpec {
  /** Run-unique; drivers against a server create exactly this name and nothing else. */
  readonly name: string;
  readonly dimension: number;
  readonly embeddingFunction: EmbeddingFunctionName | null;
}

export interface ObservedRecord {
  readonly id: string;
  readonly document: string | null;
  readonly embedding: readonly number[] | null;
  readonly metadata: JsonValue | null;
}

export interface SeedRecord {
  readonly id: string;
  readonly document: string | null;
  readonly embedding: readonly number[];
  readonly metadata: JsonValue | null;
}

export type Observation<T> =
  | { readonly ok: true; readonly value: T; readonly embeddingCalls: readonly (readonly unknown[])[] }
  | { readonly ok: false; readonly error: ClassifiedError; readonly embeddingCalls: readonly (readonly unknown[])[] };

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface Driver {
  /** Where the calls go: "model", "mock", "real", ... */
  readonly target: string;
  /** Who makes them: "model:spec", "seekdb-js@1.4.0", ... (the lane decides which profile judges it). */
  readonly client: string;
  /** Embedding-function names it can create collections with. */
  readonly embeddingFunctions: readonly EmbeddingFunctionName[];
  createCollection(spec: CollectionSpec): Promise<void>;
  /** Opens a collection another client created (its get-collection): servers only. */
  openCollection?(spec: CollectionSpec): Promise<void>;
  /** Puts records in place with explicit embeddings (through the client's add where it has one). */
  seed(collection: string, records: readonly SeedRecord[]): Promise<void>;
  /** `value` is what the call returned (upsert/add/update should return undefined). */
  upsert(collection: string, args: WriteArgs): Promise<Observation<unknown>>;
  add(collection: string, args: WriteArgs): Promise<Observation<unknown>>;
  update(collection: string, args: WriteArgs): Promise<Observation<unknown>>;
  delete(collection: string, ids: readonly string[]): Promise<Observation<unknown>>;
  /** All records, or those with the given ids; any order. */
  get(collection: string, ids?: readonly string[]): Promise<Observation<ObservedRecord[]>>;
  count(collection: string): Promise<Observation<number>>;
  dropCollection(collection: string): Promise<void>;
  /** Whether the client can express a vector's inputs (a harness's language may not hold undefined). */
  applicability?(c: VectorCase): { readonly applicable: true } | { readonly applicable: false; readonly reason: string };
  /** Queues faults for the next requests of the "http" embedding function (drivers that offer it). */
  queueProviderFaults?(faults: readonly ProviderFault[]): void;
  /** Forgets queued faults, so none leaks into the next sequence. */
  resetProvider?(): void;
  close(): Promise<void>;
}
