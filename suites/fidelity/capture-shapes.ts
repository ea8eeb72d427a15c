// The statement shapes both SDKs send, captured on real seekdb: every public client, admin and
// collection method of seekdb-js (suites/conformance/seekdb-js-methods.ts, in process) and of
// pyseekdb (harnesses/python/methods.py) runs through the logging proxy, and each statement is
// filed by shape (literals as ?, collection ids and run names masked) under the methods that sent
// it. The catalog (statement-shapes.json) is what shape-coverage.test.ts holds the probes to.
//   npx tsx suites/fidelity/capture-shapes.ts [--write]     (real seekdb: SEEKDB_HOST or the wheel)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runPyseekdbMethods } from "../conformance/pyseekdb-methods.ts";
import { runSeekdbJsMethods } from "../conformance/seekdb-js-methods.ts";
import { newRunId } from "../runner/run-id.ts";
import { acquireRealSeekdb, PROJECT_ROOT, sweep } from "../targets/real.ts";
import { startCaptureProxy, statementShape, type CapturedStatement } from "./capture-proxy.ts";

export interface ShapeEntry {
  readonly shape: string;
  readonly client: "seekdb-js" | "pyseekdb";
  readonly methods: readonly string[];
  /** What real seekdb answered to the statements of this shape in the capture. */
  readonly answers: readonly string[];
  readonly example: string;
  /** Set for vector-search shapes: their probes refresh the asynchronous vector index first. */
  readonly owner?: "query";
}

export interface ShapeCatalog {
  readonly $comment: string;
  readonly server: string;
  readonly clients: Readonly<Record<string, string>>;
  readonly shapes: readonly ShapeEntry[];
}

/** Vector search (distance functions, APPROXIMATE): marked owner 'query'; their probes refresh the vector index first. */
const VECTOR_SEARCH = /\b(l2_distance|cosine_distance|inner_product|negative_inner_product|APPROXIMATE)\b/i;

export const SHAPES_FILE = join(PROJECT_ROOT, "suites", "fidelity", "statement-shapes.json");

export function catalogEntries(client: ShapeEntry["client"], statements: readonly CapturedStatement[]): ShapeEntry[] {
  const byShape = new Map<string, { methods: Set<string>; answers: Set<string>; example: string }>();
  for (const s of statements) {
    const shape = statementShape(s.sql);
    const e = byShape.get(shape) ?? { methods: new Set<string>(), answers: new Set<string>(), example: s.sql.length > 600 ? `${s.sql.slice(0, 600)}…` : s.sql };
    e.methods.add(s.label ?? "(connect)");
    e.answers.add(s.answer.kind === "error" ? `error ${s.answer.errno}` : s.answer.kind);
    byShape.set(shape, e);
  }
  return [...byShape].map(([shape, e]) => ({ shape, client, methods: [...e.methods], answers: [...e.answers].sort(), example: e.example, ...(VECTOR_SEARCH.test(shape) ? { owner: "query" as const } : {}) }));
}

async function main(): Promise<void> {
  const write = process.argv.includes("--write");
  const runId = newRunId();
  const real = await acquireRealSeekdb(process.env, false);
  const entries: ShapeEntry[] = [];
  const clients: Record<string, string> = {};
  try {
    const jsProxy = await startCaptureProxy(real.address);
    try {
      const run = await runSeekdbJsMethods({ ...real.address, host: jsProxy.host, port: jsProxy.port }, `ref_${runId}_js`, (l) => jsProxy.label(l));
      clients["seekdb-js"] = run.client;
      entries.push(...catalogEntries("seekdb-js", jsProxy.statements));
    } finally {
      await jsProxy.close();
    }
    const pyProxy = await startCaptureProxy(real.address);
    try {
      const run = await runPyseekdbMethods({ ...real.address, host: pyProxy.host, port: pyProxy.port }, `ref_${runId}_py`);
      clients.pyseekdb = run.client;
      entries.push(...catalogEntries("pyseekdb", pyProxy.statements));
    } finally {
      await pyProxy.close();
    }
  } finally {
    await sweep(real.address, `ref_${runId}`).catch(() => undefined);
    await real.stop();
  }
  const catalog: ShapeCatalog = {
    $comment:
      "Every statement shape seekdb-js and pyseekdb send from their public methods, captured on real seekdb by suites/fidelity/capture-shapes.ts (one entry per shape and client: the methods that sent it, real seekdb's answers, one example). shape-coverage.test.ts fails when a shape has no fidelity probe (shape-probes.ts sends each collection-table shape as sent); owner 'query' marks vector-search shapes (their probes refresh the asynchronous vector index first).",
    server: real.version,
    clients,
    shapes: entries,
  };
  if (write) writeFileSync(SHAPES_FILE, `${JSON.stringify(catalog, null, 2)}\n`);
  else console.log(JSON.stringify(catalog, null, 2));
  console.error(`${entries.length} shapes: ${entries.filter((e) => e.client === "seekdb-js").length} seekdb-js, ${entries.filter((e) => e.client === "pyseekdb").length} pyseekdb; ${entries.filter((e) => e.owner).length} vector searches`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
