// `npm start`: runs the spec vectors and a bounded property run against the chosen targets, prints
// a summary and writes the results as data under reports/out/<run-id>/.
// Exit codes: 0 no unexpected divergence, 1 unexpected divergence, 2 could not run.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeResults, type RunTarget } from "../reports/results.ts";
import { loadVectors } from "../spec/load.ts";
import { PROFILES } from "../spec/model/index.ts";
import { runLaws, type LawResult } from "./runner/laws-run.ts";
import { newRunId } from "./runner/run-id.ts";
import { runCases, type CaseResult } from "./runner/run-vector.ts";
import { interrupt, openTarget, TARGET_NAMES, TargetUnavailable, type TargetName, type TargetSession } from "./targets/sessions.ts";

const TARGETS = TARGET_NAMES;
type Target = TargetName;

const USAGE = `usage: npm start -- [options]
  --target <t>      where to run the vectors (repeatable; default: model and mock)
                      model  the reference model under every profile
                      mock   seekdb-js against the mock server, started in-process
                      real   seekdb-js against a real seekdb: SEEKDB_HOST/PORT/USER/PASSWORD/DATABASE,
                             or one started from the pylibseekdb wheel (.venv, scripts/seekdb-venv)
  --allow-remote    let SEEKDB_HOST name a non-loopback server
  --runs <n>        property runs per law (default 100)
  --seed <n>        fast-check seed (default 20261124)
  --out <dir>       results directory (default reports/out/<run-id>)
  --help            this text`;

class UsageError extends Error {}

function parseCli(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        target: { type: "string", multiple: true },
        "allow-remote": { type: "boolean" },
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
  const targets = (v.target ?? ["model", "mock"]) as string[];
  for (const t of targets) {
    if (!(TARGETS as readonly string[]).includes(t)) throw new UsageError(`unknown --target '${t}'; known: ${TARGETS.join(", ")}`);
  }
  return {
    help: v.help === true,
    targets: [...new Set(targets)] as Target[],
    runs: int("runs", v.runs, 100, 1),
    seed: int("seed", v.seed, 20261124, -(2 ** 31)),
    out: v.out,
    allowRemote: v["allow-remote"] === true,
  };
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
  const prefix = `ref_${runId}`;
  const vectors = loadVectors();
  const started = Date.now();
  const cases: CaseResult[] = [];
  const targets: RunTarget[] = [];
  // Whatever happens (a failure, Ctrl-C), the run takes back what it created on every server.
  const open = new Set<TargetSession>();
  const closeAll = async () => {
    for (const t of [...open]) {
      open.delete(t);
      await t.close().catch((e) => console.error(`cleanup of ${t.name} failed: ${(e as Error).message}`));
    }
  };
  const abort = new AbortController();
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping and cleaning up`);
      interrupted = true;
      abort.abort();
      // Stop in-flight calls now; the run's own finally drops what it created. If that hangs,
      // clean up from here after a grace period.
      for (const t of open) void interrupt(t);
      setTimeout(() => void closeAll().then(() => process.exit(2)), 15_000).unref();
    });
  }
  try {
    for (const name of opts.targets) {
      let session: TargetSession;
      try {
        session = await openTarget(name, { prefix, allowRemote: opts.allowRemote });
      } catch (e) {
        if (e instanceof TargetUnavailable) {
          console.error(`error: target ${name}: ${e.message}`);
          return 2;
        }
        throw e;
      }
      open.add(session);
      targets.push({ name, version: session.version, source: session.source });
      console.log(`target ${name}: ${session.version} (${session.source})`);
      for (const driver of session.drivers) cases.push(...(await runCases(driver, vectors, `${prefix}_${driver.target}`, abort.signal)));
      open.delete(session);
      await session.close();
      if (interrupted) break;
    }
  } finally {
    await closeAll();
  }
  if (interrupted) {
    console.error("interrupted: everything this run created was dropped");
    return 2;
  }
  const laws = PROFILES.flatMap((p) => runLaws(p, opts.seed, opts.runs));

  const outDir = resolve(opts.out ?? join("reports", "out", runId));
  const unexpected = cases.filter((c) => c.status === "fail" || c.status === "error").length + laws.filter((l) => l.expected !== l.observed).length;
  const resultsPath = writeResults(outDir, { runId, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, targets, seed: opts.seed, runsPerLaw: opts.runs, cases, laws });

  console.log(`run ${runId}: ${vectors.length} vectors × ${cases.length / vectors.length} driver(s), ${laws.length} law checks (${opts.runs} runs each, seed ${opts.seed})`);
  console.log(`vectors\n${summariseCases(cases)}`);
  console.log(`laws\n${summariseLaws(laws)}`);
  console.log(`results: ${resultsPath}`);
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
