// vitest global setup: one real seekdb for the whole test run, or the reason there is none.
// SEEKDB_HOST/... point at an existing server; otherwise one is started from the pylibseekdb wheel.
// SEEKDB_REAL=off skips the real target; SEEKDB_REAL=required makes its absence an error (CI), and
// so does a SEEKDB_HOST that does not answer or a SEEKDB_REAL that is none of auto/off/required:
// suites/targets/real-availability.real.test.ts then fails with the reason, which this setup also
// prints first (npm start says the same words and exits 2).
import type { TestProject } from "vitest/node";
import { newRunId } from "../runner/run-id.ts";
import { acquireRealSeekdb, realAddressFromEnv, realMode, sweep, TargetConfigError } from "./real.ts";
import type { RealSeekdb } from "./real-context.ts";

let stop: (() => Promise<void>) | undefined;
let cleanup: (() => Promise<void>) | undefined;

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function setup(project: TestProject): Promise<void> {
  const runId = newRunId();
  let real: RealSeekdb;
  let mode;
  try {
    mode = realMode(process.env);
  } catch (e) {
    mode = "invalid" as const;
    real = { available: false, reason: (e as Error).message, required: true, runId };
  }
  if (mode === "off") {
    real = { available: false, reason: "SEEKDB_REAL=off", required: false, runId };
  } else if (mode !== "invalid") {
    let named = false;
    try {
      const allowRemote = process.env.SEEKDB_ALLOW_REMOTE === "1";
      named = realAddressFromEnv(process.env, allowRemote) !== undefined;
      if (!named) say("real seekdb: starting one from the pylibseekdb wheel (the first time creates .venv: tens of seconds)");
      const acquired = await acquireRealSeekdb(process.env, allowRemote, { log: say });
      stop = acquired.stop;
      real = { available: true, address: acquired.address, version: acquired.version, source: acquired.source, runId };
      // An external server outlives the run: take back everything this run created on it.
      if (acquired.external) cleanup = async () => void (await sweep(acquired.address, `ref_${runId}`));
    } catch (e) {
      // A server the environment names, or bad settings, are an intent: not answering is an error.
      const required = mode === "required" || named || e instanceof TargetConfigError;
      real = { available: false, reason: `${(e as Error).message}${mode === "required" ? " (SEEKDB_REAL=required)" : ""}`, required, runId };
    }
  }
  if (real!.available) say(`real seekdb: ${real!.version} at ${real!.address.host}:${real!.address.port} (${real!.source})`);
  else if (real!.required) say(`error: no real seekdb: ${real!.reason}`);
  else say(`real seekdb tests will be skipped: ${real!.reason}`);
  project.provide("realSeekdb", real!);
}

export async function teardown(): Promise<void> {
  try {
    await cleanup?.();
  } finally {
    await stop?.();
  }
}
