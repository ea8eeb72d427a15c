// The real `seekdb` npm package against the mock, unchanged: the seed's request example, the whole
// collection life cycle, and seekdb's errors arriving at the client with errno and SQLSTATE.
import { registerEmbeddingFunction, SeekdbClient } from "seekdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../mock-server/index.ts";
import { RefereeEmbeddingFunction, registerRefereeEmbeddingFunction } from "../drivers/seekdb-js/embedding-function.ts";

let server: MockServer;
let client: SeekdbClient;
const ef = (fn: "length" | "failing" = "length") => new RefereeEmbeddingFunction({ fn, dimension: 3 });

beforeAll(async () => {
  registerRefereeEmbeddingFunction(registerEmbeddingFunction as never);
  server = await startMockServer({ port: 0 });
  client = new SeekdbClient({ host: "127.0.0.1", port: server.port, user: "root", password: "", database: "test" });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

async function errorOf(p: Promise<unknown>): Promise<{ errno?: number; sqlState?: string; message: string; name: string }> {
  try {
    await p;
  } catch (e) {
    return e as { errno?: number; sqlState?: string; message: string; name: string };
  }
  throw new Error("expected the call to fail");
}

describe("the seed's request example", () => {
  it("getCollection, upsert of one item with a document and metadata, then get shows it", async () => {
    await client.createCollection({ name: "my_collection", embeddingFunction: ef() });

    // From here on, verbatim apart from the port.
    const collection = await client.getCollection({
      name: "my_collection",
    });
    await collection.upsert({
      ids: "item1",
      documents: "document text",
      metadatas: { category: "AI" },
    });

    const got = await collection.get({ ids: ["item1"] });
    expect(got.ids).toEqual(["item1"]);
    expect(got.documents).toEqual(["document text"]);
    expect(got.metadatas).toEqual([{ category: "AI" }]);
    expect(got.embeddings).toEqual([[13, 13.25, 13.5]]);
    await client.deleteCollection("my_collection");
  });
});

describe("collection life cycle", () => {
  it("create, get, getOrCreate, list, has, delete", async () => {
    const a = await client.createCollection({ name: "life_a", embeddingFunction: ef() });
    expect(a.name).toBe("life_a");
    await client.createCollection({ name: "life_b", configuration: { dimension: 3, distance: "l2" }, embeddingFunction: null });
    const again = await client.getCollection({ name: "life_b", embeddingFunction: null });
    expect(again.dimension).toBe(3);
    const existing = await client.getOrCreateCollection({ name: "life_a", embeddingFunction: ef() });
    expect(existing.collectionId).toBe(a.collectionId);
    const created = await client.getOrCreateCollection({ name: "life_c", embeddingFunction: ef() });
    expect(created.collectionId).toMatch(/^[0-9a-f]{32}$/);
    const names = (await client.listCollections({ withEmbeddingFunction: false })).map((c) => c.name).sort();
    expect(names).toEqual(["life_a", "life_b", "life_c"]);
    // Finding (spec/findings.md F-JS-LIST): by default listCollections() rebuilds each collection's
    // embedding function and silently drops those created with embeddingFunction: null.
    expect((await client.listCollections()).map((c) => c.name).sort()).toEqual(["life_a", "life_c"]);
    expect(await client.hasCollection("life_b")).toBe(true);
    expect(await client.countCollection()).toBe(2); // counts listCollections(): the same finding
    await expect(client.createCollection({ name: "life_a", embeddingFunction: ef() })).rejects.toThrow(/Duplicate entry 'life_a'/);
    for (const n of names) await client.deleteCollection(n);
    expect(await client.listCollections()).toEqual([]);
    expect(await client.hasCollection("life_b")).toBe(false);
    await expect(client.getCollection({ name: "life_a", embeddingFunction: ef() })).rejects.toThrow();
  });

  it("add, upsert (single and array, new and existing, partial), update, get, delete, count", async () => {
    const c = await client.createCollection({ name: "life_data", embeddingFunction: ef() });
    await c.add({ ids: ["a", "b"], embeddings: [[1, 1, 1], [2, 2, 2]], documents: ["doc a", "doc b"], metadatas: [{ n: 1 }, { n: 2 }] });
    await c.upsert({ ids: "c", embeddings: [3, 3, 3] });
    await c.upsert({ ids: ["a", "d"], documents: ["new a", "dd"] });
    await c.upsert({ ids: "b", metadatas: { n: 20, tag: "x" } });
    await c.update({ ids: ["c"], documents: ["now c"], metadatas: [{ n: 3 }] });
    expect(await c.count()).toBe(4);

    const all = await c.get();
    const byId = Object.fromEntries(all.ids.map((id, i) => [id, { document: all.documents![i], metadata: all.metadatas![i], embedding: all.embeddings![i] }]));
    expect(byId).toEqual({
      a: { document: "new a", metadata: { n: 1 }, embedding: [5, 5.25, 5.5] },
      b: { document: "doc b", metadata: { n: 20, tag: "x" }, embedding: [2, 2, 2] },
      c: { document: "now c", metadata: { n: 3 }, embedding: [5, 5.25, 5.5] },
      d: { document: "dd", metadata: null, embedding: [2, 2.25, 2.5] },
    });

    const some = await c.get({ ids: ["b", "zz", "d"], include: ["documents"] });
    expect(new Set(some.ids)).toEqual(new Set(["b", "d"]));
    expect(some.metadatas).toBeUndefined();
    expect(some.embeddings).toBeUndefined();

    const page1 = await c.get({ limit: 2, offset: 0, include: [] });
    const page2 = await c.get({ limit: 2, offset: 2, include: [] });
    expect([...page1.ids, ...page2.ids].sort()).toEqual(["a", "b", "c", "d"]);

    const filtered = await c.get({ where: { n: { $gte: 3 } }, include: ["metadatas"] });
    expect([...filtered.ids].sort()).toEqual(["b", "c"]);
    expect((await c.get({ where: { tag: "x" } })).ids).toEqual(["b"]);

    await c.delete({ ids: ["a", "c"] });
    expect(await c.count()).toBe(2);
    await client.deleteCollection("life_data");
  });
});

describe("seekdb's errors reach the client with errno and SQLSTATE", () => {
  it("duplicate key 1062 / 23000, wrong dimension 7600 / 22000, NULL id 1048 / 23000, long id 1406 / 22001", async () => {
    const c = await client.createCollection({ name: "errs", embeddingFunction: ef() });
    await c.add({ ids: "a", embeddings: [1, 2, 3] });
    expect(await errorOf(c.add({ ids: "a", embeddings: [1, 2, 3] }))).toMatchObject({ errno: 1062, sqlState: "23000", message: "Duplicate entry 'a' for key '_id'" });
    expect(await errorOf(c.update({ ids: "a", embeddings: [1, 2, 3, 4] }))).toMatchObject({ errno: 7600, sqlState: "22000", message: "inconsistent dimension: expected 3 got 4" });
    expect(await errorOf(c.upsert({ ids: [null as never], embeddings: [[1, 2, 3]] }))).toMatchObject({ errno: 1048, sqlState: "23000", message: "Column '_id' cannot be null" });
    expect(await errorOf(c.upsert({ ids: ["é".repeat(256) + "a"], embeddings: [[1, 2, 3]] }))).toMatchObject({ errno: 1406, sqlState: "22001", message: "Data too long for column '_id' at row 1" });
    await client.deleteCollection("errs");
    const e = await errorOf(c.upsert({ ids: "a", embeddings: [1, 2, 3] }));
    expect(e).toMatchObject({ errno: 1146, sqlState: "42S02" });
    expect(e.message).toMatch(/^Table 'test\.c\$v2\$[0-9a-f]{32}' doesn't exist$/);
  });

  it("an embedding function failure surfaces as the function's own error", async () => {
    const c = await client.createCollection({ name: "errs_ef", embeddingFunction: ef("failing") });
    const e = await errorOf(c.upsert({ ids: "a", documents: "x" }));
    expect(e.name).toBe("EmbeddingFunctionFailure");
    expect(await c.count()).toBe(0);
    await client.deleteCollection("errs_ef");
  });
});
