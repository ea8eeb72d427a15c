// seekdb-js (the `seekdb` npm package, installed or loaded from a directory) in this process,
// pointed at any seekdb-compatible server. Arguments go to the SDK unchanged; results and errors
// come back as observations.
import type { Collection, SeekdbClient } from "seekdb";
import type { ProviderFault } from "../../../spec/embedding-functions.ts";
import type { ClassifiedError, QueryArgs, QueryHit, WriteArgs } from "../../../spec/model/index.ts";
import { providerUrl, PROVIDER_TIMEOUT_MS, queueProviderFaults, resetProviderLane, useEmbeddingProvider } from "../../providers/embedding-provider.ts";
import type { CollectionSpec, Driver, Observation, ObservedRecord, QueryResult, SeedRecord, ServerAddress } from "../driver.ts";
import { EmbeddingFunctionFailure, RefereeEmbeddingFunction, registerOnce, registerRefereeEmbeddingFunction } from "./embedding-function.ts";
import { HTTP_REGISTERED_NAME, HttpEmbeddingFunction } from "./http-embedding-function.ts";
import type { LoadedSeekdbJs, SeekdbJsModule } from "./load.ts";

/** mysql2 errors carry errno/sqlState; seekdb-js throws them through unwrapped. */
interface MysqlError extends Error {
  errno?: number;
  sqlState?: string;
}

export function classifySeekdbJsError(sdk: SeekdbJsModule, e: unknown): ClassifiedError {
  if (e instanceof EmbeddingFunctionFailure) return { class: "embedding_function", message: e.message };
  const err = e as MysqlError;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(e);
  if (typeof err?.errno === "number" && typeof err.sqlState === "string") {
    const errno = err.errno;
    const cls = errno === 7600 ? "dimension" : errno === 1062 ? "duplicate" : errno === 1146 ? "not_found" : "server";
    return { class: cls, errno, message };
  }
  if (err instanceof sdk.SeekdbValueError) {
    return { class: /dimension mismatch/i.test(err.message) ? "dimension" : "validation", message };
  }
  if (err instanceof sdk.SeekdbError) return { class: /not found|does not exist/i.test(err.message) ? "not_found" : "validation", message };
  // A TypeError and the like: the SDK itself failed on the input.
  return { class: "crash", message };
}

type RecordingFunction = RefereeEmbeddingFunction | HttpEmbeddingFunction;

interface Held {
  readonly collection: Collection;
  readonly ef: RecordingFunction | null;
}

let lanes = 0;

export class SeekdbJsDriver implements Driver {
  readonly client: string;
  readonly embeddingFunctions = ["length", "failing", "short", "long", "wrong_dimension", "http"] as const;
  private readonly sdk: SeekdbClient;
  private readonly held = new Map<string, Held>();
  /** This driver's queue at the in-process embedding provider. */
  private readonly providerLane = `sdkjs${process.pid}x${++lanes}`;
  private releaseProvider: (() => void) | undefined;
  /** After close() every call fails: seekdb-js would quietly reconnect and go on writing. */
  private closed = false;

  constructor(
    readonly target: string,
    address: ServerAddress,
    private readonly loaded: LoadedSeekdbJs,
  ) {
    this.client = `seekdb-js@${loaded.version}`;
    registerRefereeEmbeddingFunction(loaded.module.registerEmbeddingFunction as never);
    registerOnce(loaded.module.registerEmbeddingFunction as never, HTTP_REGISTERED_NAME, HttpEmbeddingFunction);
    // host is always set: server mode; embedded mode would load @seekdb/js-bindings.
    this.sdk = new loaded.module.SeekdbClient({ host: address.host, port: address.port, user: address.user, password: address.password, database: address.database });
  }

  private hold(name: string): Held {
    if (this.closed) throw new Error("driver closed");
    const h = this.held.get(name);
    if (!h) throw new Error(`collection '${name}' was not created by this driver`);
    return h;
  }

  private embeddingFunction(spec: CollectionSpec): RecordingFunction | null {
    if (spec.embeddingFunction === null) return null;
    if (spec.embeddingFunction !== "http") return new RefereeEmbeddingFunction({ fn: spec.embeddingFunction, dimension: spec.dimension });
    this.releaseProvider ??= useEmbeddingProvider();
    return new HttpEmbeddingFunction({ url: providerUrl(this.providerLane), dimension: spec.dimension, timeoutMs: PROVIDER_TIMEOUT_MS });
  }

  async createCollection(spec: CollectionSpec): Promise<void> {
    if (this.closed) throw new Error("driver closed");
    const ef = this.embeddingFunction(spec);
    const collection = await this.sdk.createCollection({
      name: spec.name,
      configuration: { dimension: spec.dimension, distance: spec.distance ?? "l2" },
      embeddingFunction: ef,
    });
    this.held.set(spec.name, { collection, ef });
  }

  async openCollection(spec: CollectionSpec): Promise<void> {
    if (this.closed) throw new Error("driver closed");
    const ef = this.embeddingFunction(spec);
    const collection = await this.sdk.getCollection({ name: spec.name, embeddingFunction: ef });
    this.held.set(spec.name, { collection, ef });
  }

  async seed(collection: string, records: readonly SeedRecord[]): Promise<void> {
    await this.hold(collection).collection.add({
      ids: records.map((r) => r.id),
      embeddings: records.map((r) => [...r.embedding]),
      documents: records.map((r) => r.document) as string[],
      metadatas: records.map((r) => r.metadata) as never,
    });
  }

  queueProviderFaults(faults: readonly ProviderFault[]): void {
    queueProviderFaults(this.providerLane, faults);
  }

  resetProvider(): void {
    resetProviderLane(this.providerLane);
  }

  private async observe<T>(collection: string, call: (c: Collection) => Promise<T>): Promise<Observation<T>> {
    const h = this.hold(collection);
    if (h.ef) h.ef.calls = [];
    try {
      const value = await call(h.collection);
      return { ok: true, value, embeddingCalls: h.ef ? h.ef.calls : [] };
    } catch (e) {
      return { ok: false, error: classifySeekdbJsError(this.loaded.module, e), embeddingCalls: h.ef ? h.ef.calls : [] };
    }
  }

  upsert(collection: string, args: WriteArgs) {
    return this.observe(collection, (c) => c.upsert(args as never));
  }
  add(collection: string, args: WriteArgs) {
    return this.observe(collection, (c) => c.add(args as never));
  }
  update(collection: string, args: WriteArgs) {
    return this.observe(collection, (c) => c.update(args as never));
  }
  delete(collection: string, ids: readonly string[]) {
    return this.observe(collection, (c) => c.delete({ ids: [...ids] }));
  }

  get(collection: string, ids?: readonly string[]): Promise<Observation<ObservedRecord[]>> {
    return this.observe(collection, async (c) => {
      const r = await c.get({ ...(ids ? { ids: [...ids] } : {}), include: ["documents", "metadatas", "embeddings"] });
      return r.ids.map((id, i) => ({
        id,
        document: (r.documents?.[i] ?? null) as string | null,
        embedding: (r.embeddings?.[i] ?? null) as number[] | null,
        metadata: (r.metadatas?.[i] ?? null) as ObservedRecord["metadata"],
      }));
    });
  }

  count(collection: string): Promise<Observation<number>> {
    return this.observe(collection, (c) => c.count());
  }

  /** query() returns parallel lists per query vector; each becomes a list of hits, values unchanged. */
  query(collection: string, args: QueryArgs): Promise<Observation<QueryResult>> {
    return this.observe(collection, async (c) => {
      const r = await c.query(args as never);
      return r.ids.map((ids, i) => ({
        hits: ids.map((id, j) => ({
          id,
          distance: r.distances?.[i]?.[j] as number,
          ...(r.documents ? { document: (r.documents[i]?.[j] ?? null) as string | null } : {}),
          ...(r.metadatas ? { metadata: (r.metadatas[i]?.[j] ?? null) as QueryHit["metadata"] } : {}),
          ...(r.embeddings ? { embedding: (r.embeddings[i]?.[j] ?? null) as number[] | null } : {}),
        })),
      }));
    });
  }

  refreshIndex(collection: string): Promise<Observation<unknown>> {
    return this.observe(collection, (c) => c.refresh_index());
  }

  async dropCollection(collection: string): Promise<void> {
    if (this.closed) throw new Error("driver closed");
    // The Collection object stays held: later calls on it show what the SDK does with a deleted one.
    await this.sdk.deleteCollection(collection);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.releaseProvider?.();
    resetProviderLane(this.providerLane);
    await this.sdk.close();
  }
}
