// One interface for every target: the model, seekdb-js against the mock or a real seekdb, and
// out-of-process SDK harnesses. Inputs pass through unchanged (normalisation is what is tested);
// outputs are observations: records, counts, or a classified error with the raw message kept.
import type { EmbeddingFunctionName, ProviderFault } from "../../spec/embedding-functions.ts";
import type { VectorCase } from "../../spec/load.ts";
import type { ClassifiedError, DistanceMetric, JsonValue, QueryArgs, QueryHit, QueryRanking, WriteArgs } from "../../spec/model/types.ts";

export interface CollectionSpec {
  /** Run-unique; drivers against a server create exactly this name and nothing else. */
  readonly name: string;
  readonly dimension: number;
  readonly embeddingFunction: EmbeddingFunctionName | null;
  /** The vector index's distance; absent: l2. */
  readonly distance?: DistanceMetric;
}

/**
 * What query returned for one query vector: the hits in the order the client gave them. The
 * model adds its ranking — every candidate, which the comparison needs to judge ties and records
 * without a place (compare.ts).
 */
export interface QueryList {
  readonly hits: readonly QueryHit[];
  readonly ranking?: QueryRanking;
}

/** One list per query vector, in the order of the query vectors. */
export type QueryResult = readonly QueryList[];

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
  /** collection.query with the arguments as the caller passes them (seekdb-js's names). */
  query(collection: string, args: QueryArgs): Promise<Observation<QueryResult>>;
  /**
   * collection.refresh_index(): the vector index takes in every write before it (UPSERT-ATOM-005).
   * Every comparison of query results calls it first on every target.
   */
  refreshIndex(collection: string): Promise<Observation<unknown>>;
  dropCollection(collection: string): Promise<void>;
  /** Whether the client can express a vector's inputs (a harness's language may not hold undefined). */
  applicability?(c: VectorCase): { readonly applicable: true } | { readonly applicable: false; readonly reason: string };
  /** Queues faults for the next requests of the "http" embedding function (drivers that offer it). */
  queueProviderFaults?(faults: readonly ProviderFault[]): void;
  /** Forgets queued faults, so none leaks into the next sequence. */
  resetProvider?(): void;
  close(): Promise<void>;
}
