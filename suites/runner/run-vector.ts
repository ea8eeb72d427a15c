// Runs one vector case on one driver and returns the result as data (never throws for a
// divergence; a driver that throws is an "error" result with its message).
import { expectationsFor, type VectorCase } from "../../spec/load.ts";
import type { Driver, Observation } from "../drivers/driver.ts";
import { compareRecords, compareStep, type Difference } from "./compare.ts";

export interface CaseResult {
  readonly caseId: string;
  readonly file: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly target: string;
  readonly client: string;
  readonly profile: string;
  /** pass: no difference; tolerance: only float differences within seekdb's 6-digit printing; fail; error: could not run. */
  readonly status: "pass" | "tolerance" | "fail" | "error";
  readonly differences: readonly Difference[];
  readonly error?: string;
  readonly durationMs: number;
}

export async function runCase(driver: Driver, c: VectorCase, collection: string): Promise<CaseResult> {
  const started = performance.now();
  const { expects, final, finalError } = expectationsFor(c, driver.profile);
  const differences: Difference[] = [];
  let error: string | undefined;
  let dropped = false;
  try {
    await driver.createCollection({ name: collection, ...c.collection });
    if (c.initial.length > 0) await driver.seed(collection, c.initial);
    let k = 0;
    for (const [i, step] of c.steps.entries()) {
      if (step.op === "drop") {
        await driver.dropCollection(collection);
        dropped = true;
        continue;
      }
      let observed: Observation<unknown>;
      switch (step.op) {
        case "upsert":
        case "add":
        case "update":
          observed = await driver[step.op](collection, step.args);
          break;
        case "delete":
          observed = await driver.delete(collection, step.args.ids);
          break;
        case "get":
          observed = await driver.get(collection, step.args?.ids);
          break;
        case "count":
          observed = await driver.count(collection);
          break;
      }
      differences.push(...compareStep(`steps[${i}] ${step.op}`, expects[k++]!, observed));
    }
    if (finalError && !dropped) {
      const all = await driver.get(collection);
      if (all.ok) differences.push({ path: "final", expected: `error ${finalError}`, observed: all.value, kind: "mismatch" });
      else if (all.error.class !== finalError) differences.push({ path: "final", expected: `error ${finalError}`, observed: all.error, kind: "mismatch" });
    } else if (final && !dropped) {
      const all = await driver.get(collection);
      if (!all.ok) differences.push({ path: "final", expected: "records", observed: all.error, kind: "mismatch" });
      else differences.push(...compareRecords("final", final, all.value));
    }
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } finally {
    if (!dropped) await driver.dropCollection(collection).catch(() => undefined);
  }
  const status = error !== undefined
    ? "error"
    : differences.some((d) => d.kind === "mismatch")
      ? "fail"
      : differences.length > 0
        ? "tolerance"
        : "pass";
  return {
    caseId: c.id,
    file: c.file,
    description: c.description,
    clauses: c.clauses,
    target: driver.target,
    client: driver.client,
    profile: driver.profile,
    status,
    differences,
    ...(error !== undefined ? { error } : {}),
    durationMs: performance.now() - started,
  };
}

/** Runs cases one after another, each in its own collection `${prefix}_${n}`, until aborted. */
export async function runCases(driver: Driver, cases: readonly VectorCase[], prefix: string, signal?: AbortSignal): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [n, c] of cases.entries()) {
    if (signal?.aborted) break;
    results.push(await runCase(driver, c, `${prefix}_${n}`));
  }
  return results;
}
