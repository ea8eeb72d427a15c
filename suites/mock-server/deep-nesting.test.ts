// Nesting deeper than the mock's recursion can go is seekdb's 4019 "Size overflow", not a crash or
// an internal error, and the statement applies nothing. Measured on seekdb 1.4: 5,000 NOTs or
// minus signs, or 1,000 nested ABS() calls → 4019 / HY000 (in SELECT, INSERT and UPDATE, before
// any row is touched); 6,000 nested parentheses are still answered. The thresholds differ (seekdb:
// ~1,150 NOTs, ~2,360 minus signs, ~9,990 parentheses; the mock: ~2,800, ~2,800, ~1,170):
// spec/findings.md names that difference.
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../mock-server/index.ts";

let server: MockServer;
let c: mysql.Connection;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
  c = await mysql.createConnection({ host: server.host, port: server.port, user: "root", password: "", database: "test" });
  await c.query("CREATE TABLE deep_t (id INT PRIMARY KEY, v INT)");
  await c.query("INSERT INTO deep_t VALUES (1, 10)");
});
afterAll(async () => {
  await c?.end();
  await server?.close();
});

const errorOf = (e: unknown) => ({ errno: (e as { errno?: number }).errno, sqlState: (e as { sqlState?: string }).sqlState, message: (e as Error).message });
const SIZE_OVERFLOW = { errno: 4019, sqlState: "HY000", message: "Size overflow" };
const rows = async () => (await c.query("SELECT id, v FROM deep_t ORDER BY id"))[0];

describe("deep nesting → 4019 Size overflow", () => {
  it.each([
    ["5,000 NOTs", `SELECT ${"NOT ".repeat(5000)}1 AS x`],
    ["5,000 minus signs", `SELECT ${"- ".repeat(5000)}1 AS x`],
    ["20,000 parentheses", `SELECT ${"(".repeat(20_000)}1${")".repeat(20_000)} AS x`],
  ])("%s in a SELECT", async (_, sql) => {
    expect(errorOf(await c.query(sql).catch((e: unknown) => e))).toEqual(SIZE_OVERFLOW);
    expect((await c.query("SELECT 1 AS one"))[0]).toEqual([{ one: 1 }]);
  });

  it("an INSERT whose second row is too deep applies neither row; an UPDATE that is too deep changes nothing", async () => {
    const insert = `INSERT INTO deep_t VALUES (2, 2), (3, ${"NOT ".repeat(5000)}1)`;
    expect(errorOf(await c.query(insert).catch((e: unknown) => e))).toEqual(SIZE_OVERFLOW);
    const update = `UPDATE deep_t SET v = ${"- ".repeat(5000)}1 WHERE id = 1`;
    expect(errorOf(await c.query(update).catch((e: unknown) => e))).toEqual(SIZE_OVERFLOW);
    expect(await rows()).toEqual([{ id: 1, v: 10 }]);
  });

  it("nesting that seekdb answers is answered: 1,000 parentheses, 1,000 NOTs, 1,000 minus signs", async () => {
    const [[a]] = (await c.query(`SELECT ${"(".repeat(1000)}7${")".repeat(1000)} AS x`)) as unknown as [[{ x: number }]];
    expect(a.x).toBe(7);
    const [[b]] = (await c.query(`SELECT ${"NOT ".repeat(1000)}1 AS x`)) as unknown as [[{ x: number }]];
    expect(b.x).toBe(1);
    const [[d]] = (await c.query(`SELECT ${"- ".repeat(1000)}3 AS x`)) as unknown as [[{ x: number }]];
    expect(d.x).toBe(3);
    expect(server.openConnections).toBe(1);
  });
});
