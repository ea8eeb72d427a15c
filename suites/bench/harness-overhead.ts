// Per-operation time of pyseekdb through the harness vs seekdb-js in process, same operations on
// the same server in one run, plus the bare protocol round trip (a request the harness answers
// without touching the client). `npx tsx suites/bench/harness-overhead.ts` (SEEKDB_HOST or the wheel).
import type { Driver } from "../drivers/driver.ts";
import { HarnessDriver } from "../drivers/harness/driver.ts";
import { pyseekdbHarnessCommand } from "../drivers/harness/pyseekdb.ts";
import { loadSeekdbJs } from "../drivers/seekdb-js/load.ts";
import { SeekdbJsDriver } from "../drivers/seekdb-js/driver.ts";
import { newRunId } from "../runner/run-id.ts";
import { acquireRealSeekdb, sweep } from "../targets/real.ts";

const N = Number(process.env.BENCH_OPS ?? 200);

async function time(label: string, n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await op(-1 - i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  const perOp = (performance.now() - t0) / n;
  console.log(`${label.padEnd(48)} ${perOp.toFixed(3)} ms/op`);
  return perOp;
}

async function ops(d: Driver, name: string): Promise<Record<string, number>> {
  await d.createCollection({ name, dimension: 3, embeddingFunction: "length" });
  const r: Record<string, number> = {};
  r.upsertNew = await time(`${d.client} upsert (new id)`, N, (i) => d.upsert(name, { ids: [`n${i}`], embeddings: [[1, 2, 3]] }));
  r.upsertExisting = await time(`${d.client} upsert (existing id)`, N, (i) => d.upsert(name, { ids: [`n${Math.abs(i) % N}`], documents: ["doc"] }));
  r.getById = await time(`${d.client} get by id`, N, (i) => d.get(name, [`n${Math.abs(i) % N}`]));
  r.count = await time(`${d.client} count`, N, () => d.count(name));
  await d.dropCollection(name);
  return r;
}

const runId = newRunId();
const real = await acquireRealSeekdb(process.env, false);
try {
  console.log(`server: ${real.version} (${real.source}); ${N} sequential ops each`);
  const js = new SeekdbJsDriver("real", real.address, await loadSeekdbJs());
  const py = await HarnessDriver.start(pyseekdbHarnessCommand(), { target: "real", address: real.address });
  try {
    const a = await ops(js, `ref_${runId}_js`);
    const b = await ops(py, `ref_${runId}_py`);
    const bare = await time("harness protocol round trip (no client call)", N, () => py.count("never_created_here"));
    console.log("\nratio pyseekdb-harness / seekdb-js:");
    for (const k of Object.keys(a)) console.log(`  ${k.padEnd(16)} ${(b[k]! / a[k]!).toFixed(2)}x  (+${(b[k]! - a[k]!).toFixed(3)} ms/op)`);
    console.log(`  bare round trip ${bare.toFixed(3)} ms/op`);
  } finally {
    await js.close();
    await py.close();
  }
} finally {
  await sweep(real.address, `ref_${runId}`).catch(() => undefined);
  await real.stop();
}
