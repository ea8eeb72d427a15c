// Protocol fuzzing on raw sockets (fast-check, fixed seed unless FC_SEED says otherwise), against
// the mock in a process of its own as `npm run serve` runs it. 10,000 cases per run, 8 at a time:
// random bytes, mutated handshakes and commands, truncated packets, length headers that lie (up to
// 16 MiB and more, once with a whole 16 MiB frame), wrong sequence ids, unknown commands, clients
// that send a byte at a time, that wait for nothing, that disconnect mid-packet or mid-result.
//
// Each case that ends with a probe (a complete `SELECT 'probe-n'`) must see it answered or the
// connection closed within PROBE_TIMEOUT_MS — never silence on an open connection — and every byte
// the server sends must frame as whole packets; no error may carry JavaScript's words. After each
// batch: the process is alive, a fresh seekdb-js client works, no socket is left open, no internal
// error was logged; after all of them, memory is back near where it started.
import { connect, type Socket } from "node:net";
import fc from "fast-check";
import mysql from "mysql2/promise";
import { registerEmbeddingFunction, SeekdbClient } from "seekdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefereeEmbeddingFunction, registerRefereeEmbeddingFunction } from "../drivers/seekdb-js/embedding-function.ts";
import { FC_SEED } from "../properties/settings.ts";
import type { HostStats } from "./mock-host.ts";
import { startMockProcess, type MockProcess } from "./mock-process.ts";
import { framed } from "./raw-client.ts";

const CASES_AT_ONCE = 8;
const BATCHES = 5;
const RUNS_PER_BATCH = 250; // 5 × 250 × 8 = 10,000 cases
const PROBE_TIMEOUT_MS = 3000;
/** JavaScript's words, which a seekdb error message never holds. */
const JS_WORDS = /TypeError|RangeError|ReferenceError|SyntaxError: |undefined|is not a function|Cannot read prop|Maximum call stack|\bat .*\.ts:\d+/;

// ---- what a case is made of ----

interface Frame {
  readonly seq: number;
  readonly payload: Uint8Array;
}
type Login = { readonly kind: "valid" } | { readonly kind: "none" } | { readonly kind: "mutated"; readonly at: number; readonly byte: number; readonly cut: boolean; readonly seq: number };
type Tail =
  | { readonly kind: "probe" }
  | { readonly kind: "truncated"; readonly claimed: number; readonly sent: number }
  | { readonly kind: "whole-16-MiB-frame" }
  | { readonly kind: "mid-result"; readonly readBytes: number }
  | { readonly kind: "nothing" };
type Delivery = { readonly kind: "whole" } | { readonly kind: "byte-at-a-time" } | { readonly kind: "splits"; readonly cuts: readonly number[] };
interface WireCase {
  readonly waitForGreeting: boolean;
  readonly login: Login;
  readonly frames: readonly Frame[];
  readonly tail: Tail;
  readonly delivery: Delivery;
  readonly ending: "fin" | "reset" | "quit";
}

const COM_QUERY = 0x03;
const query = (sql: string | Uint8Array) => Buffer.concat([Buffer.from([COM_QUERY]), typeof sql === "string" ? Buffer.from(sql, "utf8") : Buffer.from(sql)]);
/** Statements that leave the server's data as it is (the memory check needs that). */
const SAFE_SQL = ["SELECT 1", "SELECT VERSION() AS version", "SHOW TABLES", "SELECT * FROM fuzz_big LIMIT 2", "SELECT COUNT(*) AS cnt FROM fuzz_big", "SELECT @@wait_timeout", "USE test", "USE nope", "SELEC 1", "SELECT * FROM missing_table", "BEGIN", "ROLLBACK", "SET NAMES utf8mb4"];

const payloadArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 0x2f }), fc.uint8Array({ maxLength: 12 })).map(([code, tail]) => Uint8Array.from([code, ...tail])) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0x30, max: 0xff }), fc.uint8Array({ maxLength: 4 })).map(([code, tail]) => Uint8Array.from([code, ...tail])) },
  { weight: 3, arbitrary: fc.constantFrom(...SAFE_SQL).map((s) => Uint8Array.from(query(s))) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((s) => Uint8Array.from(query(s))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.from(query(b))) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...SAFE_SQL), fc.nat(), fc.nat({ max: 255 }), fc.boolean()).map(([s, at, byte, cut]) => {
      const b = query(s);
      const i = at % b.length;
      return Uint8Array.from(cut ? b.subarray(0, i) : Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i + 1)]));
    }),
  },
);
const frameArb: fc.Arbitrary<Frame> = fc.record({ seq: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 255 }) }), payload: payloadArb });
const loginArb: fc.Arbitrary<Login> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "valid" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("mutated" as const), at: fc.nat(), byte: fc.nat({ max: 255 }), cut: fc.boolean(), seq: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.nat({ max: 255 }) }) }) },
);
const tailArb: fc.Arbitrary<Tail> = fc.oneof(
  { weight: 240, arbitrary: fc.constant({ kind: "probe" as const }) },
  {
    weight: 80,
    arbitrary: fc.record({
      kind: fc.constant("truncated" as const),
      claimed: fc.oneof(fc.constantFrom(0xffffff, 0xfffffe, 0x1000000 - 2, 1, 4), fc.integer({ min: 1, max: 0xffffff })),
      sent: fc.nat({ max: 64 }),
    }),
  },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant("mid-result" as const), readBytes: fc.nat({ max: 400_000 }) }) },
  { weight: 20, arbitrary: fc.constant({ kind: "nothing" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "whole-16-MiB-frame" as const }) },
);
const deliveryArb: fc.Arbitrary<Delivery> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "whole" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "byte-at-a-time" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("splits" as const), cuts: fc.array(fc.nat(), { maxLength: 6 }) }) },
);
const caseArb: fc.Arbitrary<WireCase> = fc.record({
  waitForGreeting: fc.boolean(),
  login: loginArb,
  frames: fc.array(frameArb, { maxLength: 5 }),
  tail: tailArb,
  delivery: deliveryArb,
  ending: fc.constantFrom("fin" as const, "reset" as const, "quit" as const),
});

// ---- running a case ----

/** A HandshakeResponse41 as mysql2 sends it: root, no password, database test. */
function handshakeResponse(): Buffer {
  const head = Buffer.alloc(32);
  head.writeUInt32LE(0x200 | 0x8000 | 0x80000 | 0x8 | 0x2, 0);
  head.writeUInt32LE(16 * 1024 * 1024, 4);
  head[8] = 45;
  return Buffer.concat([head, Buffer.from("root\0", "utf8"), Buffer.from([0]), Buffer.from("test\0"), Buffer.from("mysql_native_password\0", "latin1")]);
}

function loginBytes(login: Login): Buffer {
  if (login.kind === "none") return Buffer.alloc(0);
  const hello = handshakeResponse();
  if (login.kind === "valid") return framed(hello, 1);
  const at = login.at % hello.length;
  const mutated = login.cut ? hello.subarray(0, at) : Buffer.concat([hello.subarray(0, at), Buffer.from([login.byte]), hello.subarray(at + 1)]);
  return framed(mutated, login.seq);
}

/** The server's bytes as packets (and their sequence ids); `rest` is an unfinished one at the end. */
function packetsOf(bytes: Buffer): { packets: Buffer[]; seqs: number[]; rest: number } {
  const packets: Buffer[] = [];
  const seqs: number[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const len = bytes.readUIntLE(at, 3);
    if (at + 4 + len > bytes.length) break;
    packets.push(bytes.subarray(at + 4, at + 4 + len));
    seqs.push(bytes[at + 3]!);
    at += 4 + len;
  }
  return { packets, seqs, rest: bytes.length - at };
}

/**
 * What a logged-in seekdb 1.4 owes a complete frame (measured with a raw socket; the mock's
 * command table in protocol/session.ts says the same): one response, none (by protocol), or the
 * end of the connection; "response-or-close" where it depends on what the test cannot know (a
 * COM_PROCESS_KILL naming this very connection).
 */
function owed(f: Frame): "response" | "none" | "close" | "response-or-close" {
  const p = f.payload;
  if (f.seq !== 0 || p.length === 0) return "close";
  const sized = (ok: boolean) => (ok ? "response" : "close");
  switch (p[0]) {
    case 0x01: return "close";
    case 0x07: return sized(p.length === 2);
    case 0x0c: return p.length >= 5 ? "response-or-close" : "close";
    case 0x17: return sized(p.length >= 10);
    case 0x18: return p.length >= 7 ? "none" : "close";
    case 0x19: return p.length >= 5 ? "none" : "close";
    case 0x1a: return sized(p.length >= 5);
    case 0x1b: return sized(p.length === 3);
    case 0x00: case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0d: case 0x0e:
    case 0x0f: case 0x10: case 0x12: case 0x13: case 0x14: case 0x15: case 0x16: case 0x1d: case 0x1e: case 0x1f:
      return "response";
    default: return "close";
  }
}

/**
 * Splits the packets after the login OK into responses, one per frame that owes one (a result set
 * is many packets; COM_STATISTICS's is one bare packet); each must start at sequence id 1.
 */
function responsesOf(packets: Buffer[], seqs: number[], frames: readonly Frame[]): { count: number; problem?: string } {
  let i = 2; // greeting, login OK
  let count = 0;
  for (const f of frames) {
    const o = owed(f);
    if (o === "none") continue;
    if (i >= packets.length) break;
    if (o === "close") return { count, problem: `a packet after a frame that closes the connection (${Buffer.from(f.payload).subarray(0, 8).toString("hex")} seq ${f.seq})` };
    if (seqs[i] !== 1) return { count, problem: `response ${count + 1} starts at sequence id ${seqs[i]}` };
    const first = packets[i]!;
    if (f.payload[0] === 0x09 || first[0] === 0x00 || first[0] === 0xff || (first[0] === 0xfe && first.length < 9)) i++;
    else {
      i += 1 + first[0]!; // column count (< 251 here), then the columns
      if (packets[i]?.[0] !== 0xfe) return { count, problem: `response ${count + 1}: no EOF after the column definitions` };
      i++;
      while (i < packets.length && !(packets[i]![0] === 0xfe && packets[i]!.length < 9)) i++;
      i++;
    }
    count++;
  }
  return { count };
}

let probeCounter = 0;

async function runCase(port: number, c: WireCase): Promise<void> {
  const probe = `probe-${++probeCounter}`;
  const socket: Socket = connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  const received: Buffer[] = [];
  let receivedBytes = 0;
  let serverClosed = false;
  let wake: () => void = () => undefined;
  socket.on("data", (d: Buffer) => {
    received.push(d);
    receivedBytes += d.length;
    wake();
  });
  socket.on("end", () => {
    serverClosed = true;
    wake();
  });
  socket.on("error", () => {
    serverClosed = true;
    wake();
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const waitFor = async (done: () => boolean, ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return true;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    if (c.waitForGreeting) await waitFor(() => receivedBytes > 0 || serverClosed, PROBE_TIMEOUT_MS);

    const parts = [loginBytes(c.login), ...c.frames.map((f) => framed(Buffer.from(f.payload), f.seq))];
    if (c.tail.kind === "probe") parts.push(framed(query(`SELECT '${probe}' AS p`)));
    if (c.tail.kind === "mid-result") parts.push(framed(query("SELECT * FROM fuzz_big")));
    if (c.tail.kind === "truncated") {
      const header = Buffer.alloc(4);
      header.writeUIntLE(c.tail.claimed, 0, 3);
      parts.push(Buffer.concat([header, Buffer.alloc(Math.min(c.tail.sent, Math.max(0, c.tail.claimed - 1)), 0x41)]));
    }
    await deliver(socket, Buffer.concat(parts), c.delivery);
    if (c.tail.kind === "whole-16-MiB-frame") {
      await deliver(socket, framed(Buffer.alloc(0xffffff, 0x61)).subarray(0, 4 + 0xffffff), { kind: "whole" });
      socket.write(Buffer.from([10, 0, 0, 1, 0x61])); // the next frame, cut short
    }

    const server = () => packetsOf(Buffer.concat(received));
    if (c.tail.kind === "probe") {
      const token = Buffer.from(probe);
      const answered = () => {
        const { packets } = server();
        const row = packets.findIndex((p) => p.includes(token) && p[0] !== 0xff);
        return row >= 0 && packets.slice(row + 1).some((p) => p[0] === 0xfe && p.length < 9);
      };
      const ok = await waitFor(() => answered() || serverClosed, PROBE_TIMEOUT_MS);
      if (!ok) throw new Error(`hang: the probe was neither answered nor the connection closed within ${PROBE_TIMEOUT_MS} ms (${receivedBytes} bytes received)`);
      // After a good login, every frame gets what seekdb gives it: one response each, in order,
      // the probe answered unless a frame closed the connection, and nothing after such a frame.
      if (c.login.kind === "valid") {
        const { packets, seqs } = server();
        if (packets[1]?.[0] !== 0x00) throw new Error(`a valid login was not accepted: ${packets[1]?.subarray(0, 40).toString("hex")}`);
        const closing = c.frames.findIndex((f) => owed(f) === "close");
        const mayClose = c.frames.findIndex((f) => owed(f) === "response-or-close");
        const upTo = closing >= 0 ? c.frames.slice(0, closing + 1) : c.frames;
        const { count, problem } = responsesOf(packets, seqs, [...upTo, ...(closing >= 0 ? [] : [{ seq: 0, payload: query("probe") }])]);
        if (problem) throw new Error(problem);
        const owedCount = upTo.filter((f) => owed(f) === "response" || owed(f) === "response-or-close").length + (closing >= 0 ? 0 : 1);
        if (closing >= 0 && !serverClosed) throw new Error(`frame ${closing + 1} (${Buffer.from(c.frames[closing]!.payload).subarray(0, 8).toString("hex")} seq ${c.frames[closing]!.seq}) did not close the connection`);
        if (closing < 0 && mayClose < 0 && !answered()) throw new Error(`the connection closed before the probe, after ${count} of ${owedCount} responses`);
        if (mayClose < 0 && count !== owedCount && !(closing >= 0 && count === owedCount)) throw new Error(`${count} responses for ${owedCount} commands that each owe one`);
      }
    }
    const tail = c.tail;
    if (tail.kind === "mid-result") {
      // Until the client has read its share, or the answer ended early (an error, say "No database selected").
      const ended = () => server().packets.some((p) => p[0] === 0xff) || server().packets.filter((p) => p[0] === 0xfe && p.length < 9).length >= 2;
      const ok = await waitFor(() => receivedBytes >= tail.readBytes || serverClosed || ended(), PROBE_TIMEOUT_MS);
      if (!ok) throw new Error(`hang: the result stopped after ${receivedBytes} bytes, neither ended nor closed within ${PROBE_TIMEOUT_MS} ms`);
    }

    const { packets, rest } = server();
    if (serverClosed && rest !== 0 && c.tail.kind !== "mid-result") throw new Error(`the server closed in the middle of a packet (${rest} bytes of it)`);
    if (packets.length > 0 && packets[0]![0] !== 10) throw new Error(`the first packet is not a greeting: ${packets[0]!.subarray(0, 16).toString("hex")}`);
    for (const p of packets) {
      if (p[0] !== 0xff || p.length < 9) continue;
      const errno = p.readUInt16LE(1);
      const message = p.subarray(9).toString("utf8");
      if (errno === 4016 || JS_WORDS.test(message)) throw new Error(`error ${errno} with the mock's own words: ${message}`);
    }
  } finally {
    if (!socket.destroyed) {
      // (Node's resetAndDestroy on a socket both sides have ended fails with EINVAL and never closes it.)
      if (c.ending === "reset" && socket.writable) socket.resetAndDestroy();
      else if (!socket.writable) socket.destroy();
      else {
        if (c.ending === "quit" && !serverClosed) socket.write(framed(Buffer.from([0x01])));
        socket.end();
        // A server that does not close its side gets 1 s before the client cuts it (and the
        // socket-leak check after the batch sees it).
        setTimeout(() => socket.destroy(), 1000).unref();
      }
    }
    await closed;
  }
}

async function deliver(socket: Socket, bytes: Buffer, how: Delivery): Promise<void> {
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => {
      if (socket.destroyed || !socket.writable) return resolve();
      if (socket.write(b)) resolve();
      else socket.once("drain", resolve).once("close", resolve);
    });
  if (how.kind === "whole" || bytes.length === 0) return write(bytes);
  if (how.kind === "byte-at-a-time" && bytes.length <= 400) {
    for (let i = 0; i < bytes.length; i++) {
      await write(bytes.subarray(i, i + 1));
      await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const cuts = how.kind === "splits" ? [...new Set(how.cuts.map((c) => c % bytes.length))].sort((a, b) => a - b) : [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    await write(bytes.subarray(from, cut));
    from = cut;
    await new Promise((r) => setTimeout(r, 1));
  }
}

// ---- the batches ----

let mock: MockProcess;
let before: HostStats;
let casesRun = 0;

async function settledStats(): Promise<HostStats> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const s = await mock.stats();
    if (s.openConnections === 0 || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  registerRefereeEmbeddingFunction(registerEmbeddingFunction as never);
  mock = await startMockProcess();
  const c = await mysql.createConnection({ host: "127.0.0.1", port: mock.port, user: "root", password: "", database: "test" });
  await c.query("CREATE TABLE fuzz_big (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING)");
  const doc = "r".repeat(10_000);
  for (let b = 0; b < 3; b++) await c.query(`INSERT INTO fuzz_big VALUES ${Array.from({ length: 100 }, (_, i) => `(CAST('${b * 100 + i}' AS BINARY), '${doc}')`).join(", ")}`);
  await c.end();
  before = await settledStats();
}, 120_000);

afterAll(async () => {
  if (mock) expect(await mock.stop()).toBe(0);
});

describe("protocol fuzzing on raw sockets (mock in its own process)", () => {
  for (let batch = 0; batch < BATCHES; batch++) {
    const name = `batch ${batch + 1}/${BATCHES}: ${RUNS_PER_BATCH * CASES_AT_ONCE} cases, ${CASES_AT_ONCE} at a time`;
    it(name, async () => {
      const seed = FC_SEED + batch;
      const started = Date.now();
      const result = await fc.check(
        fc.asyncProperty(fc.array(caseArb, { minLength: CASES_AT_ONCE, maxLength: CASES_AT_ONCE }), async (cases) => {
          await Promise.all(
            cases.map((c, i) =>
              runCase(mock.port, c).catch((e: Error) => {
                throw new Error(`case ${i} of ${cases.length}: ${e.message}`);
              }),
            ),
          );
          casesRun += cases.length;
        }),
        { seed, numRuns: RUNS_PER_BATCH, ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) },
      );
      if (result.failed) {
        const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        throw new Error(`${why}\n${fc.defaultReportMessage(result)}\nreplay: FC_SEED=${seed - batch} FC_PATH=${result.counterexamplePath} npx vitest run suites/mock-server/protocol-fuzz.test.ts -t "${name}"`);
      }
      // The server is alive, answers a fresh seekdb-js client, holds no socket, logged no failure of its own.
      const client = new SeekdbClient({ host: "127.0.0.1", port: mock.port, user: "root", password: "", database: "test" });
      const collection = await client.getOrCreateCollection({ name: `after_batch_${batch}`, embeddingFunction: new RefereeEmbeddingFunction({ fn: "length", dimension: 3 }) });
      await collection.upsert({ ids: ["a", "b"], embeddings: [[1, 2, 3], [4, 5, 6]], documents: ["x", "y"] });
      expect((await collection.get({ ids: ["a", "b"] })).documents).toEqual(["x", "y"]);
      await client.deleteCollection(`after_batch_${batch}`);
      await client.close();
      const stats = await settledStats();
      expect(stats.openConnections, "sockets left open after the batch").toBe(0);
      expect(stats.internalErrors).toEqual([]);
      console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}; server rss ${(stats.rss / 2 ** 20).toFixed(0)} MiB, heap ${(stats.heapUsed / 2 ** 20).toFixed(1)} MiB`);
    }, 180_000);
  }

  // Bounds: after a full GC nothing of a closed connection may remain, so the heap and the buffers
  // come back within 8 MiB (JIT code and caches; a leak of 1 KiB per case would be 10 MiB). RSS
  // keeps what the allocator was given at the peak, which is at most one max_allowed_packet
  // (16 MiB) held per case in flight: CASES_AT_ONCE × 16 MiB + 32 MiB; a leak of 16 KiB per case
  // would not pass it.
  const rssBound = CASES_AT_ONCE * 16 * 2 ** 20 + 32 * 2 ** 20;
  it(`memory after all cases is back near where it started (heap and buffers after a full GC within 8 MiB, RSS within ${rssBound / 2 ** 20} MiB)`, async () => {
    expect(casesRun).toBe(BATCHES * RUNS_PER_BATCH * CASES_AT_ONCE);
    const after = await settledStats();
    console.log(`${casesRun} cases: rss ${(before.rss / 2 ** 20).toFixed(0)} → ${(after.rss / 2 ** 20).toFixed(0)} MiB, heap ${(before.heapUsed / 2 ** 20).toFixed(1)} → ${(after.heapUsed / 2 ** 20).toFixed(1)} MiB, buffers ${(before.arrayBuffers / 2 ** 20).toFixed(1)} → ${(after.arrayBuffers / 2 ** 20).toFixed(1)} MiB`);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(8 * 2 ** 20);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(8 * 2 ** 20);
    expect(after.rss - before.rss).toBeLessThan(rssBound);
  });
});
