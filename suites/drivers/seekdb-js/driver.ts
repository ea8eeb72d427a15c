// seekdb-js (the `seekdb` npm package) in this process, pointed at any seekdb-compatible server.
// Arguments go to the SDK unchanged; results and errors come back as observations.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SeekdbClient, SeekdbError, SeekdbValueError, type Collection } from "seekdb";
import type { ClassifiedError, WriteArgs } from "../../../spec/model/index.ts";
import type { CollectionSpec, Driver, Observation, ObservedRecord, SeedRecord } from "../driver.ts";
import { EmbeddingFunctionFailure, RefereeEmbeddingFunction, registerRefereeEmbeddingFunction } from "./embedding-function.ts";

/** The installed seekdb's version, read from its package.json (not exported by the package). */
function installedVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("seekdb"));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "seekdb" && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the installed seekdb package.json");
    dir = up;
  }
}
export const SEEKDB_JS_VERSION = installedVersion();

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** mysql2 errors carry errno/sqlState; seekdb-js throws them through unwrapped. */
interface MysqlError extends Error {
  errno?: number;
  sqlState?: string;
  code?: string;
}

export function classifySeekdbJsError(e: unknown): ClassifiedError {
  if (e instanceof EmbeddingFunctionFailure) return { class: "embedding_function", message: e.message };
  const err = e as MysqlError;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(e);
  if (typeof err?.errno === "number" && typeof err.sqlState === "string") {
    const errno = err.errno;
    const cls = errno === 7600 ? "dimension" : errno === 1062 ? "duplicate" : errno === 1146 ? "not_found" : "server";
    return { class: cls, errno, message };
  }
  if (err instanceof SeekdbValueError) {
    return { class: /dimension mismatch/i.test(err.message) ? "dimension" : "validation", message };
  }
  if (err instanceof SeekdbError) return { class: /not found|does not exist/i.test(err.message) ? "not_found" : "validation", message };
  // A TypeError and the like: the SDK itself failed on the input.
  return { class: "crash", message };
}

interface Held {
  readonly collection: Collection;
  readonly ef: RefereeEmbeddingFunction | null;
}

export class SeekdbJsDriver implements Driver {
  readonly client = `seekdb-js@${SEEKDB_JS_VERSION}`;
  readonly profile = `seekdb-js@${SEEKDB_JS_VERSION}`;
  private readonly sdk: SeekdbClient;
  private readonly held = new Map<string, Held>();
  /** After close() every call fails: seekdb-js would quietly reconnect and go on writing. */
  private closed = false;

  constructor(
    readonly target: string,
    address: ServerAddress,
  ) {
    registerRefereeEmbeddingFunction();
    // host is always set: server mode; embedded mode would load @seekdb/js-bindings.
    this.sdk = new SeekdbClient({ host: address.host, port: address.port, user: address.user, password: address.password, database: address.database });
  }

  private hold(name: string): Held {
    if (this.closed) throw new Error("driver closed");
    const h = this.held.get(name);
    if (!h) throw new Error(`collection '${name}' was not created by this driver`);
    return h;
  }

  async createCollection(spec: CollectionSpec): Promise<void> {
    if (this.closed) throw new Error("driver closed");
    const ef = spec.embeddingFunction === null ? null : new RefereeEmbeddingFunction({ fn: spec.embeddingFunction, dimension: spec.dimension });
    const collection = await this.sdk.createCollection({
      name: spec.name,
      configuration: { dimension: spec.dimension, distance: "l2" },
      embeddingFunction: ef,
    });
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

  private async observe<T>(collection: string, call: (c: Collection) => Promise<T>): Promise<Observation<T>> {
    const h = this.hold(collection);
    if (h.ef) h.ef.calls = [];
    try {
      const value = await call(h.collection);
      return { ok: true, value, embeddingCalls: h.ef ? h.ef.calls : [] };
    } catch (e) {
      return { ok: false, error: classifySeekdbJsError(e), embeddingCalls: h.ef ? h.ef.calls : [] };
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

  async dropCollection(collection: string): Promise<void> {
    if (this.closed) throw new Error("driver closed");
    await this.sdk.deleteCollection(collection);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sdk.close();
  }
}
