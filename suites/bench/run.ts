// `npm run bench`: throughput measured in one run, printed with the targets they are held to.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { startMockServer } from "../../mock-server/index.ts";
import { engineSelectInsertPairs } from "./engine-bench.ts";
import { fuzzSequences } from "./fuzz-bench.ts";
import { modelBenchmarks, type Measurement } from "./model-bench.ts";
import { startNullServer } from "./null-server.ts";
import { seekdbJsQueries } from "./query-bench.ts";
import { seekdbJsUpserts } from "./sdk-bench.ts";
import { acquireRealSeekdb, type AcquiredSeekdb } from "../targets/real.ts";

const TARGETS: Record<string, number> = {
  "model spec: single-id upserts": 1_000_000,
  "fuzz sequences: models alone (spec + seekdb-js profile)": 500,
  "fuzz sequences: seekdb-js on the mock (in-process), beside the models": 50,
};

function printRatio(label: string, ratio: number): void {
  console.log(`${label.padEnd(48)} ${ratio.toFixed(2).padStart(12)}  (target ≥ 0.80: ${ratio >= 0.8 ? "met" : "NOT met"})`);
}

function print(m: Measurement): void {
  const target = TARGETS[m.name];
  const verdict = target === undefined ? "" : m.value >= target ? `  (target ≥ ${target.toLocaleString("en")}: met)` : `  (target ≥ ${target.toLocaleString("en")}: NOT met)`;
  console.log(`${m.name.padEnd(48)} ${Math.round(m.value).toLocaleString("en").padStart(12)} ${m.unit}${verdict}${m.detail ? `\n${"".padEnd(50)}${m.detail}` : ""}`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const m of modelBenchmarks()) print(m);
  print(engineSelectInsertPairs());
  print(await fuzzSequences("models alone (spec + seekdb-js profile)", async () => [], 5));
  {
    const fuzzMock = await startMockServer({ port: 0 });
    try {
      print(await fuzzSequences("seekdb-js on the mock (in-process), beside the models", async (client) => [await client.connect("mock", { host: "127.0.0.1", port: fuzzMock.port, user: "root", password: "", database: "test" })], 10));
    } finally {
      await fuzzMock.close();
    }
  }

  // The SDK against the null server (the floor), the mock and a real seekdb, in alternating rounds
  // of one run. The real seekdb necessarily runs in a process of its own.
  const nullServer = await startNullServer();
  const mock = await startMockServer({ port: 0 });
  let real: AcquiredSeekdb | undefined;
  try {
    real = await acquireRealSeekdb(process.env, process.env.SEEKDB_ALLOW_REMOTE === "1");
  } catch (e) {
    console.log(`real seekdb: not measured (${(e as Error).message})`);
  }
  try {
    const local = (port: number) => ({ host: "127.0.0.1", port, user: "root", password: "", database: "test" });
    const [floor, onMock, onReal] = await seekdbJsUpserts([
      { label: "null server (floor)", address: local(nullServer.port) },
      { label: "mock server", address: local(mock.port) },
      ...(real ? [{ label: `real seekdb ${real.version}`, address: real.address }] : []),
    ]);
    print(floor!);
    print(onMock!);
    printRatio("mock / null-server ratio (servers in-process)", onMock!.value / floor!.value);
    if (onReal) {
      print(onReal);
      console.log(`${"real seekdb / null-server ratio".padEnd(48)} ${(onReal.value / floor!.value).toFixed(2).padStart(12)}`);
      console.log(`${"mock / real seekdb ratio".padEnd(48)} ${(onMock!.value / onReal.value).toFixed(2).padStart(12)}`);
    }
    // Vector search: exact queries over the same 10,000 vectors on the mock and the real seekdb.
    const [queriesOnMock, queriesOnReal] = await seekdbJsQueries([
      { label: "mock server", address: local(mock.port) },
      ...(real ? [{ label: `real seekdb ${real.version}`, address: real.address }] : []),
    ]);
    print(queriesOnMock!);
    if (queriesOnReal) {
      print(queriesOnReal);
      console.log(`${"queries: mock / real seekdb ratio".padEnd(48)} ${(queriesOnMock!.value / queriesOnReal.value).toFixed(2).padStart(12)}`);
    }
  } finally {
    await nullServer.close();
    await mock.close();
    await real?.stop();
  }

  // The same two servers in a process of their own, as an SDK's CI would run `npm run serve`.
  const child = spawn(process.execPath, ["--import", "tsx", "suites/bench/servers-child.ts"], { stdio: ["pipe", "pipe", "inherit"] });
  try {
    const ports = await new Promise<{ null: number; mock: number }>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", (l) => resolve(JSON.parse(l) as { null: number; mock: number }));
      child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
    });
    const local = (port: number) => ({ host: "127.0.0.1", port, user: "root", password: "", database: "test" });
    const [floor, onMock] = await seekdbJsUpserts([
      { label: "null server, own process (floor)", address: local(ports.null) },
      { label: "mock server, own process", address: local(ports.mock) },
    ]);
    print(floor!);
    print(onMock!);
    printRatio("mock / null-server ratio (servers in own process)", onMock!.value / floor!.value);
  } finally {
    child.stdin!.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
