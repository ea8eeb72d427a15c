// The mock's memory per 100k stored rows of a seekdb-js collection table with VECTOR(384): the mock
// in a process of its own (--expose-gc), rows inserted as seekdb-js's add would send them, memory
// read after a full GC before and after.
import mysql from "mysql2/promise";
import { startMockProcess } from "../mock-server/mock-process.ts";

const TABLE = "`c$v2$00000000000000000000000000000384`";

export async function memoryPer100kRows(rows = 100_000, dimension = 384, batch = 250): Promise<{ heapAndBuffers: number; rss: number; seconds: number }> {
  const mock = await startMockProcess();
  try {
    const c = await mysql.createConnection({ host: "127.0.0.1", port: mock.port, user: "root", password: "", database: "test" });
    await c.query(`CREATE TABLE ${TABLE} (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(${dimension}), metadata JSON, VECTOR INDEX idx_vec (embedding) WITH(distance=l2, type=hnsw, lib=vsag)) ORGANIZATION = HEAP`);
    const before = await mock.stats();
    const start = performance.now();
    for (let from = 0; from < rows; from += batch) {
      const values: string[] = [];
      for (let i = from; i < Math.min(rows, from + batch); i++) {
        const v = Array.from({ length: dimension }, (_, k) => (((i * 31 + k * 17) % 1000) / 1000).toString());
        values.push(`(CAST('id-${i}' AS BINARY), 'document ${i}', '{"i": ${i}, "tag": "t${i % 10}"}', '[${v.join(",")}]')`);
      }
      await c.query(`INSERT INTO ${TABLE} (_id, document, metadata, embedding) VALUES ${values.join(", ")}`);
    }
    const seconds = (performance.now() - start) / 1000;
    const [[{ cnt }]] = (await c.query(`SELECT COUNT(*) AS cnt FROM ${TABLE}`)) as unknown as [[{ cnt: number }]];
    if (Number(cnt) !== rows) throw new Error(`stored ${cnt} rows, not ${rows}`);
    await c.end();
    const after = await mock.stats();
    const per100k = 100_000 / rows;
    return { heapAndBuffers: (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) * per100k, rss: (after.rss - before.rss) * per100k, seconds };
  } finally {
    await mock.stop();
  }
}
