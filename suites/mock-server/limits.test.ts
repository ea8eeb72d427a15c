// The mock's limits and life cycle, each as seekdb 1.4 behaves (measured; spec/findings.md, "the
// wire"): max_allowed_packet and 1153, wait_timeout, max_connections and 1040, and how the mock
// stops (drain), how it logs a client's leaving, and that no socket outlives its client.
import { connect } from "node:net";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEEKDB_MAX_ALLOWED_PACKET, startMockServer, type MockServer } from "../../mock-server/index.ts";
import { errorOf, framed, isOk, RawClient } from "./raw-client.ts";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

const connectTo = (s: MockServer, extra: Partial<mysql.ConnectionOptions> = {}) => mysql.createConnection({ host: s.host, port: s.port, user: "root", password: "", database: "test", ...extra });

async function loggedIn(s: MockServer): Promise<RawClient> {
  const raw = await RawClient.open(s.port);
  expect(isOk(await raw.read())).toBe(true);
  return raw;
}

/** `SELECT 1 AS one /*aaa…*\/` as a COM_QUERY payload of exactly `size` bytes. */
function paddedQuery(size: number): Buffer {
  const p = Buffer.alloc(size, 0x61);
  Buffer.from("\x03SELECT 1 AS one /*", "latin1").copy(p);
  Buffer.from("*/", "latin1").copy(p, size - 2);
  return p;
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("max_allowed_packet (seekdb: 16777216)", () => {
  it("answers a query of exactly 16777216 bytes; one byte more is 1153 / 08S01 after the last frame, and the connection stays usable", async () => {
    const raw = await loggedIn(server);
    raw.socket.write(framed(paddedQuery(SEEKDB_MAX_ALLOWED_PACKET)));
    const head = await raw.read(10_000);
    expect([head.seq, head.payload[0]]).toEqual([2, 1]); // after frames 0 and 1: a result set of one column
    for (let i = 0; i < 4; i++) await raw.read(); // column, EOF, row, EOF
    for (const [size, replySeq] of [
      [SEEKDB_MAX_ALLOWED_PACKET + 1, 2],
      [2 * 0xffffff + 100, 3],
    ] as const) {
      raw.socket.write(framed(paddedQuery(size)));
      const reply = await raw.read(10_000);
      expect(reply.seq).toBe(replySeq);
      expect(errorOf(reply)).toEqual({ errno: 1153, sqlState: "08S01", message: "Got a packet bigger than 'max_allowed_packet' bytes" });
      expect(isOk(await raw.command(0x0e))).toBe(true);
    }
    raw.close();
  });

  it("through mysql2 (what seekdb-js uses): a 17 MB statement is 1153 and the same connection goes on", async () => {
    const c = await connectTo(server);
    const e = (await c.query(`SELECT 1 AS one /*${"x".repeat(17_000_000)}*/`).catch((x: unknown) => x)) as { errno?: number; sqlState?: string };
    expect({ errno: e.errno, sqlState: e.sqlState }).toEqual({ errno: 1153, sqlState: "08S01" });
    expect((await c.query("SELECT 2 AS two"))[0]).toEqual([{ two: 2 }]);
    await c.end();
  });

  it("waits, without answering, for the rest of a packet whose header claims 16 MiB; the rest completes it", async () => {
    const raw = await loggedIn(server);
    const whole = framed(paddedQuery(0xffffff));
    raw.socket.write(whole.subarray(0, 100));
    await expect(raw.read(300)).rejects.toThrow("timed out");
    raw.socket.write(whole.subarray(100));
    const head = await raw.read(10_000);
    expect([head.seq, head.payload[0]]).toEqual([2, 1]); // frames 0 and 1 (the empty one after 16 MiB - 1)
    raw.close();
  });
});

describe("wait_timeout (seekdb: 28800 s; closes an idle connection without a packet)", () => {
  it("closes a connection idle for waitTimeoutSeconds, and one that SET SESSION wait_timeout shortened; a half-sent packet is no activity", async () => {
    const short = await startMockServer({ port: 0, waitTimeoutSeconds: 1 });
    try {
      const idle = async () => (await loggedIn(short)).closedByServer(4000);
      const halfPacket = async () => {
        const raw = await loggedIn(short);
        raw.socket.write(Buffer.from([50, 0, 0, 0, 0x03, 0x53]));
        return raw.closedByServer(4000);
      };
      const setBySession = async () => {
        const raw = await loggedIn(server);
        expect(isOk(await raw.command(0x03, "SET SESSION wait_timeout = 1"))).toBe(true);
        return raw.closedByServer(4000);
      };
      const busy = async () => {
        const raw = await loggedIn(short);
        for (let i = 0; i < 8; i++) {
          await new Promise((r) => setTimeout(r, 250));
          expect(isOk(await raw.command(0x0e))).toBe(true);
        }
        raw.close();
        return "still open after 2 s of pings every 250 ms";
      };
      const [a, b, c, d] = await Promise.all([idle(), halfPacket(), setBySession(), busy()]);
      for (const ms of [a, b, c]) expect(ms).toBeGreaterThan(700);
      expect(d).toContain("still open");
      await until(() => short.openConnections === 0);
    } finally {
      await short.close();
    }
  });
});

describe("max_connections (seekdb: N + 1 connections, then 1040 / 08004 after the handshake response, then close)", () => {
  it("admits maxConnections + 1 clients, refuses the next with 1040, and admits again once one leaves", async () => {
    const small = await startMockServer({ port: 0, maxConnections: 2 });
    try {
      const admitted = await Promise.all([1, 2, 3].map(() => connectTo(small)));
      const refused = (await connectTo(small).catch((x: unknown) => x)) as { errno?: number; sqlState?: string; message?: string };
      expect({ errno: refused.errno, sqlState: refused.sqlState, message: refused.message }).toEqual({ errno: 1040, sqlState: "08004", message: "Too many connections" });
      const raw = await RawClient.open(small.port);
      expect(errorOf(await raw.read())).toMatchObject({ errno: 1040 });
      expect(raw.greeting.seq).toBe(0);
      await raw.closedByServer();
      await admitted[0]!.end();
      await until(() => small.openConnections === 2);
      const again = await connectTo(small);
      expect((await again.query("SELECT 1 AS one"))[0]).toEqual([{ one: 1 }]);
      await Promise.all([again.end(), admitted[1]!.end(), admitted[2]!.end()]);
      await until(() => small.openConnections === 0);
    } finally {
      await small.close();
    }
  });
});

describe("stopping (SIGTERM in `npm run serve` calls drain())", () => {
  it("answers the statement in flight in full, closes idle clients, refuses new ones, and resolves once all are closed", async () => {
    const s = await startMockServer({ port: 0 });
    const setup = await connectTo(s);
    await setup.query("CREATE TABLE big (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING)");
    const doc = "d".repeat(10_000);
    for (let b = 0; b < 20; b++) await setup.query(`INSERT INTO big VALUES ${Array.from({ length: 100 }, (_, i) => `(CAST('${b * 100 + i}' AS BINARY), '${doc}')`).join(", ")}`);
    // A client still in its handshake: closed at once.
    const unauthenticated = connect(s.port, "127.0.0.1");
    unauthenticated.on("error", () => undefined);
    unauthenticated.resume(); // read (and drop) the greeting, or its close is never seen
    const unauthenticatedClosed = new Promise((r) => unauthenticated.once("close", r));
    // A client that asks for a 20 MB result and does not read yet: the answer is in flight.
    const raw = await RawClient.open(s.port, { database: "test" });
    expect(isOk(await raw.read())).toBe(true);
    const rawClosed = new Promise((r) => raw.socket.once("close", r));
    raw.socket.removeAllListeners("data");
    const received: Buffer[] = [];
    raw.socket.on("data", (d: Buffer) => received.push(d));
    raw.socket.pause();
    raw.send(0, Buffer.from("\x03SELECT _id, document FROM big"));
    await new Promise((r) => setTimeout(r, 200));
    const drained = s.drain(10_000);
    await new Promise((r) => setTimeout(r, 100));
    const late = await connectTo(s).then(
      () => "connected",
      (e: { code?: string }) => e.code,
    );
    expect(late).toBe("ECONNREFUSED");
    raw.socket.resume();
    await Promise.all([drained, unauthenticatedClosed, rawClosed]);
    // The whole result: column count, 2 columns, EOF, 2000 rows, EOF.
    const bytes = Buffer.concat(received);
    let at = 0;
    let packets = 0;
    let last = Buffer.alloc(0);
    while (at + 4 <= bytes.length) {
      const len = bytes.readUIntLE(at, 3);
      last = bytes.subarray(at + 4, at + 4 + len);
      at += 4 + len;
      packets++;
    }
    expect(at).toBe(bytes.length);
    expect(packets).toBe(1 + 2 + 1 + 2000 + 1);
    expect(last[0]).toBe(0xfe);
    expect(s.openConnections).toBe(0);
    setup.destroy();
  });
});

describe("connection events in the log (--log-sql)", () => {
  it("a client's quit or close is a disconnect, not an error; an abrupt reset says so plainly", async () => {
    const lines: string[] = [];
    const s = await startMockServer({ port: 0, log: (l) => lines.push(l) });
    try {
      const quits = await connectTo(s);
      await quits.end();
      const closes = await loggedIn(s);
      closes.socket.end();
      const resets = await loggedIn(s);
      resets.socket.resetAndDestroy();
      await until(() => s.openConnections === 0);
      await until(() => lines.filter((l) => /disconnected|reset|closed:/.test(l)).length === 3);
      expect(lines.filter((l) => /disconnected|reset|closed:/.test(l)).map((l) => l.replace(/^#\d+ /, "")).sort()).toEqual([
        "connection reset by the client",
        "disconnected (COM_QUIT)",
        "disconnected (the client closed the connection)",
      ]);
      expect(lines.join("\n")).not.toMatch(/error/i);
    } finally {
      await s.close();
    }
  });
});
