// Results for the report tests: a real run on the model (every verdict the model gives, real
// traces) and hand-made results holding what the writers must survive: an unexpected vector, a
// fuzz failure with its counterexample, a crashed law, a not-run vector, and text with markup,
// lone surrogates, control characters, NaN and a 2 MB string.
import { SPEC_PROFILE } from "../../spec/profiles.ts";
import { run, runResults } from "../run.ts";

export async function modelRunResults(seed = 7, fuzzRuns = 5, lawRuns = 5) {
  const outcome = await run({
    runId: "r20260101000000_abcdef",
    targets: ["model"],
    clients: [{ name: "seekdb-js" }],
    seed,
    runs: fuzzRuns,
    lawRuns,
    vectors: true,
    allowRemote: false,
    failuresDir: "/nonexistent-failures",
    replayFailures: false,
    log: () => undefined,
  });
  return runResults(outcome, { command: "npm start --", kind: "run", interrupted: false });
}

const NASTY = `<script>alert(1)</script> ]]> & "quotes" 'apos' \u0001\u0008\u000b\u001f \ud800 lone \udfff low \uFFFE end`;

export const ODD_ROWS = {
  cases: [
    {
      caseId: `odd-${NASTY}`,
      file: "x.json",
      description: NASTY,
      clauses: ["UPSERT-NORM-007", "UPSERT-VAL-001"],
      target: "mock",
      client: "seekdb-js@1.4.0",
      profile: "seekdb-js@1.4",
      verdict: "unexpected",
      tolerance: false,
      specDifferences: [{ path: `final["\ud800"].document`, expected: "a", observed: NASTY, kind: "mismatch" }],
      profileDifferences: [{ path: "steps[0] upsert", expected: { ok: true }, observed: { error: { class: "server", errno: 3140 } }, kind: "mismatch" }],
      trace: { steps: [{ op: "upsert", args: { ids: ["\ud800"] }, observed: { ok: false, error: { class: "server", message: NASTY } } }] },
      durationMs: Number.NaN,
    },
    { caseId: "odd-not-run", clauses: ["UPSERT-NORM-006"], target: "mock", client: "pyseekdb@1.4.0.post1", profile: "pyseekdb@1.4", verdict: "not-run", note: "Python has no undefined", durationMs: 0 },
    { caseId: "odd-error", clauses: ["UPSERT-ERR-001"], target: "mock", client: "seekdb-js@1.4.0", verdict: "error", error: `Error: ${"x".repeat(2_000_000)}` },
    { caseId: "odd-fixed", clauses: ["UPSERT-VAL-004"], target: "mock", client: "seekdb-js@1.4.0", profile: "seekdb-js@1.4", verdict: "fixed", fix: "spec/profiles/seekdb-js.json: delete the override" },
    { verdict: "no-such-verdict" },
    null,
    42,
  ],
  fuzz: [
    {
      client: "seekdb-js@1.4.0",
      profile: "seekdb-js@1.4",
      target: "mock",
      verdict: "unexpected",
      seed: 7,
      runs: 100,
      sequences: 12,
      steps: 50,
      durationMs: 1234.5,
      known: { "UPSERT-VAL-001": 3 },
      unlisted: [],
      failure: {
        hash: "0123456789ab",
        file: "/nonexistent/0123456789ab.json",
        step: 1,
        clauses: ["UPSERT-WRITE-003"],
        script: `c0 = create(dimension 2)\nc0.upsert({ ids: ["a"], documents: ["${NASTY}"] })`,
        differences: [{ path: "c0 get", expected: [{ id: "a" }], observed: [] }],
        foundAtSequence: 12,
        foundAfterMs: 900,
        shrinkRuns: 30,
        replayed: false,
      },
      replays: [],
    },
  ],
  laws: [{ law: "idempotence", profile: "seekdb-js@1.4", expected: "keeps", observed: "crashed", verdict: "error", runs: 5, seed: 7, counterexample: NASTY, path: "0:1", error: "LawCrash" }],
};

/** A run's results with the odd rows added (and one client and target that explain them). */
export function withOddRows(results: Awaited<ReturnType<typeof modelRunResults>>) {
  return {
    ...results,
    targets: [...results.targets, { name: "mock", version: `5.7.25-OceanBase seekdb-v1.4.0.0 (mock) ${NASTY}`, source: "in-process" }],
    cases: [...results.cases, ...ODD_ROWS.cases],
    fuzz: [...results.fuzz, ...ODD_ROWS.fuzz],
    laws: [...results.laws, ...ODD_ROWS.laws],
  };
}

export const SPEC_ID = SPEC_PROFILE.id;
