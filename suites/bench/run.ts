// `npm run bench`: one table of throughput, measured in one run (ratios from the same run), printed
// and saved as reports/bench/latest.md, with a plot of upsert throughput against batch size for
// the mock and a real seekdb (reports/bench/upsert-throughput.svg). Servers that an SDK's CI meets
// in a process of their own are measured so: the mock as `npm run serve` runs it, the null mysql2
// server (the floor) beside it. A real seekdb is used where SEEKDB_HOST names one or the wheel can
// start one. BENCH_CPU_PROF=<dir> also writes a CPU profile of the mock process there.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { startMockServer } from "../../mock-server/index.ts";
import { profileById, SPEC_PROFILE } from "../../spec/profiles.ts";
import type { ServerAddress } from "../drivers/driver.ts";
import { startServe } from "../mock-server/serve-process.ts";
import { acquireRealSeekdb, PROJECT_ROOT, type AcquiredSeekdb } from "../targets/real.ts";
import { summarizeCpuProfiles } from "./cpu-profile.ts";
import { engineSelectInsertPairs } from "./engine-bench.ts";
import { fuzzSequences } from "./fuzz-bench.ts";
import { memoryPer100kRows } from "./memory-bench.ts";
import { modelSingleIdUpserts } from "./model-bench.ts";
import { startNullServer } from "./null-server.ts";
import { pyseekdbUpserts } from "./pyseekdb-bench.ts";
import { queriesPerSecond } from "./queries-bench.ts";
import { QUERY_BENCH, seekdbJsQueries } from "./query-bench.ts";
import { plotSvg, tableMarkdown, tableText, type Row, type Series } from "./report.ts";
import { cellName, seekdbJsUpserts, type UpsertCell, type UpsertRate } from "./sdk-bench.ts";

const BATCHES = [1, 10, 100, 1000];
const OUT_DIR = join(PROJECT_ROOT, "reports", "bench");
const local = (port: number): ServerAddress => ({ host: "127.0.0.1", port, user: "root", password: "", database: "test" });
const rows: Row[] = [];
const add = (what: string, value: number, unit: string, note: string) => {
  rows.push({ what, value, unit, note });
  process.stderr.write(`  ${tableText([{ what, value, unit, note }])}\n`);
};
const ratio = (what: string, value: number, target: number | undefined, how: string) =>
  add(what, value, "ratio", `${how}${target === undefined ? "" : `; target ≥ ${target}: ${value >= target ? "met" : "NOT met"}`}`);

async function startNullProcess(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "servers-child.ts")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (l) => resolve((JSON.parse(l) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`null server process exited with ${code}`)));
  });
  return { port, stop: () => child.stdin!.end() };
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = `node ${process.version}, ${process.platform}/${process.arch}`;
  process.stderr.write(`${machine}; measuring (each line as it is measured, the table at the end)\n`);

  for (const profile of [SPEC_PROFILE, profileById("seekdb-js@1.4")]) {
    const m = modelSingleIdUpserts(profile, 500_000);
    add(`model ${profile.id}: single-id upserts`, m.value, "upserts/s", m.detail ?? "");
  }
  {
    // What mock-server/engine/statement-cache.ts's comment is measured with.
    const m = engineSelectInsertPairs(3, 30_000);
    add("mock engine alone (no sockets): seekdb-js's SELECT-by-id + INSERT pairs", m.value, "pairs/s", m.detail ?? "");
  }
  {
    const m = await fuzzSequences("models alone", async () => [], 4);
    add("fuzz sequences: models alone (spec + seekdb-js profile)", m.value, "sequences/s", m.detail ?? "");
  }

  const nullProcess = await startNullProcess();
  const cpuProf = process.env.BENCH_CPU_PROF;
  const mock = await startServe([], cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${cpuProf}`] : []);
  let real: AcquiredSeekdb | undefined;
  try {
    real = await acquireRealSeekdb(process.env, process.env.SEEKDB_ALLOW_REMOTE === "1");
  } catch (e) {
    process.stderr.write(`real seekdb: not measured (${(e as Error).message})\n`);
  }
  const realLabel = real ? `real seekdb ${real.version}` : "";
  let upserts: UpsertRate[] = [];
  let inProcess: UpsertRate[] = [];
  try {
    {
      const m = await fuzzSequences("seekdb-js on the mock", async (client) => [await client.connect("mock", local(mock.port))], 5);
      add("fuzz sequences: seekdb-js on the mock (own process), beside the models", m.value, "sequences/s", m.detail ?? "");
    }
    // Round trips: SELECT 1 through mysql2.
    const q = await queriesPerSecond([{ label: "floor", address: local(nullProcess.port) }, { label: "mock", address: local(mock.port) }, ...(real ? [{ label: "real", address: real.address }] : [])]);
    add("SELECT 1 round trips → null mysql2 server (floor), own process", q.get("floor")!.rate, "queries/s", `${q.get("floor")!.queries} sequential queries, one mysql2 connection, 4 alternating rounds`);
    add("SELECT 1 round trips → mock (npm run serve)", q.get("mock")!.rate, "queries/s", `${q.get("mock")!.queries} queries, same rounds`);
    if (real) add(`SELECT 1 round trips → ${realLabel}`, q.get("real")!.rate, "queries/s", `${q.get("real")!.queries} queries, same rounds`);

    // seekdb-js upserts by batch size, new and existing ids, on the floor, the mock and real seekdb.
    const cells: UpsertCell[] = BATCHES.flatMap((batch) => [false, true].map((existing) => ({ batch, existing })));
    upserts = await seekdbJsUpserts([{ label: "floor", address: local(nullProcess.port) }, { label: "mock", address: local(mock.port) }, ...(real ? [{ label: "real", address: real.address }] : [])], cells);
    const rate = (target: string, c: UpsertCell) => upserts.find((u) => u.target === target && u.cell.batch === c.batch && u.cell.existing === c.existing)!;
    for (const c of cells) {
      for (const [target, label] of [["floor", "null mysql2 server (floor), own process"], ["mock", "mock (npm run serve)"], ...(real ? [["real", realLabel]] : [])] as const) {
        if (target === "floor" && c.existing) continue; // the floor finds no row: every id takes the insert path
        const u = rate(target, c);
        add(`seekdb-js upserts, ${cellName(c)} → ${label}`, u.idsPerSecond, "ids/s", `${u.calls} calls (${u.callsPerSecond.toFixed(u.callsPerSecond < 10 ? 2 : 0)} calls/s) in ${u.seconds.toFixed(1)} s, 5 alternating rounds`);
      }
    }

    // What running the servers in the client's own process costs.
    const nullInProcess = await startNullServer();
    const mockInProcess = await startMockServer({ port: 0 });
    try {
      inProcess = await seekdbJsUpserts([{ label: "floor", address: local(nullInProcess.port) }, { label: "mock", address: local(mockInProcess.port) }], [{ batch: 1, existing: false }]);
    } finally {
      await nullInProcess.close();
      await mockInProcess.close();
    }
    add("seekdb-js upserts, batch 1, new ids → null server in the client's process", inProcess[0]!.idsPerSecond, "ids/s", `${inProcess[0]!.calls} calls, 5 alternating rounds`);
    add("seekdb-js upserts, batch 1, new ids → mock in the client's process", inProcess[1]!.idsPerSecond, "ids/s", `${inProcess[1]!.calls} calls, same rounds`);

    const py = await pyseekdbUpserts([{ label: "mock", address: local(mock.port) }, ...(real ? [{ label: "real", address: real.address }] : [])]);
    if (typeof py === "string") process.stderr.write(`pyseekdb: not measured (${py})\n`);
    else {
      add("pyseekdb upserts via harness, batch 1, new ids → mock (npm run serve)", py.get("mock")!, "ids/s", "300 sequential calls through harnesses/python");
      if (real) add(`pyseekdb upserts via harness, batch 1, new ids → ${realLabel}`, py.get("real")!, "ids/s", "300 sequential calls through harnesses/python");
    }

    // Vector search: exact queries over the same vectors on the mock (as npm run serve runs it) and the real seekdb.
    const queries = await seekdbJsQueries([{ label: "mock (npm run serve)", address: local(mock.port) }, ...(real ? [{ label: realLabel, address: real.address }] : [])]);
    for (const m of queries) add(`seekdb-js exact queries (nResults ${QUERY_BENCH.nResults}, ${QUERY_BENCH.records.toLocaleString("en")} × VECTOR(${QUERY_BENCH.dimension})) → ${m.name.replace(/^seekdb-js queries → /, "")}`, m.value, m.unit, m.detail ?? "");

    // Ratios, all from the numbers above.
    ratio("mock / floor: SELECT 1 round trips (own processes)", q.get("mock")!.rate / q.get("floor")!.rate, 0.8, "out of process");
    ratio("mock / floor: seekdb-js upserts, batch 1, new ids (own processes)", rate("mock", cells[0]!).idsPerSecond / rate("floor", cells[0]!).idsPerSecond, 0.8, "out of process");
    ratio("mock / floor: seekdb-js upserts, batch 100, new ids (own processes)", rate("mock", cells[4]!).idsPerSecond / rate("floor", cells[4]!).idsPerSecond, 0.8, "out of process");
    ratio("mock / floor: seekdb-js upserts, batch 1, new ids (in the client's process)", inProcess[1]!.idsPerSecond / inProcess[0]!.idsPerSecond, undefined, "servers share the client's event loop");
    if (real) {
      for (const c of [cells[0]!, cells[1]!, cells[4]!, cells[5]!]) ratio(`mock / real: seekdb-js upserts, ${cellName(c)}`, rate("mock", c).idsPerSecond / rate("real", c).idsPerSecond, 10, "mock in its own process");
      ratio("null server (floor) / real: seekdb-js upserts, batch 1, new ids", rate("floor", cells[0]!).idsPerSecond / rate("real", cells[0]!).idsPerSecond, undefined, "the most any mock could reach: the client's own time bounds it");
      ratio("mock / real: SELECT 1 round trips", q.get("mock")!.rate / q.get("real")!.rate, undefined, "");
      if (typeof py !== "string") ratio("mock / real: pyseekdb upserts via harness", py.get("mock")! / py.get("real")!, undefined, "");
      ratio("mock / real: seekdb-js exact queries", queries[0]!.value / queries[1]!.value, undefined, "the mock computes every distance in JavaScript, bit for bit as seekdb does");
    }
  } finally {
    nullProcess.stop();
    await mock.stop();
    await real?.stop();
  }

  const profile = cpuProf ? summarizeCpuProfiles(cpuProf) : [];
  const memory = await memoryPer100kRows();
  add("mock memory per 100k stored rows, VECTOR(384)", memory.heapAndBuffers / 2 ** 20, "MiB", `heap + buffers after a full GC (RSS grew ${(memory.rss / 2 ** 20).toFixed(0)} MiB); 100,000 rows inserted in ${memory.seconds.toFixed(1)} s, 250 a statement`);

  const seconds = (performance.now() - started) / 1000;
  const heading = `# npm run bench\n\n${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine}, 2 cores; ${real ? realLabel : "no real seekdb"}; whole run ${seconds.toFixed(0)} s. Plot: [upsert-throughput.svg](upsert-throughput.svg).`;
  console.log(`${heading.replace(/^# /, "").replace(/ Plot: .*/, "")}\n\n${tableText(rows)}`);
  mkdirSync(OUT_DIR, { recursive: true });
  if (profile.length > 0) console.log(`\n${profile.join("\n")}`);
  writeFileSync(join(OUT_DIR, "latest.md"), tableMarkdown(rows, heading) + (profile.length > 0 ? `\n## CPU profile of the mock (node --cpu-prof, this run)\n\n${profile.join("\n")}\n` : ""));
  const series: Series[] = [
    { label: "mock, new ids", color: "#1f77b4", points: BATCHES.map((b) => ({ x: b, y: upserts.find((u) => u.target === "mock" && u.cell.batch === b && !u.cell.existing)!.idsPerSecond })) },
    { label: "mock, existing ids", color: "#1f77b4", dashed: true, points: BATCHES.map((b) => ({ x: b, y: upserts.find((u) => u.target === "mock" && u.cell.batch === b && u.cell.existing)!.idsPerSecond })) },
    ...(real
      ? [
          { label: "real seekdb, new ids", color: "#d62728", points: BATCHES.map((b) => ({ x: b, y: upserts.find((u) => u.target === "real" && u.cell.batch === b && !u.cell.existing)!.idsPerSecond })) },
          { label: "real seekdb, existing ids", color: "#d62728", dashed: true, points: BATCHES.map((b) => ({ x: b, y: upserts.find((u) => u.target === "real" && u.cell.batch === b && u.cell.existing)!.idsPerSecond })) },
        ]
      : []),
    { label: "null server (floor), new ids", color: "#7f7f7f", points: BATCHES.map((b) => ({ x: b, y: upserts.find((u) => u.target === "floor" && u.cell.batch === b && !u.cell.existing)!.idsPerSecond })) },
  ];
  writeFileSync(join(OUT_DIR, "upsert-throughput.svg"), plotSvg(series, "seekdb-js upserts: ids/s against batch size (servers in their own process)"));
  console.log(`\nsaved: reports/bench/latest.md, reports/bench/upsert-throughput.svg`);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
