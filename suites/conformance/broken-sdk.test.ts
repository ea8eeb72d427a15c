// The referee against broken copies of seekdb-js given by path (--sdk seekdb-js=<dir>), as an
// SDK's CI would run it: the default run (vectors, then a 200-sequence fuzz on the mock) must exit
// 1 naming the clause and the saved failure. For the copies that misbehave only on inputs the
// vectors never hold, the vectors alone must miss them and the fuzzer must catch them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../targets/real.ts";
import { BROKEN_COPIES, installedPyseekdbDir, makeBrokenCopy, makePyseekdbBrokenCopy, PYSEEKDB_BROKEN_COPY } from "./broken-copies.ts";

interface Results {
  cases: { target: string; verdict: string; caseId: string }[];
  fuzz: { target: string; verdict: string; failure?: { clauses: string[]; hash: string; file: string; foundAtSequence: number; foundAfterMs: number; shrinkRuns: number } }[];
}

describe.each(BROKEN_COPIES.map((c) => [c.name, c] as const))("broken copy %s", (_name, copy) => {
  it(`${copy.fault}: ${copy.vectorsCatch ? "the vectors catch it" : "only the fuzzer catches it"} (exit 1, clause and saved failure named)`, () => {
    const dir = makeBrokenCopy(copy);
    const work = mkdtempSync(join(tmpdir(), "referee-broken-"));
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(PROJECT_ROOT, "suites", "cli.ts"), "--sdk", `seekdb-js=${dir}`, "--target", "mock", "--runs", "200", "--seed", "1", "--law-runs", "0", "--out", join(work, "out"), "--failures", join(work, "failures")],
      { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 240_000 },
    );
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.status, output).toBe(1);
    expect(output).toContain(`seekdb-js@`);
    const results = JSON.parse(readFileSync(join(work, "out", "results.json"), "utf8")) as Results;
    const vectorMisses = results.cases.filter((c) => c.verdict === "unexpected");
    if (copy.vectorsCatch) expect(vectorMisses.length, "the vectors catch it").toBeGreaterThan(0);
    else expect(vectorMisses.map((c) => c.caseId), "the vectors alone miss it").toEqual([]);
    const fuzz = results.fuzz.find((f) => f.target === "mock")!;
    expect(fuzz.verdict, output).toBe("unexpected");
    const f = fuzz.failure!;
    expect(f.clauses.some((c) => copy.clauses.includes(c)), `clauses named: ${f.clauses.join(", ")}`).toBe(true);
    expect(existsSync(f.file), f.file).toBe(true);
    expect(existsSync(f.file.replace(/\.json$/, ".repro.ts"))).toBe(true);
    expect(output).toContain(`npm start -- replay ${f.hash}`);
    console.log(`${copy.name}: caught by the fuzzer at sequence ${f.foundAtSequence} after ${(f.foundAfterMs / 1000).toFixed(1)} s, shrunk in ${f.shrinkRuns} runs; clauses ${f.clauses.join(", ")}`);
  }, 300_000);
});

describe.skipIf(!installedPyseekdbDir(PROJECT_ROOT))(`broken copy ${PYSEEKDB_BROKEN_COPY.name}`, () => {
  it(`${PYSEEKDB_BROKEN_COPY.fault}: --sdk pyseekdb=<dir> exits 1 naming the clause`, () => {
    const dir = makePyseekdbBrokenCopy(PROJECT_ROOT);
    const work = mkdtempSync(join(tmpdir(), "referee-broken-py-"));
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(PROJECT_ROOT, "suites", "cli.ts"), "--sdk", `pyseekdb=${dir}`, "--target", "mock", "--runs", "60", "--seed", "1", "--law-runs", "0", "--out", join(work, "out"), "--failures", join(work, "failures")],
      { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 280_000 },
    );
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.status, output).toBe(1);
    const results = JSON.parse(readFileSync(join(work, "out", "results.json"), "utf8")) as Results;
    const caught = results.cases.filter((c) => c.verdict === "unexpected");
    expect(caught.length, "vectors that update a stored id's metadata catch it").toBeGreaterThan(0);
    // The clause is named: by the vectors that show it, and by the fuzzer's shrunk failure.
    const vectorClauses = new Set(caught.flatMap((c) => (c as unknown as { clauses: string[] }).clauses));
    expect(PYSEEKDB_BROKEN_COPY.clauses.some((c) => vectorClauses.has(c)), [...vectorClauses].join(", ")).toBe(true);
    const fuzz = results.fuzz.find((f) => f.target === "mock")!;
    expect(fuzz.verdict, output).toBe("unexpected");
    expect(fuzz.failure!.clauses.some((c) => (PYSEEKDB_BROKEN_COPY.clauses as readonly string[]).includes(c)), fuzz.failure!.clauses.join(", ")).toBe(true);
    expect(existsSync(fuzz.failure!.file.replace(/\.json$/, ".repro.py")), "a Python repro beside the failure").toBe(true);
  }, 300_000);
});
