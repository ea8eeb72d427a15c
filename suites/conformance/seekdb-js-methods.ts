// Every public seekdb-js client, admin and collection method, called once or more with
// representative arguments, against one server: what each call returned or threw, step by step.
// The same scenario runs on the mock and on real seekdb (methods.real.test.ts), and through the
// capture proxy it gives the statement shapes seekdb-js sends (suites/fidelity/capture-shapes.ts).
// harnesses/python/methods.py is its pyseekdb twin.
import { AdminClient, Collection, Database, SeekdbClient } from "seekdb";
import type { ServerAddress } from "../drivers/driver.ts";

export interface MethodStep {
  readonly step: string;
  readonly ok: boolean;
  readonly value?: unknown;
  /** The error's class and message (32-hex ids masked), and its errno when the server raised it. */
  readonly error?: string;
  readonly errno?: number | null;
  readonly message?: string;
}

export interface MethodRun {
  readonly client: string;
  readonly steps: readonly MethodStep[];
}

const HEX32 = /[0-9a-f]{32}/g;

/** A JSON form of a result: collections and databases by their public fields, Buffers as text. */
function plain(v: unknown): unknown {
  if (v instanceof Collection) return { collection: v.name, dimension: v.dimension, distance: v.distance, hasId: v.collectionId !== undefined };
  if (v instanceof Database) return { database: v.name, charset: v.charset, collation: v.collation };
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  if (v instanceof Date) return "<date>";
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]));
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v ?? null;
}

/**
 * Runs the scenario; `label` is called with each step's name before the step runs (the capture
 * proxy files statements under it). Collections and databases are named `${prefix}_...`.
 */
export async function runSeekdbJsMethods(address: ServerAddress, prefix: string, label: (step: string) => void = () => undefined): Promise<MethodRun> {
  const steps: MethodStep[] = [];
  const step = async <T>(name: string, call: () => Promise<T>): Promise<T | undefined> => {
    label(name);
    try {
      const value = await call();
      steps.push({ step: name, ok: true, value: plain(value) });
      return value;
    } catch (e) {
      const err = e as Error & { errno?: number; cause?: { errno?: number } };
      steps.push({ step: name, ok: false, error: err.constructor?.name ?? "Error", errno: err.errno ?? err.cause?.errno ?? null, message: String(err.message).replace(HEX32, "<id>") });
      return undefined;
    }
  };
  const connection = { host: address.host, port: address.port, user: address.user, password: address.password };
  const client = new SeekdbClient({ ...connection, database: address.database });
  const admin = AdminClient(connection);
  const name = `${prefix}_c`;
  const other = `${prefix}_o`;
  const forked = `${prefix}_f`;
  const db = `${prefix}_db`;
  try {
    // ---- client: collections ----
    await step("hasCollection(missing)", () => client.hasCollection(name));
    const c = await step("createCollection", () => client.createCollection({ name, configuration: { dimension: 3, distance: "l2" }, embeddingFunction: null }));
    await step("createCollection(existing)", () => client.createCollection({ name, configuration: { dimension: 3, distance: "l2" }, embeddingFunction: null }));
    await step("hasCollection", () => client.hasCollection(name));
    await step("getCollection", () => client.getCollection({ name, embeddingFunction: null }));
    await step("getCollection(missing)", () => client.getCollection({ name: `${prefix}_missing`, embeddingFunction: null }));
    await step("getOrCreateCollection(existing)", () => client.getOrCreateCollection({ name, configuration: { dimension: 3, distance: "l2" }, embeddingFunction: null }));
    await step("getOrCreateCollection(new, space parser)", () =>
      client.getOrCreateCollection({ name: other, configuration: { hnsw: { dimension: 2, distance: "cosine" }, fulltextConfig: { analyzer: "space" } }, embeddingFunction: null }),
    );
    await step("listCollections", async () => (await client.listCollections({ withEmbeddingFunction: false })).map((x) => x.name).filter((n) => n.startsWith(prefix)).sort());
    await step("countCollection", async () => (await client.countCollection()) >= 2);
    await step("execute", () => client.execute("SELECT 1 AS one"));
    if (!c) throw new Error("createCollection failed");

    // ---- collection: writes ----
    await step("add", () =>
      c.add({
        ids: ["a", "b", "c", "d"],
        embeddings: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]],
        documents: ["Hello World", "hello, world! hello again", "The quick brown fox", null as unknown as string],
        metadatas: [{ k: 1, tag: "x", flag: true, s: "alpha" }, { k: 2, tag: "y", flag: false, s: "beta" }, { k: 3, tag: "x", arr: [1, 2] } as never, null as never],
      }),
    );
    await step("add(one)", () => c.add({ ids: "e", embeddings: [0.5, 0.25, 0.125], documents: "python rocks", metadatas: { k: 5, tag: "z" } }));
    await step("add(duplicate)", () => c.add({ ids: "a", embeddings: [1, 2, 3] }));
    await step("add(wrong dimension)", () => c.add({ ids: "w", embeddings: [1, 2] }));
    await step("update", () => c.update({ ids: "b", embeddings: [0, 1, 0], documents: "hello again, world", metadatas: { k: 2, tag: "y", flag: false, s: "beta", v: 1 } }));
    await step("update(metadata only)", () => c.update({ ids: "e", metadatas: { k: 5, tag: "z", u: true } }));
    await step("update(embedding)", () => c.update({ ids: ["c"], embeddings: [[0, 0, 2]] }));
    await step("upsert(existing and new)", () =>
      c.upsert({ ids: ["a", "f"], embeddings: [[1, 0, 1], [2, 2, 2]], documents: ["Hello World", "fresh doc"], metadatas: [{ k: 1, tag: "x", flag: true, s: "alpha" }, { k: 6 }] }),
    );
    await step("count", () => c.count());

    // ---- collection: reads ----
    await step("get()", () => c.get());
    await step("get(ids)", () => c.get({ ids: ["c", "a", "zz"] }));
    await step("get(id)", () => c.get({ ids: "b" }));
    await step("get(include=embeddings)", () => c.get({ ids: ["a"], include: ["embeddings"] }));
    await step("get(include=documents,metadatas)", () => c.get({ include: ["documents", "metadatas"] }));
    await step("get(limit, offset)", () => c.get({ limit: 2, offset: 1 }));
    await step("get(limit)", () => c.get({ limit: 3 }));
    await step("peek", () => c.peek(3));
    const wheres: [string, object][] = [
      ["$eq", { tag: { $eq: "x" } }], ["implicit $eq", { tag: "x" }], ["$ne", { tag: { $ne: "x" } }],
      ["$gt", { k: { $gt: 1 } }], ["$gte", { k: { $gte: 2 } }], ["$lt", { k: { $lt: 3 } }], ["$lte", { k: { $lte: 2 } }],
      ["$in", { tag: { $in: ["x", "z"] } }], ["$nin", { tag: { $nin: ["x"] } }], ["$in numbers", { k: { $in: [1, 5] } }],
      ["$eq true", { flag: true }], ["$eq false", { flag: { $eq: false } }], ["$ne true", { flag: { $ne: true } }], ["$in booleans", { flag: { $in: [true] } }],
      ["$gt string", { s: { $gt: "alpha" } }], ["$eq number as string", { k: "1" }],
      ["$and", { $and: [{ tag: "x" }, { k: { $gte: 2 } }] }], ["$or", { $or: [{ tag: "y" }, { k: 5 }] }], ["$not", { $not: { tag: "x" } }],
      ["two keys", { tag: "x", k: 1 }],
    ];
    for (const [l, where] of wheres) await step(`get(where ${l})`, () => c.get({ where: where as never }));
    const whereDocuments: [string, object][] = [
      ["$contains", { $contains: "hello" }], ["$contains two words", { $contains: "hello fox" }], ["$contains punctuation", { $contains: "fox." }],
      ["$regex", { $regex: "^hello" }], ["$regex class", { $regex: "[[:digit:]]|fox$" }],
      ["$and", { $and: [{ $contains: "hello" }, { $regex: "again" }] }], ["$or", { $or: [{ $contains: "python" }, { $regex: "^The" }] }],
    ];
    for (const [l, wd] of whereDocuments) await step(`get(whereDocument ${l})`, () => c.get({ whereDocument: wd as never }));
    await step("get(where and whereDocument)", () => c.get({ where: { tag: "x" }, whereDocument: { $contains: "hello" } }));
    await step("get(ids and where, limit)", () => c.get({ ids: ["a", "b", "c"], where: { k: { $gte: 2 } }, limit: 5 }));

    // ---- search: the vector index is asynchronous (UPSERT-ATOM-005), so refresh it first ----
    await step("refresh_index", () => c.refresh_index());
    await step("query", () => c.query({ queryEmbeddings: [1, 0, 0], nResults: 2 }));
    await step("query(where, whereDocument, include)", () =>
      c.query({ queryEmbeddings: [[1, 0, 0]], nResults: 3, where: { tag: "x" }, whereDocument: { $contains: "hello" }, include: ["documents", "metadatas", "embeddings"] }),
    );
    await step("hybridSearch(query)", () => c.hybridSearch({ query: { whereDocument: { $contains: "hello" } }, nResults: 5 }));
    await step("hybridSearch(query, where)", () => c.hybridSearch({ query: { whereDocument: { $contains: "hello" }, where: { k: { $gte: 1 } } }, nResults: 5, include: ["documents", "metadatas"] }));
    await step("hybridSearch(where only)", () => c.hybridSearch({ query: { where: { tag: "x" } }, nResults: 5 }));
    await step("hybridSearch(knn)", () => c.hybridSearch({ knn: { queryEmbeddings: [1, 0, 0], nResults: 3 }, nResults: 3 }));
    await step("hybridSearch(query, knn, rank)", () => c.hybridSearch({ query: { whereDocument: { $contains: "hello" } }, knn: { queryEmbeddings: [1, 0, 0] }, rank: { rrf: {} }, nResults: 3 }));
    await step("describe", () => c.describe());

    // ---- deletes ----
    await step("delete(whereDocument)", () => c.delete({ whereDocument: { $contains: "python" } }));
    await step("delete(where)", () => c.delete({ where: { k: 6 } }));
    await step("delete(ids)", () => c.delete({ ids: ["d", "zz"] }));
    await step("get() after deletes", () => c.get());

    // ---- fork ----
    const f = await step("fork", () => c.fork({ name: forked }));
    await step("fork(existing name)", () => c.fork({ name: forked }));
    if (f) {
      await step("forked get()", () => f.get());
      await step("forked add, count both", async () => {
        await f.add({ ids: "g", embeddings: [3, 3, 3] });
        return [await f.count(), await c.count()];
      });
    }

    // ---- delete collections ----
    await step("deleteCollection", () => client.deleteCollection(name));
    await step("deleteCollection(missing)", () => client.deleteCollection(name));
    await step("get after deleteCollection", () => c.get());
    await step("deleteCollection(other)", () => client.deleteCollection(other));
    await step("deleteCollection(forked)", () => client.deleteCollection(forked));

    // ---- databases, on the admin client and on the client ----
    for (const [who, api] of [["admin", admin], ["client", client]] as const) {
      await step(`${who}.createDatabase`, () => api.createDatabase(db));
      await step(`${who}.createDatabase(existing)`, () => api.createDatabase(db));
      await step(`${who}.getDatabase`, () => api.getDatabase(db));
      await step(`${who}.getDatabase(missing)`, () => api.getDatabase(`${db}_missing`));
      await step(`${who}.listDatabases`, async () => (await api.listDatabases()).map((d) => d.name).filter((n) => n.startsWith(prefix) || ["test", "information_schema", "mysql", "oceanbase"].includes(n)));
      await step(`${who}.listDatabases(limit)`, async () => (await api.listDatabases(2)).map((d) => d.name));
      await step(`${who}.listDatabases(limit, offset)`, async () => (await api.listDatabases(2, 1)).map((d) => d.name));
      await step(`${who}.deleteDatabase`, () => api.deleteDatabase(db));
      await step(`${who}.deleteDatabase(missing)`, () => api.deleteDatabase(db));
    }
  } catch (e) {
    steps.push({ step: "(aborted)", ok: false, error: (e as Error).constructor?.name ?? "Error", message: String((e as Error).message) });
  } finally {
    await client.close().catch(() => undefined);
    await admin.close().catch(() => undefined);
  }
  return { client: "seekdb@1.4.0", steps };
}
