// A stored value must not keep its statement's text alive: V8 keeps a substring of 13 characters or
// more as a pointer into the whole string, so a document cut out of a 1 MB INSERT held the whole
// MB (found with `npm run bench`: 451 MiB per 100k rows of VECTOR(384), 2.4 KB of them statement
// text per row). The mock runs in its own process with --expose-gc; memory is read after a full GC.
import mysql from "mysql2/promise";
import { expect, it } from "vitest";
import { useMockProcess } from "./use-mock-process.ts";

const mock = useMockProcess();

it("40 one-row INSERTs of 1 MiB each (a comment) and UPDATEs of as many leave well under 1 MiB each behind", async () => {
  const c = await mysql.createConnection({ host: "127.0.0.1", port: mock().port, user: "root", password: "", database: "test" });
  await c.query("CREATE TABLE kept_text (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING)");
  const padding = ` /*${"x".repeat(2 ** 20)}*/`;
  await c.query(`INSERT INTO kept_text VALUES (CAST('warm' AS BINARY), 'a document of some length')${padding}`);
  const before = await mock().stats();
  for (let i = 0; i < 40; i++) await c.query(`INSERT INTO kept_text VALUES (CAST('id-${i}' AS BINARY), 'a document of some length ${i}')${padding}`);
  for (let i = 0; i < 40; i++) await c.query(`UPDATE kept_text SET document = 'another document, longer ${i}' WHERE _id = CAST('id-${i}' AS BINARY)${padding}`);
  const after = await mock().stats();
  const [rows] = await c.query("SELECT document FROM kept_text WHERE _id = CAST('id-7' AS BINARY)");
  expect(rows).toEqual([{ document: "another document, longer 7" }]);
  await c.end();
  const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  console.log(`heap + buffers grew ${(grown / 2 ** 20).toFixed(2)} MiB for 80 statements of 1 MiB`);
  expect(grown).toBeLessThan(8 * 2 ** 20);
});
