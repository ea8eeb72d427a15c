// `npm start`: the referee's command line. Exit codes: 0 nothing unexpected, 1 an unexpected
// divergence (or a result that could not be had), 2 could not run (bad flags, unreachable target,
// an SDK that does not load), 130 interrupted (everything created was dropped).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkOutDir, currentCommit, OutDirError, writeResults } from "../reports/results.ts";
import { SpecDataError } from "../spec/load.ts";
import { HarnessFailure } from "./drivers/harness/driver.ts";
import { ClientSpecError, openClient, parseClientSpec, type ClientSpec } from "./clients.ts";
import { DEFAULT_FAILURES_DIR, FailureFileError, loadFailure } from "./fuzz/failures.ts";
import { runSequence } from "./fuzz/run-sequence.ts";
import { sequenceScript } from "./fuzz/sequence.ts";
import { closeGroup, fuzzGroupOf } from "./lanes.ts";
import { newRunId } from "./runner/run-id.ts";
import { formatCounts } from "./runner/verdict.ts";
import { run, type RunOutcome } from "./run.ts";
import { openTarget, TARGET_NAMES, TargetUnavailable, type TargetName, type TargetSession } from "./targets/sessions.ts";
import { PROJECT_ROOT } from "./targets/real.ts";

const DEFAULT_SEED = 20261124;
const COMMON = `  --target <t>      model | mock | real (repeatable; default: model and mock)
                      model  the reference model under every profile
                      mock   the client against the mock server, started in this process
                      real   the client against a real seekdb: SEEKDB_HOST/PORT/USER/PASSWORD/DATABASE,
                             or one started from the pylibseekdb wheel (.venv)
  --sdk <client>    seekdb-js (the installed package) or seekdb-js=<dir> (a build in <dir>;
                    its dependencies resolve from <dir>, else from this project); repeatable
  --seed <n>        fast-check seed, an integer in [-2147483648, 2147483647] (default FC_SEED or ${DEFAULT_SEED})
  --failures <dir>  the failure database (default reports/failures)
  --allow-remote    let SEEKDB_HOST name a non-loopback server
  --help            this text`;

const USAGE: Record<string, string> = {
  run: `usage: npm start -- [options]
Runs the spec vectors on every client and target, a bounded differential fuzz of each client on
every target at once (saved failures replayed first), and the property laws on the model.
${COMMON}
  --runs <n>        fuzz sequences per client (default 100; 0 skips the fuzz)
  --law-runs <n>    runs per property law (default FC_RUNS or 200; 0 skips them)
  --out <dir>       results directory (default reports/out/<run-id>)
  --no-replay       do not replay saved failures first
other commands: fuzz, replay (npm start -- <command> --help)`,
  fuzz: `usage: npm start -- fuzz --minutes <m> [options]
Fuzzes each client on every target for a time box, with a progress line; no vectors, no laws.
${COMMON}
  --minutes <m>     the time box, per client (required; decimals allowed)
  --runs <n>        stop earlier after this many sequences (default: no limit)
  --out <dir>       results directory (default reports/out/<run-id>)
  --no-replay       do not replay saved failures first`,
  replay: `usage: npm start -- replay <hash-or-file> [options]
Runs one saved failure again, in full, on its client and targets (or those the flags name) and
says whether it still diverges (exit 1) or not (exit 0).
${COMMON}`,
};

class UsageError extends Error {}

function parseInt32(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  return n;
}

function envInt(name: string, min: number, max: number, dflt: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return dflt;
  try {
    return parseInt32(name, raw, min, max);
  } catch {
    throw new UsageError(`${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  }
}

function parseCli(argv: string[]) {
  const first = argv[0];
  const command = first === "fuzz" || first === "replay" || first === "run" ? first : "run";
  const rest = command === first ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        target: { type: "string", multiple: true },
        sdk: { type: "string", multiple: true },
        seed: { type: "string" },
        runs: { type: "string" },
        "law-runs": { type: "string" },
        minutes: { type: "string" },
        out: { type: "string" },
        failures: { type: "string" },
        "allow-remote": { type: "boolean" },
        "no-replay": { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: command === "replay",
    });
  } catch (e) {
    // node:util says "ambiguous" for a negative number given as a value: say what was wrong.
    const m = /option '(--[a-z-]+)/.exec((e as Error).message);
    throw new UsageError(m && /ambiguous/.test((e as Error).message) ? `${m[1]} needs a value; write ${m[1]}=<value> for values that start with '-'` : (e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { command, help: true as const };
  const targets = (v.target ?? ["model", "mock"]) as string[];
  for (const t of targets) if (!(TARGET_NAMES as readonly string[]).includes(t)) throw new UsageError(`unknown --target '${t}'; known: ${TARGET_NAMES.join(", ")}`);
  let clients: ClientSpec[];
  try {
    clients = (v.sdk ?? ["seekdb-js"]).map(parseClientSpec);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const seed = v.seed === undefined ? envInt("FC_SEED", -(2 ** 31), 2 ** 31 - 1, DEFAULT_SEED) : parseInt32("seed", v.seed, -(2 ** 31), 2 ** 31 - 1);
  const minutes = v.minutes === undefined ? undefined : Number(v.minutes);
  if (command === "fuzz" && (minutes === undefined || !Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)) {
    throw new UsageError(`fuzz needs --minutes <m> with 0 < m ≤ 1440, got '${v.minutes ?? ""}'`);
  }
  if (command !== "fuzz" && minutes !== undefined) throw new UsageError("--minutes belongs to the fuzz command");
  const runs = v.runs === undefined ? (command === "fuzz" ? 1_000_000_000 : 100) : parseInt32("runs", v.runs, 0, 1_000_000_000);
  const lawRuns = v["law-runs"] === undefined ? envInt("FC_RUNS", 1, 1_000_000, 200) : parseInt32("law-runs", v["law-runs"], 0, 1_000_000);
  if (command === "replay" && parsed.positionals.length !== 1) throw new UsageError("replay needs exactly one saved failure: a hash or a file");
  return {
    command,
    help: false as const,
    targets: [...new Set(targets)] as TargetName[],
    targetsGiven: v.target !== undefined,
    clients,
    clientsGiven: v.sdk !== undefined,
    seed,
    runs,
    lawRuns: command === "run" ? lawRuns : 0,
    minutes,
    out: v.out,
    failuresDir: resolve(v.failures ?? DEFAULT_FAILURES_DIR),
    allowRemote: v["allow-remote"] === true,
    replay: v["no-replay"] !== true,
    ref: parsed.positionals[0],
  };
}

const percent = (c: Record<string, number>) => formatCounts(c as never);

function printOutcome(o: RunOutcome, resultsPath: string): void {
  const out = console.log;
  out(`run ${o.runId} · seed ${o.seed} · ${(o.durationMs / 1000).toFixed(1)} s`);
  for (const c of o.clients) out(`client ${c.label} (${c.source}) judged by profile ${c.profile}${c.profileNote ? ` — ${c.profileNote}` : ""}`);
  if (o.cases.length > 0) {
    out("vectors");
    const lanes = new Map<string, typeof o.cases>();
    for (const r of o.cases) lanes.set(`${r.client} on ${r.target}`, [...(lanes.get(`${r.client} on ${r.target}`) ?? []), r]);
    for (const [lane, rs] of lanes) {
      const counts: Record<string, number> = {};
      for (const r of rs) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
      out(`  ${lane}: ${rs.length} vectors — ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}`);
      for (const r of rs.filter((x) => x.verdict === "unexpected" || x.verdict === "error" || x.verdict === "fixed")) {
        const detail = r.error ?? (r.profileDifferences ?? r.specDifferences).filter((d) => d.kind === "mismatch").slice(0, 3).map((d) => `${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.observed)}`).join("; ");
        out(`    ${r.verdict === "fixed" ? "↺ fixed" : "✗ " + r.verdict} ${r.caseId} [${r.clauses.join(", ")}] ${detail}`.slice(0, 600));
        if (r.fix) out(`      ${r.fix}`);
      }
    }
  }
  if (o.fuzz.length > 0) {
    out("fuzz");
    for (const f of o.fuzz) {
      const knownText = Object.entries(f.known).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace("UPSERT-", "")}×${n}`).join(" ");
      out(`  ${f.client} on ${f.target}: ${f.verdict} — ${f.sequences} sequences, ${f.steps} steps, ${(f.durationMs / 1000).toFixed(1)} s${knownText ? `; known divergences seen: ${knownText}` : ""}`);
      if (f.note) out(`    note: ${f.note}`);
      if (f.error) out(`    error: ${f.error}`);
      if (f.failure) {
        out(`    ${f.verdict === "fixed" ? "↺ the profile's divergence no longer happens" : "✗ differs from its profile"} at step ${f.failure.step}${f.failure.clauses.length ? ` (${f.failure.clauses.join(", ")})` : ""}, ${f.failure.replayed ? "replayed from the failure database" : `found after ${f.failure.foundAtSequence} sequences (${(f.failure.foundAfterMs / 1000).toFixed(1)} s), shrunk in ${f.failure.shrinkRuns} runs`}`);
        out(f.failure.script.split("\n").map((l) => `      ${l}`).join("\n"));
        out(`    differences: ${JSON.stringify(f.failure.differences).slice(0, 800)}`);
        if (f.failure.hash) out(`    saved: ${f.failure.file} (repro script beside it) · replay: npm start -- replay ${f.failure.hash}`);
      }
      for (const u of f.unlisted.slice(0, 3)) out(`    profile gap: the model diverges from the spec on ${u.clauses.join(", ")}, which profile ${f.profile} does not list\n${u.script.split("\n").map((l) => `      ${l}`).join("\n")}`);
    }
  }
  if (o.laws.length > 0) {
    const notShown = o.laws.filter((l) => l.shown === false);
    out(`laws: ${percent(o.counts.laws)}${notShown.length ? ` (${notShown.length} expected break(s) not shown in ${notShown[0]!.runs} runs: ${notShown.map((l) => `${l.profile} ${l.law}`).join(", ")})` : ""}`);
    for (const l of o.laws.filter((x) => x.verdict === "unexpected" || x.verdict === "error")) {
      out(`  ✗ ${l.profile} ${l.observed} ${l.law}${l.error ? `: ${l.error}` : ""} — counterexample ${l.counterexample} (seed ${l.seed}, path ${l.path})`);
    }
  }
  out(`results: ${resultsPath}`);
}

function verdictLine(o: RunOutcome): string {
  const c = o.counts.all;
  if (o.exitCode === 0) return `no unexpected divergence (${percent(c)})`;
  return `${c.unexpected} unexpected divergence(s)${c.error ? `, ${c.error} could not run` : ""} (${percent(c)})`;
}

async function replay(opts: Exclude<ReturnType<typeof parseCli>, { help: true }>): Promise<number> {
  const { failure, sequence, file } = loadFailure(opts.ref!, opts.failuresDir);
  const clientSpec = opts.clientsGiven ? opts.clients[0]! : parseClientSpec(failure.client.name);
  const client = await openClient(clientSpec);
  const targetNames = opts.targetsGiven ? opts.targets : (failure.targets.map((t) => t.name) as TargetName[]);
  console.log(`replaying ${failure.hash} (${file}) with ${client.label}, judged by ${client.profile.id}, on ${targetNames.join(", ")}`);
  console.log(sequenceScript(sequence, { abbreviate: true }));
  const runId = newRunId();
  const sessions: TargetSession[] = [];
  try {
    for (const t of targetNames) sessions.push(await openTarget(t, { prefix: `ref_${runId}`, allowRemote: opts.allowRemote, log: console.log }));
    const group = await fuzzGroupOf(client, sessions.filter((s) => s.address));
    try {
      const outcome = await runSequence(group, sequence, { stopAtFirst: false, name: (c) => `ref_${runId}_${c}` });
      for (const d of outcome.divergences) {
        console.log(`${d.matchesSpec ? "↺ fixed" : "✗ unexpected"} on ${d.target} at step ${d.step} (${d.clauses.join(", ")}): ${JSON.stringify([...d.differences, ...d.invariants]).slice(0, 1500)}`);
      }
      for (const m of outcome.modelInvariants) console.log(`✗ the ${m.model} model breaks ${m.violation.invariant} at step ${m.step}: ${m.violation.detail}`);
      const still = outcome.divergences.length > 0 || outcome.modelInvariants.length > 0;
      console.log(still ? "still diverges" : "no longer diverges: the failure can be deleted");
      return still ? 1 : 0;
    } finally {
      await closeGroup(group);
    }
  } finally {
    for (const s of sessions.reverse()) await s.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message} (npm start -- --help)`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    console.log(USAGE[opts.command]);
    return 0;
  }
  if (opts.command === "replay") return replay(opts);

  const runId = newRunId();
  const outDir = resolve(opts.out ?? join(PROJECT_ROOT, "reports", "out", runId));
  checkOutDir(outDir);
  const abort = new AbortController();
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping after the current step and dropping what this run created`);
      interrupted = true;
      abort.abort();
      setTimeout(() => process.exit(130), 30_000).unref();
    });
  }
  const tty = process.stdout.isTTY === true;
  let lastPlain = 0;
  const outcome = await run({
    runId,
    targets: opts.targets,
    clients: opts.clients,
    seed: opts.seed,
    runs: opts.runs,
    lawRuns: opts.lawRuns,
    vectors: opts.command === "run",
    ...(opts.minutes ? { fuzzTimeLimitMs: opts.minutes * 60_000 } : {}),
    allowRemote: opts.allowRemote,
    failuresDir: opts.failuresDir,
    replayFailures: opts.replay,
    signal: abort.signal,
    log: (line) => console.log(line),
    onFuzzProgress: (client, p) => {
      const line = `fuzz ${client}: ${p.sequences} sequences, ${p.steps} steps, ${p.divergences} divergence(s), ${(p.elapsedMs / 1000).toFixed(0)} s${opts.minutes ? ` of ${opts.minutes * 60} s` : ""}`;
      if (tty) process.stdout.write(`\r${line}\x1b[K`);
      else if (p.elapsedMs - lastPlain > 10_000) {
        lastPlain = p.elapsedMs;
        console.log(line);
      }
    },
  });
  if (tty) process.stdout.write("\r\x1b[K");
  const path = writeResults(outDir, {
    runId,
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    seed: outcome.seed,
    targets: outcome.targets,
    summary: { exitCode: interrupted ? 130 : outcome.exitCode, verdict: verdictLine(outcome), counts: outcome.counts, ...(currentCommit(PROJECT_ROOT) ? { commit: currentCommit(PROJECT_ROOT)! } : {}), clients: outcome.clients },
    cases: outcome.cases,
    fuzz: outcome.fuzz,
    laws: outcome.laws,
  });
  printOutcome(outcome, path);
  if (interrupted) {
    console.error("interrupted: everything this run created was dropped; the results above are partial");
    return 130;
  }
  console.log(verdictLine(outcome));
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // Bad input (spec data, a harness that cannot start, flags' targets): one clear line, exit 2.
    if (e instanceof TargetUnavailable || e instanceof ClientSpecError || e instanceof OutDirError || e instanceof FailureFileError || e instanceof SpecDataError || e instanceof HarnessFailure) console.error(`error: ${e.message}`);
    else console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(2);
  },
);
