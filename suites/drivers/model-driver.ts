// The model as a target: holds one immutable state per collection and applies a profile to it.
import { EMBEDDING_FUNCTION_NAMES, type ProviderFault } from "../../spec/embedding-functions.ts";
import { countRecords, deleteRecords, droppedCollection, emptyCollection, getRecords, hitsOf, seed, type CollectionState, type QueryArgs, type WriteArgs, type WriteOp } from "../../spec/model/index.ts";
import type { Profile } from "../../spec/profiles.ts";
import type { CollectionSpec, Driver, Observation, ObservedRecord, QueryResult, SeedRecord } from "./driver.ts";

const notFound = (name: string) =>
  ({
    ok: false,
    error: { class: "not_found", clause: "UPSERT-ERR-012", message: `collection '${name}' does not exist` },
    embeddingCalls: [],
  }) as const;

export class ModelDriver implements Driver {
  readonly target = "model";
  readonly client: string;
  readonly embeddingFunctions = EMBEDDING_FUNCTION_NAMES;
  private readonly collections = new Map<string, CollectionState>();
  /** The "http" provider's queued faults, consumed as the provider would consume them. */
  private faults: ProviderFault[] = [];

  constructor(readonly model: Profile) {
    this.client = `model:${model.id}`;
  }

  /** The current state, for tests that look inside the model. */
  state(collection: string): CollectionState | undefined {
    return this.collections.get(collection);
  }

  /** Puts a state in place: the fuzzer keeps the spec model on the client model's state, step by step. */
  setState(collection: string, state: CollectionState): void {
    this.collections.set(collection, state);
  }

  async createCollection(spec: CollectionSpec): Promise<void> {
    const existing = this.collections.get(spec.name);
    if (existing && !existing.dropped) throw new Error(`collection '${spec.name}' already exists`);
    this.collections.set(spec.name, emptyCollection({ dimension: spec.dimension, embeddingFunction: spec.embeddingFunction, ...(spec.distance ? { distance: spec.distance } : {}) }));
  }

  async seed(collection: string, records: readonly SeedRecord[]): Promise<void> {
    const s = this.collections.get(collection);
    if (!s) throw new Error(`collection '${collection}' does not exist`);
    this.collections.set(collection, seed(s, records));
  }

  private write(collection: string, op: WriteOp, args: WriteArgs): Observation<unknown> {
    const s = this.collections.get(collection);
    // A deleted collection's writes go to the executor: clients differ in what they do first.
    if (!s) return notFound(collection);
    const r = this.model.write(s, op, args, { faults: this.faults });
    this.collections.set(collection, r.state);
    return r.outcome.ok
      ? { ok: true, value: undefined, embeddingCalls: r.embeddingCalls }
      : { ok: false, error: r.outcome.error, embeddingCalls: r.embeddingCalls };
  }

  async upsert(collection: string, args: WriteArgs) {
    return this.write(collection, "upsert", args);
  }
  async add(collection: string, args: WriteArgs) {
    return this.write(collection, "add", args);
  }
  async update(collection: string, args: WriteArgs) {
    return this.write(collection, "update", args);
  }

  async delete(collection: string, ids: readonly string[]): Promise<Observation<unknown>> {
    // The client encodes the ids before anything reaches the server.
    const keys = this.model.keys(ids);
    if (!keys.ok) return { ok: false, error: keys.error, embeddingCalls: [] };
    const s = this.collections.get(collection);
    if (!s || s.dropped) return notFound(collection);
    this.collections.set(collection, deleteRecords(s, keys.keys));
    return { ok: true, value: undefined, embeddingCalls: [] };
  }

  async get(collection: string, ids?: readonly string[]): Promise<Observation<ObservedRecord[]>> {
    const keys = ids ? this.model.keys(ids) : undefined;
    if (keys && !keys.ok) return { ok: false, error: keys.error, embeddingCalls: [] };
    const s = this.collections.get(collection);
    if (!s || s.dropped) return notFound(collection);
    const read = this.model.read(getRecords(s, keys?.keys));
    return read.ok ? { ok: true, value: [...read.records], embeddingCalls: [] } : { ok: false, error: read.error, embeddingCalls: [] };
  }

  async count(collection: string): Promise<Observation<number>> {
    const s = this.collections.get(collection);
    if (!s || s.dropped) return notFound(collection);
    return { ok: true, value: countRecords(s), embeddingCalls: [] };
  }

  /** Each list holds the hits the client returns and the ranking they are judged against. */
  async query(collection: string, args: QueryArgs): Promise<Observation<QueryResult>> {
    const s = this.collections.get(collection);
    if (!s) return notFound(collection);
    const r = this.model.query(s, args, { faults: this.faults });
    if (!r.outcome.ok) return { ok: false, error: r.outcome.error, embeddingCalls: r.embeddingCalls };
    return { ok: true, value: r.outcome.rankings.map((ranking) => ({ hits: hitsOf(ranking), ranking })), embeddingCalls: r.embeddingCalls };
  }

  /** The model has no index to wait for: every query sees every write. */
  async refreshIndex(): Promise<Observation<unknown>> {
    return { ok: true, value: undefined, embeddingCalls: [] };
  }

  queueProviderFaults(faults: readonly ProviderFault[]): void {
    this.faults.push(...faults);
  }

  resetProvider(): void {
    this.faults = [];
  }

  /** The provider's queued faults, to put back when a step the model cannot judge is skipped. */
  queuedFaults(): readonly ProviderFault[] {
    return [...this.faults];
  }

  restoreFaults(faults: readonly ProviderFault[]): void {
    this.faults = [...faults];
  }

  /** Removes every trace of a collection (a deleted one included). */
  forget(collection: string): void {
    this.collections.delete(collection);
  }

  async dropCollection(collection: string): Promise<void> {
    const s = this.collections.get(collection);
    if (s) this.collections.set(collection, droppedCollection(s));
  }

  async close(): Promise<void> {
    this.collections.clear();
  }
}
