// The model as a target: holds one immutable state per collection and applies a profile to it.
import {
  countRecords,
  deleteRecords,
  emptyCollection,
  getRecords,
  profileById,
  seed,
  type CollectionState,
  type Profile,
  type WriteArgs,
  type WriteOp,
} from "../../spec/model/index.ts";
import type { CollectionSpec, Driver, Observation, ObservedRecord, SeedRecord } from "./driver.ts";

const notFound = (name: string) =>
  ({
    ok: false,
    error: { class: "not_found", clause: "UPSERT-ERR-012", message: `collection '${name}' does not exist` },
    embeddingCalls: [],
  }) as const;

export class ModelDriver implements Driver {
  readonly target = "model";
  readonly client: string;
  readonly profile: string;
  private readonly model: Profile;
  private readonly collections = new Map<string, CollectionState>();

  /** A profile id from spec/model/profiles.ts, or a profile object defined elsewhere. */
  constructor(profile: string | Profile) {
    this.model = typeof profile === "string" ? profileById(profile) : profile;
    this.profile = this.model.id;
    this.client = `model:${this.model.id}`;
  }

  /** The current state, for tests that look inside the model. */
  state(collection: string): CollectionState | undefined {
    return this.collections.get(collection);
  }

  async createCollection(spec: CollectionSpec): Promise<void> {
    if (this.collections.has(spec.name)) throw new Error(`collection '${spec.name}' already exists`);
    this.collections.set(spec.name, emptyCollection({ dimension: spec.dimension, embeddingFunction: spec.embeddingFunction }));
  }

  async seed(collection: string, records: readonly SeedRecord[]): Promise<void> {
    const s = this.collections.get(collection);
    if (!s) throw new Error(`collection '${collection}' does not exist`);
    this.collections.set(collection, seed(s, records));
  }

  private write(collection: string, op: WriteOp, args: WriteArgs): Observation<unknown> {
    const s = this.collections.get(collection);
    if (!s) return notFound(collection);
    const r = this.model.write(s, op, args);
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
    const s = this.collections.get(collection);
    if (!s) return notFound(collection);
    this.collections.set(collection, deleteRecords(s, ids));
    return { ok: true, value: undefined, embeddingCalls: [] };
  }

  async get(collection: string, ids?: readonly string[]): Promise<Observation<ObservedRecord[]>> {
    const s = this.collections.get(collection);
    if (!s) return notFound(collection);
    const read = this.model.read(getRecords(s, ids));
    return read.ok ? { ok: true, value: [...read.records], embeddingCalls: [] } : { ok: false, error: read.error, embeddingCalls: [] };
  }

  async count(collection: string): Promise<Observation<number>> {
    const s = this.collections.get(collection);
    if (!s) return notFound(collection);
    return { ok: true, value: countRecords(s), embeddingCalls: [] };
  }

  async dropCollection(collection: string): Promise<void> {
    this.collections.delete(collection);
  }

  async close(): Promise<void> {
    this.collections.clear();
  }
}
