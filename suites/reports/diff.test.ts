// report diff: results matched by vector × client name × target (versions left out, so two
// releases line up), each change classified, and a pass/known result that became unexpected or an
// error counted as a regression.
import { beforeAll, describe, expect, it } from "vitest";
import { diffMarkdown, diffRuns, normalise } from "../../reports/diff.ts";
import type { CaseResult } from "../runner/run-vector.ts";
import { modelRunResults } from "./fixtures.ts";

type Results = Awaited<ReturnType<typeof modelRunResults>>;
type Case = CaseResult;
let base: Results;
beforeAll(async () => void (base = await modelRunResults()), 60_000);

/** The second run: another client version, and the listed changes to single results. */
function second(change: (cases: Case[]) => Case[]): Results {
  const relabel = (c: Case): Case => (c.client === "seekdb-js@1.4.0" ? { ...c, client: "seekdb-js@1.5.0" } : c);
  return { ...base, runId: "r20260102000000_abcdef", summary: { ...base.summary, clients: base.summary.clients.map((c) => ({ ...c, label: "seekdb-js@1.5.0", version: "1.5.0" })) }, cases: change((base.cases as Case[]).map(relabel)) };
}

describe("report diff", () => {
  it("finds nothing between a run and itself, across client versions", () => {
    const d = diffRuns(base, second((cs) => cs));
    expect(d.changes).toEqual([]);
    expect(d.regressions).toBe(0);
    expect(d.unchanged).toBe(base.cases.length + base.fuzz.length + base.laws.length);
  });

  it("classifies each change and counts the regressions", () => {
    const cases = base.cases as Case[];
    const passing = cases.filter((c) => c.verdict === "pass" && c.client.startsWith("model:seekdb-js"));
    const known = cases.filter((c) => c.verdict === "known");
    const [regressed, toError, valueChanged] = passing;
    const [noLonger] = known;
    const removed = passing[3]!;
    const b = second((cs) => [
      ...cs.flatMap((c): Case[] => {
        if (c.caseId === regressed!.caseId && c.client === regressed!.client) return [{ ...c, verdict: "unexpected" }];
        if (c.caseId === toError!.caseId && c.client === toError!.client) return [{ ...c, verdict: "error", error: "Error: connection lost" }];
        if (c.caseId === valueChanged!.caseId && c.client === valueChanged!.client) return [{ ...c, trace: { steps: [{ op: "upsert", observed: { ok: false } }] } }];
        if (c.caseId === noLonger!.caseId && c.client === noLonger!.client) return [{ ...c, verdict: "pass" }];
        if (c.caseId === removed.caseId && c.client === removed.client) return [];
        return [c];
      }),
      { ...passing[4]!, caseId: "brand-new-vector" },
    ]);
    const d = diffRuns(base, b);
    const kinds = Object.fromEntries(d.changes.map((c) => [`${c.id}|${c.lane}`, c.kind]));
    const lane = (c: Case) => `${c.client} on ${c.target}`;
    expect(kinds[`${regressed!.caseId}|${lane(regressed!)}`]).toBe("regressed");
    expect(kinds[`${toError!.caseId}|${lane(toError!)}`]).toBe("regressed");
    expect(kinds[`${valueChanged!.caseId}|${lane(valueChanged!)}`]).toBe("changed value");
    expect(kinds[`${noLonger!.caseId}|${lane(noLonger!)}`]).toBe("no longer diverges");
    expect(kinds[`${removed.caseId}|${lane(removed)}`]).toBe("removed");
    expect(kinds[`brand-new-vector|${lane(passing[4]!)}`]).toBe("added");
    expect(d.regressions).toBe(2);
    expect(d.changes).toHaveLength(6);
    const md = diffMarkdown(d);
    expect(md.split("\n")[0]).toMatch(/^\*\*❌ 2 regression\(s\)\*\* — 6 change\(s\)/);
    expect(md).toContain("### regressed (2)");
    // The reverse direction: what regressed one way is fixed the other.
    expect(diffRuns(b, base).regressions).toBe(0);
  });

  it("does not count run ids, table ids or ports in messages as changes", () => {
    expect(normalise("Table 'test.c$v2$ab12' on ref_r20261126114052_bad24c_mock_v_3 at 127.0.0.1:40123")).toBe(normalise("Table 'test.c$v2$ff00' on ref_r20261126999999_000000_mock_v_3 at 127.0.0.1:5"));
  });
});
