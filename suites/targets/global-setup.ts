// vitest global setup: one real seekdb for the whole test run, or the reason there is none.
// SEEKDB_HOST/... point at an existing server; otherwise one is started from the pylibseekdb wheel.
// SEEKDB_REAL=off skips the real target; SEEKDB_REAL=required makes its absence an error (CI).
import type { TestProject } from "vitest/node";
import { newRunId } from "../runner/run-id.ts";
import { launchRealSeekdb, realAddressFromEnv, serverVersion, sweep } from "./real.ts";
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
      const fromEnv = realAddressFromEnv(process.env, process.env.SEEKDB_ALLOW_REMOTE === "1");
      if (fromEnv) {
        const version = await serverVersion(fromEnv);
        real = { available: true, address: fromEnv, version, source: `SEEKDB_HOST=${fromEnv.host}:${fromEnv.port}`, runId };
        // An external server outlives the run: take back everything this run created on it.
        cleanup = async () => {
          await sweep(fromEnv, `ref_${runId}`);
        };
      } else {
        const launched = await launchRealSeekdb();
        stop = launched.stop;
        real = { available: true, address: launched.address, version: launched.version, source: `pylibseekdb wheel, pid ${launched.pid}`, runId };
      }
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
