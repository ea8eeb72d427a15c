// What pyseekdb sends and what the server answers: one scenario (collection life cycle, upsert,
// add, update, get by ids and all, delete, count, and wire probes for vector encodings) run through
// the pyseekdb harness behind the capture proxy. On real seekdb it gives the statement shapes
// (suites/fidelity/pyseekdb-statements.json) and the wire facts; on the mock, the same scenario
// shows every statement the mock refuses or answers differently.
//   npx tsx suites/fidelity/pyseekdb-capture.ts [--write]      (real seekdb: SEEKDB_HOST or the wheel)
import { writeFileSync } from "node:fs";
import mysql from "mysql2/promise";
import { join } from "node:path";
import { encode } from "../../spec/codec.ts";
import type { Observation } from "../drivers/driver.ts";
import { HarnessDriver } from "../drivers/harness/driver.ts";
import { pyseekdbHarnessCommand } from "../drivers/harness/pyseekdb.ts";
import type { ServerAddress } from "../drivers/driver.ts";
import { newRunId } from "../runner/run-id.ts";
import { startMockTarget } from "../targets/mock.ts";
import { acquireRealSeekdb, PROJECT_ROOT, sweep } from "../targets/real.ts";
import { startCaptureProxy, statementShape, type CapturedStatement, type ServerAnswer } from "./capture-proxy.ts";

export interface ProbeResult {
  readonly probe: string;
  readonly method: string;
  readonly input: unknown;
  readonly statements: { readonly sql: string; readonly answer: ServerAnswer }[];
  readonly outcome: string;
  /** The record's embedding as read back after the probe (null: no row or NULL). */
  readonly stored: unknown;
}

export interface Transcript {
  readonly client: string;
  readonly statements: CapturedStatement[];
  readonly probes: ProbeResult[];
  /** Where the scenario stopped when the client could not go on (e.g. on the mock). */
  readonly aborted?: string;
}

const outcome = (o: Observation<unknown>) => (o.ok ? "ok" : `${o.error.class}${o.error.errno ? ` ${o.error.errno}` : ""}: ${o.error.message.split("\n")[0]}`);

/** Runs the scenario on the server at `address`; collections are named `${prefix}_...`. */
export async function capturePyseekdb(address: ServerAddress, prefix: string): Promise<Transcript> {
  const proxy = await startCaptureProxy(address);
  const driver = await HarnessDriver.start(pyseekdbHarnessCommand(), { target: "capture", address: { ...address, host: proxy.host, port: proxy.port } });
  const probes: ProbeResult[] = [];
  let aborted: string | undefined;
  try {
    const c = `${prefix}_ef`;
    const n = `${prefix}_noef`;
    const w = `${prefix}_wire`;
    proxy.label("create_collection");
    await driver.createCollection({ name: c, dimension: 3, embeddingFunction: "length" });
    await driver.createCollection({ name: n, dimension: 3, embeddingFunction: null });
    proxy.label("add");
    await driver.seed(c, [
      { id: "a", document: "da", embedding: [1, 1, 1], metadata: { v: 1 } },
      { id: "b", document: null, embedding: [2, 2, 2], metadata: null },
    ]);
    proxy.label("upsert");
    await driver.upsert(c, { ids: ["a", "n1"], embeddings: [[1, 2, 3], [4, 5, 6]], documents: ["x", "it's"], metadatas: [{ k: "v" }, { k: 2 }] });
    await driver.upsert(c, { ids: "n2", documents: "generated" });
    await driver.upsert(c, { ids: "a", metadatas: { only: true } });
    proxy.label("add");
    await driver.add(c, { ids: ["n3", "n4"], embeddings: [[1, 1, 1], [2, 2, 2]] });
    proxy.label("update");
    await driver.update(c, { ids: ["a", "b"], embeddings: [[0.5, 0.25, 0.125], [7, 8, 9]], documents: ["u1", "u2"], metadatas: [{ u: 1 }, { u: 2 }] });
    proxy.label("get(ids)");
    await driver.get(c, ["a", "b", "n1"]);
    proxy.label("get()");
    await driver.get(c);
    proxy.label("count");
    await driver.count(c);
    proxy.label("delete");
    await driver.delete(c, ["n3", "n4"]);

    // Wire probes: one vector through each encoding pyseekdb uses, then read back.
    proxy.label("create_collection");
    await driver.createCollection({ name: w, dimension: 3, embeddingFunction: null });
    const probe = async (name: string, method: "add" | "update" | "upsert", args: { ids: string[]; embeddings?: unknown; metadatas?: unknown }, setup?: () => Promise<unknown>) => {
      await setup?.();
      proxy.label(method);
      const from = proxy.statements.length;
      const o = await driver[method](w, args);
      const sent = proxy.statements.slice(from).map((s) => ({ sql: s.sql.length > 300 ? `${s.sql.slice(0, 300)}…` : s.sql, answer: s.answer }));
      proxy.label("get(ids)");
      const read = await driver.get(w, args.ids);
      const stored = read.ok ? (read.value[0]?.embedding ?? null) : `read failed: ${read.error.message}`;
      proxy.label("delete");
      await driver.delete(w, args.ids);
      probes.push({ probe: name, method, input: encode(args), statements: sent, outcome: outcome(o), stored: encode(stored) });
    };
    const existing = (id: string) => () => driver.seed(w, [{ id, document: null, embedding: [9, 9, 9], metadata: null }]);
    const NaN_ = Number.NaN;
    const Inf = Number.POSITIVE_INFINITY;
    // add / insert path: hex float32
    await probe("insert hex: exact floats", "add", { ids: ["p"], embeddings: [[0.1, -2.5, 3]] });
    await probe("insert hex: wrong dimension (2 for 3)", "add", { ids: ["p"], embeddings: [[1, 2]] });
    await probe("insert hex: wrong dimension (4 for 3)", "add", { ids: ["p"], embeddings: [[1, 2, 3, 4]] });
    await probe("insert hex: NaN", "add", { ids: ["p"], embeddings: [[1, NaN_, 3]] });
    await probe("insert hex: Infinity", "add", { ids: ["p"], embeddings: [[1, Inf, 3]] });
    await probe("insert hex: -0", "add", { ids: ["p"], embeddings: [[-0, 1, 2]] });
    await probe("insert hex: 1e39 (beyond float32)", "add", { ids: ["p"], embeddings: [[1, 1e39, 3]] });
    await probe("upsert insert: metadata only (embedding NULL)", "upsert", { ids: ["p"], metadatas: [{ k: 1 }] });
    await probe("upsert insert: embeddings [None] (wrapped as one vector)", "upsert", { ids: ["p"], embeddings: [null] });
    // update path: text '[...]' built with Python's str()
    await probe("update text: exact floats", "update", { ids: ["p"], embeddings: [[0.1, -2.5, 3]] }, existing("p"));
    await probe("update text: wrong dimension (2 for 3)", "update", { ids: ["p"], embeddings: [[1, 2]] }, existing("p"));
    await probe("update text: NaN ('nan')", "update", { ids: ["p"], embeddings: [[1, NaN_, 3]] }, existing("p"));
    await probe("update text: Infinity ('inf')", "update", { ids: ["p"], embeddings: [[1, Inf, 3]] }, existing("p"));
    await probe("update text: 1e39 ('1e+39')", "update", { ids: ["p"], embeddings: [[1, 1e39, 3]] }, existing("p"));
    await probe("update text: empty vector ('[]')", "update", { ids: ["p"], embeddings: [[]] }, existing("p"));
    // upsert of an existing id: hex float32 in an UPDATE
    await probe("upsert update hex: wrong dimension (2 for 3)", "upsert", { ids: ["p"], embeddings: [[1, 2]] }, existing("p"));
    await probe("upsert update hex: NaN", "upsert", { ids: ["p"], embeddings: [[1, NaN_, 3]] }, existing("p"));
    await probe("upsert update hex: empty vector (NULL)", "upsert", { ids: ["p"], embeddings: [[]] }, existing("p"));
    await probe("upsert insert hex: empty vector ('' → no value)", "upsert", { ids: ["p"], embeddings: [[]] });

    proxy.label("delete_collection");
    await driver.dropCollection(c);
    await driver.dropCollection(n);
    await driver.dropCollection(w);
    proxy.label("after delete_collection: upsert");
    await driver.upsert(c, { ids: "a", embeddings: [1, 2, 3] });
    proxy.label(undefined);
  } catch (e) {
    aborted = `${(e as Error).message.split("\n")[0]}`;
  } finally {
    await driver.close();
    await proxy.close();
  }
  return { client: driver.client, statements: proxy.statements, probes, ...(aborted ? { aborted } : {}) };
}

/** One entry per statement shape, with the methods that send it and the answers it got. */
export function shapesOf(statements: readonly CapturedStatement[]) {
  const byShape = new Map<string, { shape: string; methods: Set<string>; answers: Set<string>; example: string }>();
  for (const s of statements) {
    const shape = statementShape(s.sql);
    const e = byShape.get(shape) ?? { shape, methods: new Set(), answers: new Set(), example: s.sql.length > 400 ? `${s.sql.slice(0, 400)}…` : s.sql };
    e.methods.add(s.label ?? "(connect)");
    e.answers.add(s.answer.kind === "error" ? `error ${s.answer.errno}` : s.answer.kind);
    byShape.set(shape, e);
  }
  return [...byShape.values()].map((e) => ({ shape: e.shape, methods: [...e.methods], answers: [...e.answers], example: e.example }));
}


export interface Replayed {
  readonly sql: string;
  readonly label: string | undefined;
  readonly answer: string;
  readonly rows?: string;
}

/** Replays captured statements verbatim, in order, one mysql2 connection per captured connection. */
export async function replay(statements: readonly CapturedStatement[], a: ServerAddress): Promise<Replayed[]> {
  const conns = new Map<number, mysql.Connection>();
  const out: Replayed[] = [];
  try {
    for (const s of statements) {
      let c = conns.get(s.connection);
      if (!c) {
        c = await mysql.createConnection({ host: a.host, port: a.port, user: a.user, password: a.password, database: a.database, supportBigNumbers: true, bigNumberStrings: true });
        conns.set(s.connection, c);
      }
      try {
        const [result] = await c.query(s.sql);
        if (Array.isArray(result)) {
          const rows = JSON.stringify(result, (_k, v: unknown) => (v && typeof v === "object" && (v as { type?: string }).type === "Buffer" ? `0x${Buffer.from((v as { data: number[] }).data).toString("hex")}` : v));
          out.push({ sql: s.sql, label: s.label, answer: `rows (${result.length})`, rows });
        } else out.push({ sql: s.sql, label: s.label, answer: `ok (${(result as { affectedRows?: number }).affectedRows ?? 0} rows affected)` });
      } catch (e) {
        const err = e as { errno?: number; sqlState?: string; message: string };
        out.push({ sql: s.sql, label: s.label, answer: `error ${err.errno ?? "?"} (${err.sqlState ?? ""}) ${err.message}` });
      }
    }
  } finally {
    for (const c of conns.values()) await c.end().catch(() => undefined);
  }
  return out;
}

/** Rows that differ only in values a run makes up (timestamps, generated collection ids) are equal. */
const volatile = (rows: string | undefined) => rows?.replace(/"\d{4}-\d{2}-\d{2}T[\d:.]+Z"/g, "<time>").replace(/[0-9a-f]{32}/g, "<id>");
const errnoOf = (answer: string) => /^error (\d+)/.exec(answer)?.[1];

/** Statement by statement, where the mock answers differently from real seekdb (the same statements). */
export function mockGaps(real: readonly Replayed[], mock: readonly Replayed[]) {
  const gaps: { kind: string; method: string | undefined; statement: string; real: string; mock: string }[] = [];
  const sorted = (rows: string | undefined) => JSON.stringify((JSON.parse(volatile(rows) ?? "[]") as unknown[]).map((r) => JSON.stringify(r)).sort());
  for (let i = 0; i < real.length; i++) {
    const r = real[i]!;
    const m = mock[i]!;
    const rk = r.answer.split(" ")[0];
    const mk = m.answer.split(" ")[0];
    let kind: string | undefined;
    if (rk !== mk) kind = mk === "error" ? "mock refuses" : rk === "error" ? "mock accepts what real seekdb refuses" : "different answer";
    else if (rk === "error") kind = errnoOf(r.answer) !== errnoOf(m.answer) ? "different errno" : r.answer !== m.answer ? "same errno, different message" : undefined;
    else if (r.rows !== undefined && volatile(r.rows) !== volatile(m.rows)) kind = sorted(r.rows) === sorted(m.rows) ? "same rows, different order" : "different rows";
    else if (r.rows === undefined && r.answer !== m.answer) kind = "different affected rows";
    if (!kind) continue;
    const withRows = kind.includes("rows") || kind.includes("order");
    gaps.push({
      kind,
      method: r.label,
      statement: (r.sql.length > 500 ? `${r.sql.slice(0, 500)}…` : r.sql).replace(/\s+/g, " ").trim(),
      real: withRows ? `${r.answer}: ${r.rows}` : r.answer,
      mock: withRows ? `${m.answer}: ${m.rows}` : m.answer,
    });
  }
  return gaps;
}

async function main(): Promise<void> {
  const write = process.argv.includes("--write");
  const runId = newRunId();
  const real = await acquireRealSeekdb(process.env, false);
  const mock = await startMockTarget();
  let onReal: Transcript;
  let onMock: Transcript;
  let realReplay: Replayed[];
  let mockReplay: Replayed[];
  try {
    onReal = await capturePyseekdb(real.address, `ref_${runId}_cap`);
    if (onReal.aborted) throw new Error(`the scenario failed on real seekdb: ${onReal.aborted}`);
    // The same statements again, verbatim, on real seekdb and on the mock: every answer comparable.
    realReplay = await replay(onReal.statements, real.address);
    // Real seekdb has run them once (the capture): run them once on the mock first, so both start
    // the compared pass from the same state (the catalog table there, every collection dropped).
    await replay(onReal.statements, mock.address);
    mockReplay = await replay(onReal.statements, mock.address);
    onMock = await capturePyseekdb(mock.address, `ref_${runId}_cap`);
  } finally {
    await sweep(real.address, `ref_${runId}`).catch(() => undefined);
    await real.stop();
    await mock.stop();
  }
  const shapes = shapesOf(onReal.statements);
  const result = {
    $comment: "What pyseekdb sends, captured by suites/fidelity/pyseekdb-capture.ts through a logging proxy: one entry per statement shape (literals as ?, collection ids as <id>) with the client methods that send it; wire probes with the statements, the server's answers and what was stored; and, for the mock, the captured statements replayed verbatim on real seekdb and on the mock with every answer that differs.",
    client: onReal.client,
    server: real.version,
    shapes,
    wire: onReal.probes,
    mock: {
      pyseekdbOnMock: onMock.aborted ? `pyseekdb stops at: ${onMock.aborted}` : "the whole scenario ran",
      pyseekdbOnMockProbes: onMock.probes.map((p) => ({ probe: p.probe, outcome: p.outcome, stored: p.stored })),
      replayedStatements: onReal.statements.length,
      gaps: mockGaps(realReplay, mockReplay),
    },
  };
  if (write) writeFileSync(join(PROJECT_ROOT, "suites", "fidelity", "pyseekdb-statements.json"), `${JSON.stringify(result, null, 2)}\n`);
  else console.log(JSON.stringify(result, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
