// The command line as its users meet it, through the seekdb-referee bin from another working
// directory: a bad flag or value is one line and exit 2 with nothing written; SEEKDB_REAL and an
// unanswering SEEKDB_HOST say what npm test says; --help per command; a 2-shard run merged equals
// the unsharded vectors; --quiet and --json print what they promise.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultClientSpecs } from "./clients.ts";
import { closedPort } from "./targets/closed-port.ts";
import { PROJECT_ROOT, realMode } from "./targets/real.ts";

const BIN = join(PROJECT_ROOT, "bin", "seekdb-referee.js");

function referee(args: string[], env: NodeJS.ProcessEnv = {}, cwd = mkdtempSync(join(tmpdir(), "referee-cwd-"))) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 180_000, env: { ...process.env, SEEKDB_HOST: "", SEEKDB_REAL: "", FC_SEED: "", FC_RUNS: "", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

/** The same, without blocking: the bad-flag cases run side by side. */
function refereeAsync(args: string[], env: NodeJS.ProcessEnv = {}, cwd = mkdtempSync(join(tmpdir(), "referee-cwd-"))): Promise<ReturnType<typeof referee>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, SEEKDB_HOST: "", SEEKDB_REAL: "", FC_SEED: "", FC_RUNS: "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("close", (status) => resolve({ status, stdout, stderr, cwd }));
  });
}


describe.concurrent("bad flags and values: one line, exit 2, nothing written", () => {
  const reports = join(mkdtempSync(join(tmpdir(), "referee-bad-")), "out");
  it.each([
    [["--runs", "-1"], "--runs must be an integer in [0, 1000000000], got '-1'"],
    [["--seed", "99999999999"], "--seed must be an integer in [-2147483648, 2147483647], got '99999999999'"],
    [["--target", "moon"], "unknown --target 'moon'"],
    [["--keep", "0"], "--keep must be an integer in [1, 10000]"],
    [["--shard", "3/2"], "--shard must be <i>/<n>"],
    [["--seekdb", "1.3.0.post5", "--target", "mock"], "--target does not name real"],
    [["--seekdb", "latest!"], "--seekdb must be a pylibseekdb version"],
    [["--vector", "no-such-vector"], "no vector 'no-such-vector'"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["fuzz"], "fuzz needs --minutes <m>"],
    [["fuzz", "--minutes", "1", "--law-runs", "3"], "--law-runs does not belong to the fuzz command"],
    [["report", "frobnicate"], "unknown report command 'frobnicate'"],
  ])("%j", async (args, message) => {
    const r = await refereeAsync([...args, "--reports", reports]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(existsSync(reports)).toBe(false);
    expect(readdirSync(r.cwd)).toEqual([]);
  }, 60_000);

  it("SEEKDB_REAL that is none of auto/off/required, and a SEEKDB_HOST that does not answer: the words npm test prints, exit 2", async () => {
    const bogus = referee(["--target", "real", "--runs", "0", "--law-runs", "0", "--reports", reports], { SEEKDB_REAL: "bogus" });
    expect(bogus.status).toBe(2);
    expect(() => realMode({ SEEKDB_REAL: "bogus" })).toThrow();
    let said = "";
    try {
      realMode({ SEEKDB_REAL: "bogus" });
    } catch (e) {
      said = (e as Error).message;
    }
    expect(bogus.stderr).toContain(said);
    const port = await closedPort();
    const closed = referee(["--target", "real", "--runs", "0", "--law-runs", "0", "--reports", reports], { SEEKDB_HOST: "127.0.0.1", SEEKDB_PORT: String(port) });
    expect(closed.status).toBe(2);
    expect(closed.stderr).toContain(`real seekdb at 127.0.0.1:${port} (SEEKDB_HOST) does not answer`);
    expect(closed.stderr).toContain("SEEKDB_REAL=off");
    expect(existsSync(reports)).toBe(false);
  }, 60_000);
});

describe.concurrent("--help", () => {
  it.each([["run", []], ["fuzz", ["fuzz"]], ["replay", ["replay"]], ["report", ["report"]]] as const)("%s", async (_name, command) => {
    const r = await refereeAsync([...command, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npx seekdb-referee/);
  });
});

describe("a run from another directory, sharded and merged", () => {
  it("2 shards: disjoint vectors and seeds; merged, the vectors equal an unsharded run's; --quiet and --json", () => {
    const reports = join(mkdtempSync(join(tmpdir(), "referee-shards-")), "out");
    const common = ["--target", "model", "--runs", "6", "--law-runs", "3", "--seed", "11", "--reports", reports, "--failures", join(reports, "..", "failures")];
    const one = referee([...common, "--shard", "1/2", "--quiet"]);
    expect(one.status, one.stderr).toBe(0);
    // --quiet: where the reports are, and the verdict.
    expect(one.stdout.trim().split("\n")).toHaveLength(2);
    expect(one.stdout).toMatch(/^reports: /);
    const two = referee([...common, "--shard", "2/2", "--json"]);
    expect(two.status, two.stderr).toBe(0);
    const twoSummary = JSON.parse(two.stdout) as { reports: string; seeds: number[]; runId: string };
    expect(twoSummary.seeds).toEqual([12]);
    const full = referee([...common, "--quiet"]);
    expect(full.status).toBe(0);
    const dirs = readdirSync(reports).filter((d) => d.startsWith("r")).sort();
    expect(dirs).toHaveLength(3);
    const read = (d: string) => JSON.parse(readFileSync(join(reports, d, "results.json"), "utf8"));
    const [a, b, whole] = dirs.map(read);
    const ids = (r: { cases: { caseId: string; client: string }[] }) => r.cases.map((c) => `${c.caseId}|${c.client}`);
    expect(ids(a).filter((k: string) => ids(b).includes(k))).toEqual([]);
    expect(b.laws).toEqual([]);

    const merged = referee(["report", "merge", join(reports, dirs[0]!), dirs[1]!, "--reports", reports, "--json"]);
    expect(merged.status, merged.stderr).toBe(0);
    const summary = JSON.parse(merged.stdout) as { reports: string; seeds: number[]; mergedFrom: string[] };
    expect(summary.seeds).toEqual([11, 12]);
    const m = JSON.parse(readFileSync(join(summary.reports, "results.json"), "utf8"));
    expect([...ids(m)].sort()).toEqual([...ids(whole)].sort());
    expect(m.fuzz.find((f: { target: string }) => f.target === "model").sequences).toBe(12);
    expect(m.summary.counts.vectors).toEqual(whole.summary.counts.vectors);
    for (const f of ["junit.xml", "ctrf.json", "matrix.md", "index.html"]) expect(existsSync(join(summary.reports, f)), f).toBe(true);

    // The merged vectors are the unsharded ones: report diff sees no change there.
    const diff = referee(["report", "diff", dirs[2]!, summary.reports, "--reports", reports, "--json"]);
    expect(diff.status, diff.stderr).toBe(0);
    const d = JSON.parse(diff.stdout) as { changes: { rowKind: string }[]; regressions: number };
    expect(d.changes.filter((c) => c.rowKind === "vector")).toEqual([]);
    expect(d.regressions).toBe(0);
  }, 240_000);
});

describe("the clients a default run tests", () => {
  it("both when the project's .venv holds pyseekdb; seekdb-js alone with a sentence saying why when it does not", () => {
    const bare = mkdtempSync(join(tmpdir(), "referee-novenv-"));
    const alone = defaultClientSpecs(bare);
    expect(alone.specs).toEqual([{ name: "seekdb-js" }]);
    expect(alone.note).toMatch(/pyseekdb is not run: no pyseekdb in \.venv \(scripts\/seekdb-venv installs it/);
    const site = join(bare, ".venv", "lib", "python3.11", "site-packages", "pyseekdb");
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, "__init__.py"), "");
    expect(defaultClientSpecs(bare).specs.map((s) => s.name)).toEqual(["seekdb-js", "pyseekdb"]);
  });
});
