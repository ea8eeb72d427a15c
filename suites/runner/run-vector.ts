// Runs one vector case on one driver and judges it: the trace of what happened is kept, then
// compared with the spec's expectations and with the client's profile (never throws for a
// divergence; a driver that throws is an "error" result with its message).
import { encode, type Json } from "../../spec/codec.ts";
import type { Expectation, VectorCase } from "../../spec/load.ts";
import { expectationsFor, readPathOf, type Profile } from "../../spec/profiles.ts";
import type { QueryArgs } from "../../spec/model/types.ts";
import type { Driver, Observation, QueryResult } from "../drivers/driver.ts";
import { compareRecords, compareStep, hasMismatch, type Difference } from "./compare.ts";
import type { Verdict } from "./verdict.ts";

/** What happened, step by step: the evidence behind a verdict. */
export interface Trace {
  readonly steps: readonly { readonly op: string; readonly observed?: Observation<unknown> }[];
  /** The final read of the whole collection (absent when the case dropped it). */
  readonly final?: Observation<unknown>;
}

export interface CaseResult {
  readonly caseId: string;
  readonly file: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly target: string;
  readonly client: string;
  readonly profile: string;
  readonly verdict: Verdict;
  /** Only float differences within seekdb's 6 printed digits were seen. */
  readonly tolerance: boolean;
  /** Differences from the spec's expectations. */
  readonly specDifferences: readonly Difference[];
  /** Differences from the profile's override, when the profile overrides this case. */
  readonly profileDifferences?: readonly Difference[];
  /** For known and fixed: the profile's divergences that list this case. */
  readonly divergences?: readonly { readonly clause: string; readonly actual: string }[];
  /** For fixed: what to delete from the profile file. */
  readonly fix?: string;
  readonly error?: string;
  /** Why a case was not run on this client (not-run). */
  readonly note?: string;
  /** The trace in the marker codec's JSON (inputs and observations, undefined and NaN kept). */
  readonly trace?: Json;
  readonly durationMs: number;
}

/**
 * refresh_index(), then query: seekdb's vector index takes writes in asynchronously, so a query
 * right after a write may miss it (UPSERT-ATOM-005, measured ~190 ms). Every comparison of query
 * results waits for the index this way, on every target; a refresh that fails is the observation.
 */
export async function queryAfterRefresh(driver: Driver, collection: string, args: QueryArgs): Promise<Observation<QueryResult>> {
  const refreshed = await driver.refreshIndex(collection);
  if (!refreshed.ok) return { ok: false, error: { ...refreshed.error, message: `refresh_index() before query failed: ${refreshed.error.message}` }, embeddingCalls: refreshed.embeddingCalls };
  return driver.query(collection, args);
}

/** Runs the case in `collection` on the driver and returns what happened. Throws when the driver fails. */
export async function traceCase(driver: Driver, c: VectorCase, collection: string): Promise<Trace> {
  const steps: { op: string; observed?: Observation<unknown> }[] = [];
  let dropped = false;
  try {
    await driver.createCollection({ name: collection, ...c.collection });
    if (c.initial.length > 0) await driver.seed(collection, c.initial);
    for (const step of c.steps) {
      switch (step.op) {
        case "drop":
          await driver.dropCollection(collection);
          dropped = true;
          steps.push({ op: "drop" });
          break;
        case "fault":
          if (!driver.queueProviderFaults) throw new Error(`${driver.client} cannot queue provider faults`);
          driver.queueProviderFaults(step.faults);
          steps.push({ op: "fault" });
          break;
        case "upsert":
        case "add":
        case "update":
          steps.push({ op: step.op, observed: await driver[step.op](collection, step.args) });
          break;
        case "delete":
          steps.push({ op: "delete", observed: await driver.delete(collection, step.args.ids) });
          break;
        case "get":
          steps.push({ op: "get", observed: await driver.get(collection, step.args?.ids) });
          break;
        case "count":
          steps.push({ op: "count", observed: await driver.count(collection) });
          break;
        case "query":
          steps.push({ op: "query", observed: await queryAfterRefresh(driver, collection, step.args) });
          break;
      }
    }
    return dropped ? { steps } : { steps, final: await driver.get(collection) };
  } finally {
    driver.resetProvider?.();
    if (!dropped) await driver.dropCollection(collection).catch(() => undefined);
  }
}

/** The differences between a trace and one set of expectations. */
export function compareTrace(trace: Trace, expected: { expects: readonly Expectation[]; final?: readonly unknown[]; finalError?: string }): Difference[] {
  const differences: Difference[] = [];
  let k = 0;
  for (const [i, s] of trace.steps.entries()) {
    if (!s.observed) continue;
    differences.push(...compareStep(`steps[${i}] ${s.op}`, expected.expects[k++]!, s.observed));
  }
  const all = trace.final;
  if (expected.finalError && all) {
    if (all.ok) differences.push({ path: "final", expected: `error ${expected.finalError}`, observed: all.value, kind: "mismatch" });
    else if (all.error.class !== expected.finalError) differences.push({ path: "final", expected: `error ${expected.finalError}`, observed: all.error, kind: "mismatch" });
  } else if (expected.final && all) {
    if (!all.ok) differences.push({ path: "final", expected: "records", observed: all.error, kind: "mismatch" });
    else differences.push(...compareRecords("final", expected.final as never, all.value as never));
  }
  return differences;
}

function traceJson(c: VectorCase, trace: Trace): Json {
  return encode({
    initial: c.initial,
    steps: c.steps.map((s, i) => ({ ...s, ...("expect" in s ? { observed: trace.steps[i]?.observed } : {}) })),
    final: trace.final,
  });
}

/** The verdict on a trace for a client judged by `profile`. */
export function judgeCase(c: VectorCase, trace: Trace, profile: Profile, spec: Profile): Omit<CaseResult, "target" | "client" | "durationMs"> {
  const specDifferences = compareTrace(trace, expectationsFor(c, spec));
  const override = profile.overrides[c.id];
  const base = { caseId: c.id, file: c.file, description: c.description, clauses: c.clauses, profile: profile.id, specDifferences, trace: traceJson(c, trace) };
  const listing = profile.divergences.filter((d) => d.repro.includes(c.id)).map((d) => ({ clause: d.clause, actual: d.actual }));
  const readPath = readPathOf(profile);
  if (!override && readPath && hasMismatch(specDifferences)) {
    // The records as this client reads them back: a difference there is the read-path divergence.
    const profileDifferences = compareTrace(trace, expectationsFor(c, profile));
    if (!hasMismatch(profileDifferences)) return { ...base, profileDifferences, verdict: "known", tolerance: profileDifferences.length > 0, divergences: [{ clause: readPath.clause, actual: readPath.actual }] };
    return { ...base, profileDifferences, verdict: "unexpected", tolerance: false };
  }
  if (!override) {
    const verdict: Verdict = hasMismatch(specDifferences) ? "unexpected" : "pass";
    return { ...base, verdict, tolerance: specDifferences.length > 0 && verdict === "pass" };
  }
  const profileDifferences = compareTrace(trace, expectationsFor(c, profile));
  if (!hasMismatch(profileDifferences)) {
    return { ...base, profileDifferences, verdict: "known", tolerance: profileDifferences.length > 0, divergences: listing };
  }
  if (!hasMismatch(specDifferences)) {
    return {
      ...base,
      profileDifferences,
      verdict: "fixed",
      tolerance: specDifferences.length > 0,
      divergences: listing,
      fix: `${profile.file ?? profile.id}: delete the override "${c.id}" and its id from the repro of ${listing.map((d) => d.clause).join(", ") || "its divergence"}`,
    };
  }
  return { ...base, profileDifferences, verdict: "unexpected", tolerance: false };
}

/** Runs and judges one case; a driver failure is an "error" verdict with its message. */
export async function runCase(driver: Driver, profile: Profile, spec: Profile, c: VectorCase, collection: string): Promise<CaseResult> {
  const started = performance.now();
  const who = { target: driver.target, client: driver.client };
  const applicable = driver.applicability?.(c);
  if (applicable && !applicable.applicable) {
    return { caseId: c.id, file: c.file, description: c.description, clauses: c.clauses, profile: profile.id, ...who, verdict: "not-run", tolerance: false, specDifferences: [], note: applicable.reason, durationMs: 0 };
  }
  try {
    const trace = await traceCase(driver, c, collection);
    return { ...judgeCase(c, trace, profile, spec), ...who, durationMs: performance.now() - started };
  } catch (e) {
    return {
      caseId: c.id,
      file: c.file,
      description: c.description,
      clauses: c.clauses,
      profile: profile.id,
      ...who,
      verdict: "error",
      tolerance: false,
      specDifferences: [],
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      durationMs: performance.now() - started,
    };
  }
}

/** Runs cases one after another, each in its own collection `${prefix}_${n}`, until aborted. */
export async function runCases(
  driver: Driver,
  profile: Profile,
  spec: Profile,
  cases: readonly VectorCase[],
  prefix: string,
  opts: { signal?: AbortSignal; onResult?: (r: CaseResult) => void } = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [n, c] of cases.entries()) {
    if (opts.signal?.aborted) break;
    const r = await runCase(driver, profile, spec, c, `${prefix}_${n}`);
    results.push(r);
    opts.onResult?.(r);
  }
  return results;
}
