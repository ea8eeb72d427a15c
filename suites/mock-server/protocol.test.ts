// The mock's protocol layer: handshake as seekdb 1.4, authentication, commands, the mysql2 server
// traps, hostile input. Through mysql2 (what seekdb-js uses) and a raw socket.
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../mock-server/index.ts";
import { errorOf, isOk, RawClient } from "./raw-client.ts";

let open: MockServer;
let locked: MockServer;

beforeAll(async () => {
  open = await startMockServer({ port: 0 });
  locked = await startMockServer({ port: 0, password: "s3cret pass" });
});
afterAll(async () => {
  await open?.close();
  await locked?.close();
});

const connectTo = (server: MockServer, extra: Partial<mysql.ConnectionOptions> = {}) =>
  mysql.createConnection({ host: server.host, port: server.port, user: "root", password: "", database: "test", ...extra });

async function expectError(p: Promise<unknown>, errno: number, sqlState: string, message?: RegExp) {
  const e = (await p.then(
    () => undefined,
    (x: unknown) => x,
  )) as { errno?: number; sqlState?: string; message?: string } | undefined;
  expect(e, "expected an error").toBeDefined();
  expect({ errno: e!.errno, sqlState: e!.sqlState }).toEqual({ errno, sqlState });
  if (message) expect(e!.message).toMatch(message);
}

describe("handshake", () => {
  it("presents itself as seekdb 1.4: version 5.7.25, utf8mb4_bin, autocommit, no SSL/compression/DEPRECATE_EOF", async () => {
    const raw = await RawClient.open(open.port);
    const g = raw.greeting.payload;
    expect(g[0]).toBe(10);
    const versionEnd = g.indexOf(0, 1);
    expect(g.subarray(1, versionEnd).toString()).toBe("5.7.25");
    const at = versionEnd + 1 + 4 + 8 + 1;
    const capsLow = g.readUInt16LE(at);
    const charset = g[at + 2];
    const status = g.readUInt16LE(at + 3);
    const capsHigh = g.readUInt16LE(at + 5);
    const caps = (capsHigh << 16) | capsLow;
    expect(charset).toBe(46);
    expect(status).toBe(2);
    expect(caps >>> 0).toBe(0x009cf7df);
    expect(caps & 0x800).toBe(0); // SSL
    expect(caps & 0x20).toBe(0); // compression
    expect(caps & 0x01000000).toBe(0); // DEPRECATE_EOF
    expect(g.subarray(g.length - 22).toString("latin1")).toBe("mysql_native_password\0");
    expect(isOk(await raw.read())).toBe(true);
    raw.close();
  });

  it("answers SELECT VERSION() AS version like seekdb", async () => {
    const c = await connectTo(open);
    const [rows] = await c.query("SELECT VERSION() AS version");
    expect(rows).toEqual([{ version: "5.7.25-OceanBase seekdb-v1.4.0.0" }]);
    await c.end();
  });
});

describe("authentication", () => {
  it("accepts the configured password, as root and as root@sys", async () => {
    for (const user of ["root", "root@sys"]) {
      const c = await connectTo(locked, { user, password: "s3cret pass" });
      const [rows] = await c.query("SELECT DATABASE()");
      expect(rows).toEqual([{ "DATABASE()": "test" }]);
      await c.end();
    }
  });

  // Measured on seekdb 1.4 (root without a password): a password given anyway, an unknown user or
  // any tenant but sys is 1045 / 42000 `Access denied for user '<user as sent>'@'xxx.xxx.xxx.xxx'
  // (using password: YES|NO)`.
  it("refuses a wrong, missing or unexpected password, an unknown user and a tenant other than sys with 1045 / 42000, as seekdb words it", async () => {
    await expectError(connectTo(locked, { password: "wrong" }), 1045, "42000", /^Access denied for user 'root'@'xxx\.xxx\.xxx\.xxx' \(using password: YES\)$/);
    await expectError(connectTo(locked, { password: "" }), 1045, "42000", /using password: NO\)$/);
    await expectError(connectTo(open, { password: "wrong" }), 1045, "42000", /^Access denied for user 'root'@'xxx\.xxx\.xxx\.xxx' \(using password: YES\)$/);
    await expectError(connectTo(open, { user: "bob" }), 1045, "42000", /^Access denied for user 'bob'@'xxx\.xxx\.xxx\.xxx' \(using password: NO\)$/);
    for (const user of ["root@test", "root@SYS", "root@sys#cluster", "root@"]) await expectError(connectTo(open, { user }), 1045, "42000", new RegExp(`^Access denied for user '${user}'@`));
  });

  it("refuses an unknown database named in the handshake with 1049 / 42000", async () => {
    await expectError(connectTo(open, { database: "nope" }), 1049, "42000", /Unknown database 'nope'/);
  });
});

describe("commands", () => {
  it("COM_PING and COM_INIT_DB work; COM_INIT_DB to an unknown database is 1049", async () => {
    const raw = await RawClient.open(open.port);
    expect(isOk(await raw.read())).toBe(true);
    expect(isOk(await raw.command(0x0e))).toBe(true); // COM_PING
    expect(isOk(await raw.command(0x02, "test"))).toBe(true); // COM_INIT_DB
    expect(errorOf(await raw.command(0x02, "missing"))).toMatchObject({ errno: 1049, sqlState: "42000" });
    raw.close();
  });

  it("USE switches the database, DATABASE() follows, CREATE/DROP DATABASE work", async () => {
    const c = await connectTo(open);
    await c.query("CREATE DATABASE IF NOT EXISTS other_db");
    await c.query("USE other_db");
    expect((await c.query("SELECT DATABASE() AS db"))[0]).toEqual([{ db: "other_db" }]);
    await c.query("CREATE TABLE t (k INT PRIMARY KEY)");
    expect((await c.query("SHOW TABLES"))[0]).toEqual([{ Tables_in_other_db: "t" }]);
    await c.query("DROP DATABASE other_db");
    expect((await c.query("SELECT DATABASE() AS db"))[0]).toEqual([{ db: null }]);
    await expectError(c.query("SELECT * FROM t"), 1046, "3D000");
    await c.end();
  });

  it("answers SET, PREPARE and EXECUTE (which mysql2 routes to other events) instead of hanging", async () => {
    const c = await connectTo(open);
    await c.query("SET ob_query_timeout = 1000000");
    await c.query("SET NAMES utf8mb4");
    await c.query("SET @x = 5");
    expect((await c.query("SELECT @x AS x"))[0]).toEqual([{ x: 5 }]);
    await expectError(c.query("PREPARE s FROM 'SELECT 1'"), 9500, "HY000", /cannot answer this statement/);
    await expectError(c.query("EXECUTE s"), 9500, "HY000", /cannot answer this statement/);
    await c.end();
  });

  it("refuses the binary prepared-statement protocol with 1295 and stays usable", async () => {
    const c = await connectTo(open);
    await expectError(c.execute("SELECT ?", [1]), 1295, "HY000");
    expect((await c.query("SELECT 1 AS one"))[0]).toEqual([{ one: 1 }]);
    await c.end();
  });

  // Each answer measured on seekdb 1.4.0.0 with a raw socket (spec/findings.md, "the wire").
  it.each([
    ["an unknown command byte", [0x63], "closes"],
    ["a command byte past the known ones", [0x20], "closes"],
    ["COM_CHANGE_USER", [0x11, 0, 0, 0, 0], "closes"],
    ["COM_STMT_FETCH", [0x1c, 0, 0, 0, 0], "closes"],
    ["a COM_STMT_CLOSE without its id", [0x19], "closes"],
    ["COM_SLEEP", [0x00], 1235],
    ["COM_FIELD_LIST", [0x04, 0], 1235],
    ["COM_PROCESS_INFO", [0x0a], 1235],
    ["COM_STMT_EXECUTE of an unknown statement", [0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0], 4201],
    ["COM_PROCESS_KILL of an unknown id", [0x0c, 0xff, 0xff, 0xff, 0x7f], 1094],
    ["COM_SET_OPTION", [0x1b, 1, 0], "ok"],
    ["COM_RESET_CONNECTION", [0x1f], "ok"],
    ["COM_STATISTICS", [0x09], "Active threads not support"],
  ] as const)("answers %s as seekdb does", async (_label, bytes, expected) => {
    const raw = await RawClient.open(open.port);
    await raw.read();
    raw.send(0, Buffer.from(bytes));
    if (expected === "closes") {
      await expect(raw.read()).rejects.toThrow("connection closed");
      return;
    }
    const reply = await raw.read();
    expect(reply.seq).toBe(1);
    if (expected === "ok") expect(isOk(reply)).toBe(true);
    else if (typeof expected === "string") expect(reply.payload.toString("latin1")).toBe(expected);
    else expect(errorOf(reply)?.errno).toBe(expected);
    expect(isOk(await raw.command(0x0e))).toBe(true); // and the connection stays usable
    raw.close();
  });

  it("closes, without a word, on a command with a sequence id other than 0 and on an empty packet (as seekdb does)", async () => {
    for (const [seq, body] of [[1, "\x03SELECT 1"], [5, "\x03SELECT 1"], [0, ""]] as const) {
      const raw = await RawClient.open(open.port);
      await raw.read();
      raw.send(seq, Buffer.from(body, "latin1"));
      await expect(raw.read()).rejects.toThrow("connection closed");
    }
  });

  it("answers SQL it does not implement with its own limit error (9500, never a syntax error or a silent OK), and text that is no SQL with seekdb's 1064", async () => {
    const c = await connectTo(open);
    await expectError(c.query("GRANT ALL ON *.* TO bob"), 9500, "HY000", /cannot answer this statement: GRANT ALL ON/);
    await expectError(c.query("SELEC 1"), 1064, "42000", /near 'SELEC 1'/);
    await expectError(c.query("SELECT COUNT(*) FROM t GROUP BY x"), 9500, "HY000");
    await c.end();
  });
});

describe("robustness", () => {
  it("survives garbage packets and clients that drop mid-packet; other clients are unaffected", async () => {
    const bystander = await connectTo(open);
    const raw = await RawClient.open(open.port);
    await raw.read();
    raw.socket.write(Buffer.from([0xff, 0xff, 0xff, 0x00, 1, 2, 3])); // announces 16 MiB, sends 3 bytes
    raw.close();
    const raw2 = await RawClient.open(open.port);
    raw2.socket.write(Buffer.from("GET / HTTP/1.1\r\n\r\n"));
    raw2.close();
    const raw3 = await RawClient.open(open.port);
    await raw3.read();
    raw3.send(0, Buffer.alloc(0)); // an empty command packet
    raw3.close();
    await new Promise((r) => setTimeout(r, 50));
    expect((await bystander.query("SELECT 1 AS one"))[0]).toEqual([{ one: 1 }]);
    const fresh = await connectTo(open);
    expect((await fresh.query("SELECT 2 AS two"))[0]).toEqual([{ two: 2 }]);
    await Promise.all([bystander.end(), fresh.end()]);
  });

  it("binds 127.0.0.1 by default and close() ends open connections", async () => {
    const s = await startMockServer({ port: 0 });
    expect(s.host).toBe("127.0.0.1");
    const c = await connectTo(s);
    await s.close();
    await expect(c.query("SELECT 1")).rejects.toThrow();
    c.destroy();
  });
});

describe("storage semantics", () => {
  it("makes a committed change visible on every other connection at once", async () => {
    const a = await connectTo(open);
    const b = await connectTo(open);
    await a.query("CREATE TABLE vis (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING)");
    await a.query("INSERT INTO vis (_id, document) VALUES (CAST('k' AS BINARY), 'v1')");
    expect((await b.query("SELECT document FROM vis"))[0]).toEqual([{ document: "v1" }]);
    await b.query("UPDATE vis SET document = 'v2' WHERE _id = CAST('k' AS BINARY)");
    expect((await a.query("SELECT document FROM vis"))[0]).toEqual([{ document: "v2" }]);
    await a.query("DROP TABLE vis");
    await Promise.all([a.end(), b.end()]);
  });

  it("writes nothing of a multi-row INSERT that fails on any row", async () => {
    const c = await connectTo(open);
    await c.query("CREATE TABLE atom (_id VARBINARY(512) PRIMARY KEY NOT NULL, embedding VECTOR(2))");
    await c.query("INSERT INTO atom VALUES (CAST('a' AS BINARY), '[1,2]')");
    await expectError(c.query("INSERT INTO atom VALUES (CAST('b' AS BINARY), '[1,2]'), (CAST('a' AS BINARY), '[3,4]')"), 1062, "23000", /Duplicate entry 'a' for key '_id'/);
    await expectError(c.query("INSERT INTO atom VALUES (CAST('c' AS BINARY), '[1,2]'), (CAST('d' AS BINARY), '[1,2,3]')"), 7600, "22000");
    await expectError(c.query("INSERT INTO atom VALUES (CAST('e' AS BINARY), '[1,2]'), (CAST('e' AS BINARY), '[1,2]')"), 1062, "23000");
    expect((await c.query("SELECT COUNT(*) AS cnt FROM atom"))[0]).toEqual([{ cnt: 1 }]);
    await c.query("DROP TABLE atom");
    await c.end();
  });

  it("ROLLBACK undoes a transaction's writes, COMMIT keeps them, autocommit=0 opens one, a dropped connection loses it", async () => {
    const c = await connectTo(open);
    const count = async () => ((await c.query("SELECT COUNT(*) AS n FROM tx"))[0] as { n: number }[])[0]!.n;
    await c.query("CREATE TABLE tx (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING)");
    await c.query("INSERT INTO tx VALUES (CAST('keep' AS BINARY), 'v0')");
    await c.query("BEGIN");
    await c.query("INSERT INTO tx VALUES (CAST('new' AS BINARY), 'x')");
    await c.query("UPDATE tx SET document = 'v1' WHERE _id = CAST('keep' AS BINARY)");
    await c.query("DELETE FROM tx WHERE _id = CAST('keep' AS BINARY)");
    await c.query("ROLLBACK");
    expect((await c.query("SELECT _id, document FROM tx"))[0]).toEqual([{ _id: Buffer.from("keep"), document: "v0" }]);
    await c.query("START TRANSACTION");
    await c.query("INSERT INTO tx VALUES (CAST('b' AS BINARY), 'x')");
    await c.query("COMMIT");
    await c.query("ROLLBACK");
    expect(await count()).toBe(2);
    await c.query("SET autocommit = 0");
    await c.query("INSERT INTO tx VALUES (CAST('c' AS BINARY), 'x')");
    await c.query("ROLLBACK");
    expect(await count()).toBe(2);
    await c.query("INSERT INTO tx VALUES (CAST('d' AS BINARY), 'x')");
    c.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const d = await connectTo(open);
    expect(((await d.query("SELECT COUNT(*) AS n FROM tx"))[0] as { n: number }[])[0]!.n).toBe(2);
    await d.query("DROP TABLE tx");
    await d.end();
  });

  it("reports matched rows for UPDATE to clients that ask for CLIENT_FOUND_ROWS (mysql2 does), changed rows otherwise", async () => {
    const found = await connectTo(open);
    const changed = await connectTo(open, { flags: ["-FOUND_ROWS"] });
    await found.query("CREATE TABLE fr (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING)");
    await found.query("INSERT INTO fr VALUES (CAST('a' AS BINARY), 'same')");
    const sql = "UPDATE fr SET document = 'same' WHERE _id = CAST('a' AS BINARY)";
    expect((await found.query(sql))[0]).toMatchObject({ affectedRows: 1, info: "Rows matched: 1  Changed: 0  Warnings: 0" });
    expect((await changed.query(sql))[0]).toMatchObject({ affectedRows: 0 });
    await found.query("DROP TABLE fr");
    await Promise.all([found.end(), changed.end()]);
  });
});
