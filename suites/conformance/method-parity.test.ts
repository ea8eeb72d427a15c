// The method-parity comparator: an unlisted difference fails, a listed one passes, a listed step
// that agrees is reported as fixed, and every listed step names a probe that exists.
import { describe, expect, it } from "vitest";
import { PROBES } from "../fidelity/probes.ts";
import { compareMethodRuns, knownMethodDifferences } from "./method-parity.ts";
import type { MethodRun } from "./seekdb-js-methods.ts";

const run = (...steps: [string, unknown][]): MethodRun => ({ client: "x", steps: steps.map(([step, value]) => ({ step, ok: true, value })) });
const known = [{ client: "seekdb-js", step: "query", probe: "hybrid-sql-limit-knn" }];

describe("method parity", () => {
  it("an unlisted difference is unexpected", () => {
    const v = compareMethodRuns("seekdb-js", run(["get()", ["a", "b"]], ["query", 1]), run(["get()", ["b", "a"]], ["query", 1]), known);
    expect(v.unexpected.map((d) => d.step)).toEqual(["get()"]);
  });

  it("a listed difference is allowed, for its client only", () => {
    const mock = run(["count", 2], ["query", "9500"]);
    const real = run(["count", 2], ["query", [1]]);
    expect(compareMethodRuns("seekdb-js", mock, real, known).unexpected).toEqual([]);
    expect(compareMethodRuns("pyseekdb", mock, real, known).unexpected.map((d) => d.step)).toEqual(["query"]);
  });

  it("a listed step that agrees is reported as fixed; a missing step is a difference", () => {
    const v = compareMethodRuns("seekdb-js", run(["count", 2], ["query", 1]), run(["count", 2], ["query", 1], ["peek", []]), known);
    expect(v.fixed.map((k) => k.step)).toEqual(["query"]);
    expect(v.unexpected.map((d) => d.step)).toEqual(["peek"]);
  });

  it("every known method difference names a fidelity probe", () => {
    const ids = new Set(PROBES.map((p) => p.id));
    expect(knownMethodDifferences().filter((k) => !ids.has(k.probe))).toEqual([]);
  });
});
