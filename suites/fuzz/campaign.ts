// A fuzz campaign for one client: replay its saved failures, search for new ones, and turn what
// was found into one verdict per target (the model included), saving every failure with its repro.
import { encode } from "../../spec/codec.ts";
import type { Client } from "../clients.ts";
import { sequenceArb } from "../properties/arbitraries.ts";
import type { Verdict } from "../runner/verdict.ts";
import { fuzz, type FuzzProgress, type FuzzReport } from "./differential.ts";
import { forgetFailure, listFailures, saveFailure, type SavedFailure } from "./failures.ts";
import { runSequence, type Group, type SequenceOutcome } from "./run-sequence.ts";
import { sequenceScript, type Sequence } from "./sequence.ts";

export interface FuzzResult {
  readonly client: string;
  readonly profile: string;
  readonly target: string;
  readonly verdict: Verdict;
  readonly seed: number;
  /** Sequences asked for, and drawn. */
  readonly runs: number;
  readonly sequences: number;
  readonly steps: number;
  /** Of the steps, the queries compared on the targets. */
  readonly queries: number;
  readonly durationMs: number;
  /** Known divergences seen: clause → sequences that showed it. */
  readonly known: Readonly<Record<string, number>>;
  /** Profile-vs-spec differences the profile does not list (clauses), with a sequence each. */
  readonly unlisted: readonly { readonly clauses: readonly string[]; readonly script: string }[];
  readonly failure?: {
    readonly hash: string;
    readonly file: string;
    readonly step: number;
    readonly clauses: readonly string[];
    readonly script: string;
    readonly differences: unknown;
    readonly foundAtSequence: number;
    readonly foundAfterMs: number;
    readonly shrinkRuns: number;
    readonly replayed: boolean;
  };
  /** Saved failures replayed before the search: which still fail, which were forgotten. */
  readonly replays: readonly { readonly hash: string; readonly stillFails: boolean }[];
  readonly note?: string;
  readonly error?: string;
}

export interface CampaignOptions {
  readonly seed: number;
  readonly runs: number;
  readonly timeLimitMs?: number;
  readonly prefix: string;
  readonly failuresDir: string;
  /** Replay saved failures of this client first (default true). */
  readonly replay?: boolean;
  /** Save new failures (default true). */
  readonly save?: boolean;
  readonly maxSteps?: number;
  readonly onProgress?: (p: FuzzProgress) => void;
  readonly log?: (line: string) => void;
}

const fails = (o: SequenceOutcome) => o.divergences.length > 0 || o.modelInvariants.length > 0;

let replayRuns = 0;

function save(client: Client, group: Group, opts: CampaignOptions, seq: Sequence, outcome: SequenceOutcome, seed: number, path: string, targets: readonly { name: string; version: string }[]): SavedFailure {
  const divergences = outcome.divergences.map((d) => ({ ...d, verdict: d.matchesSpec ? ("fixed" as const) : ("unexpected" as const), differences: encode(d.differences) }));
  const modelOnes = outcome.modelInvariants.map((m) => ({
    target: "model",
    client: `model:${m.model === "spec" ? "spec" : group.profile.id}`,
    step: m.step,
    differences: encode([]),
    invariants: [m.violation],
    matchesSpec: false,
    clauses: [],
    verdict: "unexpected" as const,
  }));
  return saveFailure(
    opts.failuresDir,
    {
      client: { name: client.name, version: client.version, source: client.source },
      profile: group.profile.id,
      targets,
      seed,
      path,
      divergences: [...divergences, ...modelOnes],
      clauses: [...new Set(outcome.divergences.flatMap((d) => d.clauses))].sort(),
    },
    seq,
  );
}

export async function fuzzClient(client: Client, group: Group, targets: readonly { name: string; version: string }[], opts: CampaignOptions): Promise<FuzzResult[]> {
  const started = performance.now();
  const replays: { hash: string; stillFails: boolean }[] = [];
  let replayed: { hash: string; file: string; outcome: SequenceOutcome; sequence: Sequence } | undefined;
  const targetNames = new Set(targets.map((t) => t.name));
  // Saved failures first: a known failure is found again at once, a fixed one is forgotten.
  if (opts.replay !== false) {
    for (const saved of listFailures(opts.failuresDir, client.name)) {
      if (!saved.failure.targets.every((t) => t.name === "model" || targetNames.has(t.name))) continue;
      const run = ++replayRuns;
      const outcome = await runSequence(group, saved.sequence, { stopAtFirst: false, name: (c) => `${opts.prefix}_r${run}_${c}` });
      const stillFails = fails(outcome);
      replays.push({ hash: saved.failure.hash, stillFails });
      opts.log?.(`replayed saved failure ${saved.failure.hash}: ${stillFails ? "still fails" : "no longer fails — forgotten"}`);
      if (!stillFails) forgetFailure(saved.file);
      else if (!replayed) replayed = { hash: saved.failure.hash, file: saved.file, outcome, sequence: saved.sequence };
    }
  }
  let report: FuzzReport | undefined;
  if (!replayed) {
    report = await fuzz(group, sequenceArb({ embeddingFunctions: client.embeddingFunctions, holdsUndefined: client.holdsUndefined, ...(opts.maxSteps ? { maxSteps: opts.maxSteps } : {}) }), {
      seed: opts.seed,
      runs: opts.runs,
      prefix: opts.prefix,
      ...(opts.timeLimitMs ? { timeLimitMs: opts.timeLimitMs } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  }
  const durationMs = performance.now() - started;
  const known = Object.fromEntries(Object.entries(report?.known ?? {}).map(([k, v]) => [k, v.sequences]));
  const unlisted = (report?.unlisted ?? []).map((u) => ({ clauses: u.clauses, script: sequenceScript(u.sequence, { abbreviate: true }) }));
  const base = {
    client: client.label,
    profile: group.profile.id,
    seed: opts.seed,
    runs: opts.runs,
    sequences: report?.sequences ?? 0,
    steps: report?.steps ?? 0,
    queries: report?.queries ?? 0,
    durationMs,
    known,
    unlisted,
    replays,
  };
  const calm: Verdict = Object.keys(known).length > 0 ? "known" : "pass";
  if (report?.error) return ["model", ...group.targets.map((t) => t.target)].map((target) => ({ ...base, target, verdict: "error" as const, error: report!.error! }));

  let failure: { sequence: Sequence; outcome: SequenceOutcome; hash: string; file: string; foundAtSequence: number; foundAfterMs: number; shrinkRuns: number; replayed: boolean } | undefined;
  if (replayed) {
    failure = { ...replayed, foundAtSequence: 0, foundAfterMs: 0, shrinkRuns: 0, replayed: true };
  } else if (report?.failure) {
    const f = report.failure;
    const saved = opts.save === false ? undefined : save(client, group, opts, f.sequence, f.outcome, f.seed, f.path, targets);
    failure = { sequence: f.sequence, outcome: f.outcome, hash: saved?.hash ?? "", file: saved ? `${opts.failuresDir}/${saved.hash}.json` : "", foundAtSequence: f.foundAtSequence, foundAfterMs: f.foundAfterMs, shrinkRuns: f.shrinkRuns, replayed: false };
  }
  const script = failure ? sequenceScript(failure.sequence, { abbreviate: true }) : "";
  const modelFailure = failure?.outcome.modelInvariants[0];
  const results: FuzzResult[] = [
    {
      ...base,
      target: "model",
      verdict: modelFailure ? "unexpected" : calm,
      ...(modelFailure && failure
        ? { failure: { hash: failure.hash, file: failure.file, step: modelFailure.step, clauses: [], script, differences: modelFailure.violation, foundAtSequence: failure.foundAtSequence, foundAfterMs: failure.foundAfterMs, shrinkRuns: failure.shrinkRuns, replayed: failure.replayed } }
        : {}),
    },
  ];
  for (const t of group.targets) {
    const d = failure?.outcome.divergences.find((x) => x.target === t.target);
    if (!d || !failure) {
      results.push({ ...base, target: t.target, verdict: calm, ...(failure ? { note: `the search stopped at another target's failure (${failure.hash}) after ${failure.foundAtSequence} sequences` } : {}) });
      continue;
    }
    results.push({
      ...base,
      target: t.target,
      verdict: d.matchesSpec ? "fixed" : "unexpected",
      failure: {
        hash: failure.hash,
        file: failure.file,
        step: d.step,
        clauses: d.clauses,
        script,
        differences: encode(d.differences.length > 0 ? d.differences : d.invariants),
        foundAtSequence: failure.foundAtSequence,
        foundAfterMs: failure.foundAfterMs,
        shrinkRuns: failure.shrinkRuns,
        replayed: failure.replayed,
      },
    });
  }
  return results;
}
