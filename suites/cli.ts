// `npm start`: runs the spec vectors and a bounded property run against the chosen targets, prints
// a summary and writes the results as data under reports/out/<run-id>/.
// Exit codes: 0 no unexpected divergence, 1 unexpected divergence, 2 could not run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadVectors } from "../spec/load.ts";
import { PROFILES } from "../spec/model/index.ts";
import { ModelDriver } from "./drivers/model-driver.ts";
import type { Driver } from "./drivers/driver.ts";
import { runLaws, type LawResult } from "./runner/laws-run.ts";
import { newRunId } from "./runner/run-id.ts";
import { runCases, type CaseResult } from "./runner/run-vector.ts";

const TARGETS = ["model"] as const;
type Target = (typeof TARGETS)[number];

const USAGE = `usage: npm start -- [options]
  --target <t>    where to run the vectors: ${TARGETS.join(", ")} (repeatable; default: model)
  --runs <n>      property runs per law (default 100)
  --seed <n>      fast-check seed (default 20261124)
  --out <dir>     results directory (default reports/out/<run-id>)
  --help          this text`;

class UsageError extends Error {}

function parseCli(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        target: { type: "string", multiple: true },
        runs: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const int = (name: string, raw: string | undefined, dflt: number, min: number) => {
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${raw}'`);
    return n;
  };
  const targets = (v.target ?? ["model"]) as string[];
  for (const t of targets) {
    if (!(TARGETS as readonly string[]).includes(t)) throw new UsageError(`unknown --target '${t}'; known: ${TARGETS.join(", ")}`);
  }
  return {
    help: v.help === true,
    targets: [...new Set(targets)] as Target[],
    runs: int("runs", v.runs, 100, 1),
    seed: int("seed", v.seed, 20261124, -(2 ** 31)),
    out: v.out,
  };
}

function driversFor(target: Target): Driver[] {
  switch (target) {
    case "model":
      return PROFILES.map((p) => new ModelDriver(p.id));
  }
}

function summariseCases(results: readonly CaseResult[]): string {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = `${r.target} · ${r.client} · judged by ${r.profile}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const lines: string[] = [];
  for (const [key, rs] of groups) {
    const n = (s: CaseResult["status"]) => rs.filter((r) => r.status === s).length;
    lines.push(`  ${key}: ${n("pass")} pass, ${n("tolerance")} tolerance-only, ${n("fail")} fail, ${n("error")} error (of ${rs.length})`);
    for (const r of rs.filter((x) => x.status === "fail" || x.status === "error")) {
      lines.push(`    ✗ ${r.caseId} [${r.clauses.join(", ")}] ${r.error ?? r.differences.map((d) => `${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.observed)}`).join("; ")}`);
    }
  }
  return lines.join("\n");
}

function summariseLaws(results: readonly LawResult[]): string {
  return results
    .map((r) => {
      const mark = r.expected === r.observed ? "✓" : "✗";
      const why = r.observed === "breaks" ? ` — counterexample ${r.counterexample} (seed ${r.seed}, path ${r.path})` : "";
      return `  ${mark} ${r.profile} ${r.observed} ${r.law}${r.clause ? ` (${r.clause})` : ""}${why}`;
    })
    .join("\n");
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const runId = newRunId();
  const vectors = loadVectors();
  const started = Date.now();
  const cases: CaseResult[] = [];
  for (const target of opts.targets) {
    for (const driver of driversFor(target)) {
      try {
        cases.push(...(await runCases(driver, vectors, `ref_${runId}`)));
      } finally {
        await driver.close();
      }
    }
  }
  const laws = PROFILES.flatMap((p) => runLaws(p, opts.seed, opts.runs));

  const outDir = resolve(opts.out ?? join("reports", "out", runId));
  mkdirSync(outDir, { recursive: true });
  const unexpected = cases.filter((c) => c.status === "fail" || c.status === "error").length + laws.filter((l) => l.expected !== l.observed).length;
  writeFileSync(
    join(outDir, "results.json"),
    JSON.stringify({ runId, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, seed: opts.seed, runsPerLaw: opts.runs, cases, laws }, null, 2),
  );

  console.log(`run ${runId}: ${vectors.length} vectors × ${cases.length / vectors.length} driver(s), ${laws.length} law checks (${opts.runs} runs each, seed ${opts.seed})`);
  console.log(`vectors\n${summariseCases(cases)}`);
  console.log(`laws\n${summariseLaws(laws)}`);
  console.log(`results: ${join(outDir, "results.json")}`);
  console.log(unexpected === 0 ? "no unexpected divergence" : `${unexpected} unexpected divergence(s)`);
  return unexpected === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(2);
  },
);
