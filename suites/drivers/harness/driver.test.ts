// The runner owns the clock: a harness that crashes, hangs, prints garbage, answers out of order or
// exits is a `crash` observation with its stderr tail, never a hang; the driver is then dead and
// later calls fail fast. Fake harnesses (a tiny Node script written here) play each part.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HarnessDriver, HarnessFailure } from "./driver.ts";

const FAKE = String.raw`
const mode = process.argv[2];
const rl = require("node:readline").createInterface({ input: process.stdin });
const out = (o) => process.stdout.write((typeof o === "string" ? o : JSON.stringify(o)) + "\n");
const caps = { values: { undefined: false, holes: false, nan: true, infinity: true, negativeZero: true, dollarKeys: true }, embeddingFunctions: ["length"], noEmbeddingFunction: true };
if (mode === "exit-at-start") { process.stderr.write("fake: cannot import the client\n"); process.exit(3); }
if (mode === "ignore-eof") process.stdin.on("end", () => setInterval(() => {}, 1000));
let n = 0;
rl.on("line", (line) => {
  const req = JSON.parse(line);
  if (req.cmd === "hello") {
    if (mode === "refuse-hello") return out({ protocol: 2, ok: false, protocolError: "I speak protocol 2" });
    return out({ protocol: 1, ok: true, client: "fake", version: "0.0.1", capabilities: caps });
  }
  n++;
  if (req.cmd === "createCollection") return out({ seq: req.seq, ok: true, value: null, embeddingCalls: [] });
  if (mode === "crash") { process.stderr.write("fake: Segmentation fault in the client\n"); process.exit(139); }
  if (mode === "hang") { process.stderr.write("fake: waiting for a lock\n"); return; }
  if (mode === "garbage") { process.stderr.write("fake: debug print\n"); return out("DEBUG: upserting 1 row"); }
  if (mode === "not-protocol") return out({ seq: req.seq, ok: "yes" });
  if (mode === "out-of-order") return out({ seq: req.seq + 1, ok: true, value: null, embeddingCalls: [] });
  if (mode === "exit-quietly") process.exit(0);
  if (mode === "bad-marker") return out({ seq: req.seq, ok: true, value: { $number: "NaN", extra: 1 }, embeddingCalls: [] });
  if (mode === "refuse") return out({ seq: req.seq, ok: false, protocolError: "unknown cmd " + req.cmd });
  if (mode === "error") return out({ seq: req.seq, ok: false, error: { class: "validation", message: "ValueError: ids must not be empty", exception: "ValueError" }, embeddingCalls: [["a", null]] });
  if (mode === "count" || mode === "ignore-eof") return out({ seq: req.seq, ok: true, value: n, embeddingCalls: [] });
  if (mode === "nan") return out({ seq: req.seq, ok: true, value: [{ id: "a", document: null, embedding: [{ $number: "NaN" }, { $number: "-0" }], metadata: { $object: { $k: 1 } } }], embeddingCalls: [] });
});
`;

let dir: string;
let script: string;
const address = { host: "127.0.0.1", port: 9, user: "root", password: "", database: "test" };
const start = (mode: string, timeoutMs = 400) =>
  HarnessDriver.start({ command: process.execPath, args: [script, mode] }, { target: "fake", address, timeoutMs, helloTimeoutMs: 5000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "fake-harness-"));
  script = join(dir, "fake-harness.cjs");
  writeFileSync(script, FAKE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectDeadAfterFirstCall(mode: string, messagePart: RegExp, stderrPart: RegExp | null) {
  const d = await start(mode);
  try {
    await d.createCollection({ name: "c", dimension: 3, embeddingFunction: "length" });
    const t0 = performance.now();
    const first = await d.upsert("c", { ids: ["a"], embeddings: [[1, 2, 3]] });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.class).toBe("crash");
    expect(first.error.message).toMatch(messagePart);
    if (stderrPart) expect(first.error.message).toMatch(stderrPart);
    // Dead: the next calls fail at once with the same error, whatever they are.
    const t1 = performance.now();
    const second = await d.count("c");
    expect(performance.now() - t1).toBeLessThan(100);
    expect(second).toEqual({ ok: false, error: first.error, embeddingCalls: [] });
    await expect(d.dropCollection("c")).rejects.toThrow(HarnessFailure);
    expect(d.deadError?.message).toBe(first.error.message);
  } finally {
    await d.close();
  }
}

describe("HarnessDriver against misbehaving harnesses", () => {
  it("a harness that crashes mid-call: crash with its stderr tail", () => expectDeadAfterFirstCall("crash", /exited \(code 139\)/, /Segmentation fault in the client/));
  it("a harness that hangs: crash after the timeout, the process killed", () => expectDeadAfterFirstCall("hang", /no answer to upsert \(seq 2\) within 400 ms/, /waiting for a lock/));
  it("a harness that prints garbage: crash naming the line", () => expectDeadAfterFirstCall("garbage", /not JSON: "DEBUG: upserting 1 row"/, /debug print/));
  it("a harness that prints JSON that is not protocol: crash", () => expectDeadAfterFirstCall("not-protocol", /not protocol/, null));
  it("a harness that answers out of order: crash", () => expectDeadAfterFirstCall("out-of-order", /answered seq 3 while seq 2 was waiting/, null));
  it("a harness that exits between calls: crash", () => expectDeadAfterFirstCall("exit-quietly", /exited \(code 0\)/, null));
  it("a harness that sends a malformed marker: crash", () => expectDeadAfterFirstCall("bad-marker", /malformed marker: bad marker at \/: expected exactly the keys \$number/, null));

  it("a harness that dies before the handshake: start() throws with its stderr", async () => {
    await expect(start("exit-at-start")).rejects.toThrow(/exited \(code 3\).*cannot import the client/s);
  });

  it("a harness that refuses the handshake: start() throws with its reason", async () => {
    await expect(start("refuse-hello")).rejects.toThrow(/refused the handshake: I speak protocol 2/);
  });

  it("a command that does not exist: start() throws", async () => {
    await expect(HarnessDriver.start({ command: join(dir, "no-such-python"), args: [] }, { target: "fake", address })).rejects.toThrow(HarnessFailure);
  });

  it("a refused request is a crash observation but the harness stays alive", async () => {
    const d = await start("refuse");
    try {
      await d.createCollection({ name: "c", dimension: 3, embeddingFunction: "length" });
      const r = await d.upsert("c", { ids: "a" });
      expect(r).toMatchObject({ ok: false, error: { class: "crash", message: "harness refused the request: unknown cmd upsert" } });
      expect(d.deadError).toBeUndefined();
    } finally {
      await d.close();
    }
  });

  it("a client error keeps class, message, exception and the embedding calls", async () => {
    const d = await start("error");
    try {
      await d.createCollection({ name: "c", dimension: 3, embeddingFunction: "length" });
      expect(await d.upsert("c", { ids: [] })).toEqual({ ok: false, error: { class: "validation", message: "ValueError: ids must not be empty" }, embeddingCalls: [["a", null]] });
    } finally {
      await d.close();
    }
  });

  it("values come back through the codec (NaN, -0, $-keys)", async () => {
    const d = await start("nan");
    try {
      await d.createCollection({ name: "c", dimension: 3, embeddingFunction: "length" });
      const r = await d.get("c");
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value[0]!.embedding![0]).toBeNaN();
      expect(Object.is(r.value[0]!.embedding![1], -0)).toBe(true);
      expect(r.value[0]!.metadata).toEqual({ $k: 1 });
    } finally {
      await d.close();
    }
  });

  it("requests go one at a time in order, even when issued together", async () => {
    const d = await start("count");
    try {
      await d.createCollection({ name: "c", dimension: 3, embeddingFunction: "length" });
      const all = await Promise.all([d.count("c"), d.count("c"), d.count("c")]);
      expect(all.map((o) => (o.ok ? o.value : o.error.message))).toEqual([2, 3, 4]);
    } finally {
      await d.close();
    }
  });

  it("close() kills a harness that ignores end of input, and later calls fail fast", async () => {
    const d = await start("ignore-eof");
    const t0 = performance.now();
    await d.close();
    expect(performance.now() - t0).toBeLessThan(6000);
    expect(() => process.kill(d.pid!, 0)).toThrow();
    expect(await d.count("c")).toMatchObject({ ok: false, error: { class: "crash", message: "driver closed" } });
  });
});
