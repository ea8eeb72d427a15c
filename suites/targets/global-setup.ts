// vitest global setup: one real seekdb for the whole test run, or the reason there is none.
// SEEKDB_HOST/... point at an existing server; otherwise one is started from the pylibseekdb wheel.
// SEEKDB_REAL=off skips the real target; SEEKDB_REAL=required makes its absence an error (CI).
import type { TestProject } from "vitest/node";
import { newRunId } from "../runner/run-id.ts";
import { acquireRealSeekdb, sweep } from "./real.ts";
import type { RealSeekdb } from "./real-context.ts";

let stop: (() => Promise<void>) | undefined;
let cleanup: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const runId = newRunId();
  const mode = process.env.SEEKDB_REAL ?? "auto";
  let real: RealSeekdb;
  if (mode === "off") {
    real = { available: false, reason: "SEEKDB_REAL=off", runId };
  } else {
    try {
      const acquired = await acquireRealSeekdb(process.env, process.env.SEEKDB_ALLOW_REMOTE === "1");
      stop = acquired.stop;
      real = { available: true, address: acquired.address, version: acquired.version, source: acquired.source, runId };
      // An external server outlives the run: take back everything this run created on it.
      if (acquired.external) cleanup = async () => void (await sweep(acquired.address, `ref_${runId}`));
    } catch (e) {
      const reason = `no real seekdb: ${(e as Error).message}`;
      if (mode === "required") throw new Error(`${reason} (SEEKDB_REAL=required)`);
      real = { available: false, reason, runId };
    }
  }
  if (real.available) console.log(`real seekdb: ${real.version} at ${real.address.host}:${real.address.port} (${real.source})`);
  else console.log(`real seekdb tests will be skipped: ${real.reason}`);
  project.provide("realSeekdb", real);
}

export async function teardown(): Promise<void> {
  try {
    await cleanup?.();
  } finally {
    await stop?.();
  }
}
