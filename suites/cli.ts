// `npm start` / `npx seekdb-referee`: the referee's command line. Exit codes: 0 nothing unexpected,
// 1 an unexpected divergence (or a result that could not be had; for report diff, a regression),
// 2 could not run (bad flags, unreachable target, an SDK that does not load), 130 interrupted
// (everything created on servers was dropped).
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { diffModels, diffMarkdown } from "../reports/diff.ts";
import { mergeResults, MergeError, shardWarnings } from "../reports/merge.ts";
import { modelOf, publishRun, REPORT_FILES, type Published } from "../reports/publish.ts";
import { checkOutDir, OutDirError } from "../reports/results.ts";
import { SpecDataError } from "../spec/load.ts";
import { COMMAND, parseCli, USAGE, UsageError, type Output, type Parsed, type RunOptions } from "./cli/args.ts";
import { printOutcome, RunConsole } from "./cli/console.ts";
import { ClientSpecError, openClient, parseClientSpec } from "./clients.ts";
import { HarnessFailure } from "./drivers/harness/driver.ts";
import { FailureFileError, loadFailure } from "./fuzz/failures.ts";
import { runSequence } from "./fuzz/run-sequence.ts";
import { sequenceScript } from "./fuzz/sequence.ts";
import { closeGroup, fuzzGroupOf } from "./lanes.ts";
import { newRunId } from "./runner/run-id.ts";
import { run, runResults } from "./run.ts";
import { openTarget, TargetUnavailable, type TargetName, type TargetSession } from "./targets/sessions.ts";
import { TargetConfigError } from "./targets/real.ts";

async function replay(opts: Extract<Parsed, { command: "replay"; help: false }>): Promise<number> {
  const { failure, sequence, file } = loadFailure(opts.ref, opts.failuresDir);
  const clientSpec = opts.clientsGiven ? opts.clients[0]! : parseClientSpec(failure.client.name);
  const client = await openClient(clientSpec);
  const targetNames = opts.targetsGiven ? opts.targets : (failure.targets.map((t) => t.name) as TargetName[]);
  console.log(`replaying ${failure.hash} (${file}) with ${client.label}, judged by ${client.profile.id}, on ${targetNames.join(", ")}`);
  console.log(sequenceScript(sequence, { abbreviate: true }));
  const runId = newRunId();
  const sessions: TargetSession[] = [];
  try {
    for (const t of targetNames) sessions.push(await openTarget(t, { prefix: `ref_${runId}`, allowRemote: opts.allowRemote, log: console.log, ...(opts.seekdbVersion ? { seekdbVersion: opts.seekdbVersion } : {}) }));
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

function where(o: Output): { root: string; keep: number } | { outDir: string } {
  return o.outDir ? { outDir: o.outDir } : { root: o.reportsRoot, keep: o.keep };
}

function finish(out: RunConsole, o: Output, published: Published, exitCode: number, extra: Record<string, unknown> = {}): void {
  const m = published.model;
  out.always(`reports: ${published.dir}/ (${REPORT_FILES.join(", ")})${published.latest ? ` · latest: ${join(o.reportsRoot, "latest")}` : ""}${published.pruned.length ? ` · ${published.pruned.length} older run(s) removed (--keep ${o.keep})` : ""}`);
  out.always(m.run.verdictLine);
  if (o.json) {
    const summary = { runId: m.run.runId, reports: published.dir, exitCode, verdict: m.run.verdictLine, counts: m.counts, clients: m.run.clients, targets: m.run.targets, seeds: m.run.seeds, ...extra };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  }
}

async function runCommand(opts: Extract<Parsed, { command: "run" | "fuzz"; help: false }> & RunOptions): Promise<number> {
  const runId = newRunId();
  checkOutDir(opts.outDir ?? opts.reportsRoot);
  const out = new RunConsole({ quiet: opts.quiet, json: opts.json });
  const abort = new AbortController();
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      out.always(`${signal}: stopping after the current step and dropping what this run created`);
      interrupted = true;
      abort.abort();
      setTimeout(() => process.exit(130), 30_000).unref();
    });
  }
  // Which clients the default run tests: a line to read; a client left out is a warning even with --quiet.
  if (opts.clientsNote) {
    if (opts.clients.length < 2) process.stderr.write(`warning: ${opts.clientsNote}\n`);
    else out.log(opts.clientsNote);
  }
  const fuzzPlanned = opts.runs * opts.clients.length;
  let fuzzDoneBefore = 0;
  let currentClient = "";
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
    ...(opts.vectorIds ? { vectorIds: opts.vectorIds } : {}),
    ...(opts.lawIds ? { lawIds: opts.lawIds } : {}),
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(opts.seekdbVersion ? { seekdbVersion: opts.seekdbVersion } : {}),
    log: (line) => out.log(line),
    onVectorProgress: (p) => out.progress("vectors", { done: p.done, total: p.total, unit: "vector runs", divergences: p.unexpected, elapsedMs: p.elapsedMs }),
    onFuzzProgress: (client, p) => {
      if (client !== currentClient) {
        if (currentClient) fuzzDoneBefore += opts.runs;
        currentClient = client;
      }
      const box = opts.minutes ? opts.minutes * 60_000 : undefined;
      out.progress(`fuzz ${client}`, {
        done: p.sequences,
        ...(box === undefined ? { total: opts.runs } : {}),
        unit: "sequences",
        divergences: p.divergences,
        elapsedMs: p.elapsedMs,
        ...(box !== undefined ? { remainingMs: box - p.elapsedMs } : {}),
        extra: `${p.steps} steps${box === undefined && opts.clients.length > 1 ? `, client ${Math.floor(fuzzDoneBefore / Math.max(1, opts.runs)) + 1} of ${opts.clients.length} (${fuzzPlanned} sequences in all)` : ""}`,
      });
    },
  });
  out.clear();
  const results = runResults(outcome, { command: COMMAND, kind: opts.command, interrupted, ...(opts.shard ? { shard: opts.shard } : {}) });
  printOutcome(outcome, (line) => out.log(line));
  const published = publishRun(results, where(opts));
  if (interrupted) out.always("interrupted: everything this run created on servers was dropped; the reports are partial");
  finish(out, opts, published, results.summary.exitCode);
  return results.summary.exitCode;
}

/** A run named on the command line: an id in the reports root, "latest", a directory or a results.json. */
function resultsPath(ref: string, root: string): string {
  const candidates = [resolve(ref), join(resolve(ref), "results.json"), join(root, ref, "results.json")];
  const found = candidates.find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) throw new UsageError(`no run '${ref}': looked for ${candidates.join(", ")}`);
  return found;
}

function readResults(ref: string, root: string): unknown {
  const path = resultsPath(ref, root);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError(`${path} is not a results.json: ${(e as Error).message}`);
  }
}

function reportDiff(opts: Extract<Parsed, { command: "report diff" }>): number {
  const [a, b] = opts.runs.map((r) => modelOf(readResults(r, opts.reportsRoot)));
  const d = diffModels(a!, b!);
  if (opts.json) process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
  else process.stdout.write(diffMarkdown(d));
  return d.regressions > 0 ? 1 : 0;
}

function reportMerge(opts: Extract<Parsed, { command: "report merge" }>): number {
  const out = new RunConsole({ quiet: opts.quiet, json: opts.json });
  const shards = opts.dirs.map((d) => readResults(d, opts.reportsRoot));
  for (const w of shardWarnings(shards)) out.always(`warning: ${w}`);
  checkOutDir(opts.outDir ?? opts.reportsRoot);
  const merged = mergeResults(shards, newRunId(), COMMAND);
  const published = publishRun(merged, where(opts));
  out.log(`merged ${shards.length} run(s): ${merged.summary.mergedFrom!.join(", ")}`);
  finish(out, opts, published, merged.summary.exitCode, { mergedFrom: merged.summary.mergedFrom });
  return merged.summary.exitCode;
}

async function main(): Promise<number> {
  let opts: Parsed;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      const command = process.argv[2] === "report" ? "report " : ["fuzz", "replay"].includes(process.argv[2] ?? "") ? `${process.argv[2]} ` : "";
      console.error(`error: ${e.message} (${COMMAND} ${command}--help)`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    console.log(USAGE[opts.command]);
    return 0;
  }
  switch (opts.command) {
    case "replay":
      return replay(opts);
    case "report diff":
      return reportDiff(opts);
    case "report merge":
      return reportMerge(opts);
    default:
      return runCommand(opts as Extract<Parsed, { command: "run" | "fuzz"; help: false }> & RunOptions);
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // Bad input (flags, spec data, a harness that cannot start, targets): one clear line, exit 2.
    if (e instanceof UsageError || e instanceof TargetUnavailable || e instanceof TargetConfigError || e instanceof ClientSpecError || e instanceof OutDirError || e instanceof FailureFileError || e instanceof MergeError || e instanceof SpecDataError || e instanceof HarnessFailure) console.error(`error: ${e.message}`);
    else console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(2);
  },
);
