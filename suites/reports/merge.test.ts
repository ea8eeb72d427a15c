// report merge: a split run's shards as one run. Campaigns of one client and target add up and the
// worst verdict brings its failure; counts and the exit code are computed again; odd sets of shards
// are named.
import { describe, expect, it } from "vitest";
import { mergeResults, shardWarnings } from "../../reports/merge.ts";

const campaign = (verdict: string, sequences: number, extra: object = {}) => ({ client: "seekdb-js@1.4.0", profile: "seekdb-js@1.4", target: "mock", verdict, seed: sequences, runs: 10, sequences, steps: sequences * 3, durationMs: 100, known: { "UPSERT-VAL-001": 1 }, unlisted: [], replays: [], ...extra });
const shard = (i: number, n: number, fuzz: object[], cases: object[] = []) => ({
  runId: `r2026010100000${i}_abcdef`,
  startedAt: `2026-01-01T00:00:0${i}.000Z`,
  durationMs: 1000,
  seed: 10 + i,
  targets: [{ name: "mock", version: "5.7.25-OceanBase seekdb-v1.4.0.0 (mock)", source: "in-process" }],
  summary: { exitCode: 0, verdict: "", counts: {}, seeds: [10 + i], shard: `${i}/${n}`, clients: [{ label: "seekdb-js@1.4.0", name: "seekdb-js", version: "1.4.0", source: "x", profile: "seekdb-js@1.4", spec: "seekdb-js" }] },
  cases,
  fuzz,
  laws: [],
});

describe("report merge", () => {
  it("adds campaigns up; the worst verdict brings its failure; the exit code follows the merged counts", () => {
    const failure = { hash: "abc", step: 1, clauses: ["UPSERT-WRITE-003"] };
    const m = mergeResults([shard(1, 2, [campaign("known", 10)], [{ caseId: "v1", client: "seekdb-js@1.4.0", target: "mock", verdict: "pass" }]), shard(2, 2, [campaign("unexpected", 7, { failure })], [{ caseId: "v2", client: "seekdb-js@1.4.0", target: "mock", verdict: "known" }])], "r20260101000009_abcdef", "npm start --");
    const fuzz = m.fuzz[0] as Record<string, unknown>;
    expect(fuzz).toMatchObject({ verdict: "unexpected", sequences: 17, steps: 51, durationMs: 200, known: { "UPSERT-VAL-001": 2 }, failure, seeds: [10, 7] });
    expect(m.cases).toHaveLength(2);
    expect(m.summary).toMatchObject({ exitCode: 1, kind: "merge", seeds: [11, 12], mergedFrom: ["r20260101000001_abcdef", "r20260101000002_abcdef"] });
    expect(m.summary.counts.all).toMatchObject({ pass: 1, known: 1, unexpected: 1 });
    expect(m.startedAt).toBe("2026-01-01T00:00:01.000Z");
    expect(m.durationMs).toBe(2000);
  });

  it("names what looks wrong about the shards", () => {
    expect(shardWarnings([shard(1, 2, []), shard(2, 2, [])])).toEqual([]);
    expect(shardWarnings([shard(1, 3, []), shard(1, 3, [])])).toEqual(["shard 1/3 given twice", "only 1 of 3 shards given"]);
  });
});
