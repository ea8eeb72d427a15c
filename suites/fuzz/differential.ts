// The differential fuzzer: fast-check draws sequences, each runs on the spec model, the client's
// profile model and every target; a target that does not do what its profile model does fails the
// property, fast-check shrinks the sequence (re-running it on the real targets at every shrink
// step), and the shrunk sequence is run once more in full to judge every target.
import fc from "fast-check";
import { runSequence, type Group, type KnownDivergence, type SequenceOutcome } from "./run-sequence.ts";
import type { Sequence, SequenceStep } from "./sequence.ts";

export interface FuzzOptions {
  readonly seed: number;
  /** Sequences to draw (fast-check numRuns). */
  readonly runs: number;
  /** Stop drawing new sequences after this long (a time-boxed run); shrinking still finishes. */
  readonly timeLimitMs?: number;
  /** Run-unique prefix for collection names on servers. */
  readonly prefix: string;
  readonly onProgress?: (p: FuzzProgress) => void;
  /** Replay exactly this fast-check path (with its seed). */
  readonly path?: string;
}

export interface FuzzProgress {
  readonly sequences: number;
  readonly steps: number;
  readonly divergences: number;
  readonly elapsedMs: number;
}

export interface FuzzFailure {
  readonly seed: number;
  readonly path: string;
  readonly sequence: Sequence;
  /** The shrunk sequence run in full on every target. */
  readonly outcome: SequenceOutcome;
  /** Sequences drawn before the first failing one (1-based count of the one that failed). */
  readonly foundAtSequence: number;
  readonly foundAfterMs: number;
  readonly shrinkRuns: number;
}

export interface FuzzReport {
  readonly client: string;
  readonly profile: string;
  readonly targets: readonly string[];
  readonly seed: number;
  readonly sequences: number;
  readonly steps: number;
  /** Of the steps, the queries compared on the targets. */
  readonly queries: number;
  readonly stepsSkipped: number;
  readonly durationMs: number;
  /** Known divergences seen, by clause: how many sequences showed each, and the first such sequence. */
  readonly known: Readonly<Record<string, { readonly sequences: number; readonly example: Sequence; readonly step: number }>>;
  /** Profile-vs-spec differences whose clauses the profile does not list (an incomplete profile). */
  readonly unlisted: readonly { readonly clauses: readonly string[]; readonly sequence: Sequence; readonly divergence: KnownDivergence }[];
  readonly failure?: FuzzFailure;
  /** Set when a driver failed (could not run): its message. */
  readonly error?: string;
}

let executions = 0;

const fails = (o: SequenceOutcome) => o.divergences.length > 0 || o.modelInvariants.length > 0;

/** Removes one collection index from a sequence: its steps go, higher indexes move down. */
function withoutCollection(seq: Sequence, c: number): Sequence {
  return {
    collections: seq.collections.filter((_, i) => i !== c),
    steps: seq.steps.flatMap((s): SequenceStep[] => ("c" in s ? (s.c === c ? [] : [{ ...s, c: s.c > c ? s.c - 1 : s.c }]) : [s])),
  };
}

/**
 * What fast-check's shrinking leaves, made smaller still where it cannot reach: the steps after
 * the first divergence go, then each earlier step and each collection is dropped if the sequence
 * still fails without it (every attempt runs on the real targets again).
 */
async function minimise(group: Group, seq: Sequence, name: () => (c: number) => string, counted: () => void): Promise<Sequence> {
  const attempt = async (s: Sequence) => {
    counted();
    return runSequence(group, s, { stopAtFirst: true, name: name() });
  };
  let best = seq;
  const first = await attempt(best);
  if (!fails(first)) return seq; // not reproducible (flaky target): keep what fast-check found
  const lastStep = Math.max(...first.divergences.map((d) => d.step), ...first.modelInvariants.map((m) => m.step));
  if (Number.isFinite(lastStep)) best = { ...best, steps: best.steps.slice(0, lastStep + 1) };
  for (let i = best.steps.length - 1; i >= 0; i--) {
    const candidate = { ...best, steps: best.steps.filter((_, k) => k !== i) };
    if (candidate.steps.length > 0 && fails(await attempt(candidate))) best = candidate;
  }
  for (let c = best.collections.length - 1; c >= 0 && best.collections.length > 1; c--) {
    const candidate = withoutCollection(best, c);
    if (candidate.steps.length > 0 && fails(await attempt(candidate))) best = candidate;
  }
  return best;
}

export async function fuzz(group: Group, arb: fc.Arbitrary<Sequence>, opts: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  let sequences = 0;
  let steps = 0;
  let queries = 0;
  let stepsSkipped = 0;
  let failing = false;
  let foundAtSequence = 0;
  let foundAfterMs = 0;
  let shrinkRuns = 0;
  let error: string | undefined;
  const known: Record<string, { sequences: number; example: Sequence; step: number }> = {};
  const unlisted: FuzzReport["unlisted"][number][] = [];
  const name = () => {
    const run = ++executions;
    return (c: number) => `${opts.prefix}_${run}_${c}`;
  };

  const property = fc.asyncProperty(arb, async (seq) => {
    let outcome: SequenceOutcome;
    try {
      outcome = await runSequence(group, seq, { stopAtFirst: true, name: name() });
    } catch (e) {
      // A driver that throws cannot be judged: stop the search, report it as an error.
      error ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      throw e;
    }
    const failed = fails(outcome);
    if (failing) {
      shrinkRuns++;
      return !failed;
    }
    sequences++;
    steps += outcome.stepsRun;
    queries += outcome.queriesRun;
    stepsSkipped += outcome.stepsSkipped;
    const seen = new Set<string>();
    for (const k of outcome.known) {
      for (const clause of k.clauses) {
        if (seen.has(clause)) continue;
        seen.add(clause);
        const entry = known[clause];
        if (entry) entry.sequences++;
        else known[clause] = { sequences: 1, example: seq, step: k.step };
      }
      if (k.unlisted.length > 0 && unlisted.length < 20) unlisted.push({ clauses: k.unlisted, sequence: seq, divergence: k });
    }
    if (failed) {
      failing = true;
      foundAtSequence = sequences;
      foundAfterMs = performance.now() - started;
    }
    opts.onProgress?.({ sequences, steps, divergences: failing ? 1 : 0, elapsedMs: performance.now() - started });
    return !failed;
  });

  const details = await fc.check(property, {
    seed: opts.seed,
    numRuns: opts.runs,
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.timeLimitMs ? { interruptAfterTimeLimit: opts.timeLimitMs, markInterruptAsFailure: false } : {}),
    endOnFailure: false,
  });
  const base = {
    client: group.targets[0]?.client ?? group.model.client,
    profile: group.profile.id,
    targets: group.targets.map((t) => t.target),
    seed: opts.seed,
    sequences,
    steps,
    queries,
    stepsSkipped,
    known,
    unlisted,
  };
  if (error !== undefined) return { ...base, durationMs: performance.now() - started, error };
  if (details.failed && details.counterexample) {
    const [shrunk] = details.counterexample;
    const sequence = await minimise(group, shrunk, name, () => shrinkRuns++);
    // The minimal sequence once more, in full: every target's first divergence, not only the first target's.
    const outcome = await runSequence(group, sequence, { stopAtFirst: false, name: name() });
    return {
      ...base,
      durationMs: performance.now() - started,
      failure: { seed: details.seed, path: details.counterexamplePath ?? "", sequence, outcome, foundAtSequence, foundAfterMs, shrinkRuns },
    };
  }
  return { ...base, durationMs: performance.now() - started };
}
