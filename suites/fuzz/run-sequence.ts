// Runs one sequence on a group: the spec model, the client's profile model and every target
// (the client on the mock, on real seekdb, ...), step by step. After each step it compares each
// target's observation and whole state with the profile model's, checks the invariants, and
// records where the profile model itself differs from the spec (a known divergence, if the
// profile lists its clause). The spec model is put back on the profile model's state after each
// step, so every comparison asks: from the same state, does this call do what the spec says?
import { clausesAt, explainWrite, queryClausesAt } from "../../spec/model/explain.ts";
import { UnmodelledInput } from "../../spec/model/index.ts";
import type { Profile } from "../../spec/profiles.ts";
import type { Driver, Observation, ObservedRecord } from "../drivers/driver.ts";
import type { ModelDriver } from "../drivers/model-driver.ts";
import { compareStep, expectationOf, hasMismatch, type Difference } from "../runner/compare.ts";
import { queryAfterRefresh } from "../runner/run-vector.ts";
import { acknowledgedIds, checkInvariants, type InvariantViolation } from "./invariants.ts";
import type { Sequence, SequenceStep } from "./sequence.ts";

export interface Group {
  readonly profile: Profile;
  readonly spec: ModelDriver;
  readonly model: ModelDriver;
  readonly targets: readonly Driver[];
}

/** A target that did not do what its profile model did. */
export interface TargetDivergence {
  readonly target: string;
  readonly client: string;
  /** Index of the step in sequence.steps. */
  readonly step: number;
  readonly differences: readonly Difference[];
  readonly invariants: readonly InvariantViolation[];
  /** The target did what the spec model did instead: the profile's divergence is gone ("fixed"). */
  readonly matchesSpec: boolean;
  /** Clauses that decide what differs (explained from the spec's reading of the call). */
  readonly clauses: readonly string[];
}

/** A step where the profile model did not do what the spec model did. */
export interface KnownDivergence {
  readonly step: number;
  /** Clauses behind the difference that the profile lists as divergences. */
  readonly clauses: readonly string[];
  /** Clauses behind the difference that the profile does not list: the profile file is incomplete. */
  readonly unlisted: readonly string[];
  readonly differences: readonly Difference[];
}

export interface SequenceOutcome {
  readonly divergences: readonly TargetDivergence[];
  readonly known: readonly KnownDivergence[];
  /** Invariants the models themselves broke (a bug in an executor). */
  readonly modelInvariants: readonly { readonly step: number; readonly model: string; readonly violation: InvariantViolation }[];
  readonly stepsRun: number;
  /** Query steps compared on the targets (refresh_index(), then query). */
  readonly queriesRun: number;
  /** Steps left out because the profile model cannot say what the client does with them. */
  readonly stepsSkipped: number;
}

type ReadKind = "write" | "records" | "count" | "query";
const kindOf = (op: SequenceStep["op"]): ReadKind => (op === "get" ? "records" : op === "count" || op === "query" ? op : "write");

async function call(d: Driver, name: string, step: SequenceStep): Promise<Observation<unknown>> {
  switch (step.op) {
    case "upsert":
    case "add":
    case "update":
      return d[step.op](name, step.args);
    case "delete":
      return d.delete(name, step.ids);
    case "get":
      return d.get(name, step.ids);
    case "count":
      return d.count(name);
    case "query":
      return queryAfterRefresh(d, name, step.args);
    default:
      throw new Error(`not a call: ${step.op}`);
  }
}

interface FullState {
  readonly all: Observation<ObservedRecord[]>;
  readonly count: Observation<number>;
}

async function fullState(d: Driver, name: string): Promise<FullState> {
  return { all: await d.get(name), count: await d.count(name) };
}

function compareFull(path: string, expected: FullState, observed: FullState): Difference[] {
  return [
    ...compareStep(`${path} get()`, expectationOf(expected.all, "records"), observed.all),
    ...compareStep(`${path} count()`, expectationOf(expected.count, "count"), observed.count),
  ];
}

function invariantsOf(state: FullState, dimension: number, acknowledged: readonly string[]): InvariantViolation[] {
  if (!state.all.ok || !state.count.ok) return [];
  return checkInvariants({ dimension, records: state.all.value, count: state.count.value, acknowledged });
}

export interface RunOptions {
  /** Stop at the first target divergence (while fast-check searches and shrinks). */
  readonly stopAtFirst: boolean;
  /** Collection name of collection index c in this execution (run-unique). */
  readonly name: (c: number) => string;
}

export async function runSequence(group: Group, seq: Sequence, opts: RunOptions): Promise<SequenceOutcome> {
  const { spec, model, profile } = group;
  const divergences: TargetDivergence[] = [];
  const known: KnownDivergence[] = [];
  const modelInvariants: SequenceOutcome["modelInvariants"][number][] = [];
  const live = group.targets.filter(() => true);
  const alive = seq.collections.map(() => false);
  const created = new Set<number>();
  let stepsRun = 0;
  let stepsSkipped = 0;
  let queriesRun = 0;
  const all: Driver[] = [spec, model, ...group.targets];
  const listed = new Set(profile.divergences.map((d) => d.clause));
  // Invariants the profile says its client breaks: seen, they are a known divergence.
  const knownBreak = (v: InvariantViolation) => profile.brokenInvariants.find((b) => b.invariant === v.invariant);
  const judgeInvariants = (step: number, violations: InvariantViolation[]): InvariantViolation[] => {
    const clauses = [...new Set(violations.flatMap((v) => knownBreak(v)?.clause ?? []))];
    if (clauses.length > 0 && !known.some((k) => k.step === step && clauses.every((c) => k.clauses.includes(c)))) known.push({ step, clauses, unlisted: [], differences: [] });
    return violations.filter((v) => !knownBreak(v));
  };

  const create = async (c: number) => {
    const config = seq.collections[c]!;
    for (const d of all) await d.createCollection({ name: opts.name(c), ...config });
    alive[c] = true;
    created.add(c);
  };

  const diverge = (d: Driver, step: number, differences: Difference[], invariants: InvariantViolation[], matchesSpec: boolean, clauses: string[]) => {
    divergences.push({ target: d.target, client: d.client, step, differences, invariants, matchesSpec, clauses });
    live.splice(live.indexOf(d), 1);
  };

  try {
    for (let c = 0; c < seq.collections.length; c++) await create(c);
    for (const [i, step] of seq.steps.entries()) {
      if (opts.stopAtFirst && divergences.length > 0) break;
      if (step.op === "fault") {
        for (const d of all) d.queueProviderFaults?.(step.faults);
        stepsRun++;
        continue;
      }
      const c = step.c;
      const name = opts.name(c);
      if (step.op === "create") {
        if (!alive[c]) await create(c);
        stepsRun++;
        continue;
      }
      if (step.op === "drop") {
        if (alive[c]) {
          for (const d of all) await d.dropCollection(name);
          alive[c] = false;
        }
        stepsRun++;
        continue;
      }
      const before = model.state(name);
      const faultsBefore = [model.queuedFaults(), spec.queuedFaults()] as const;
      let modelObs: Observation<unknown>;
      let specObs: Observation<unknown>;
      try {
        modelObs = await call(model, name, step);
        // The spec can be silent too: a query whose distances overflow (spec/model/server-table.ts).
        specObs = await call(spec, name, step);
      } catch (e) {
        if (!(e instanceof UnmodelledInput)) throw e;
        // The models cannot say what the client does: the step is not sent anywhere, and what the
        // models did on the way (a provider fault taken) is undone.
        if (before) {
          model.setState(name, before);
          spec.setState(name, before);
        }
        model.restoreFaults(faultsBefore[0]);
        spec.restoreFaults(faultsBefore[1]);
        stepsSkipped++;
        continue;
      }
      stepsRun++;
      if (step.op === "query") queriesRun++;
      const observed = await Promise.all(live.map((d) => call(d, name, step)));
      const isWrite = step.op === "upsert" || step.op === "add" || step.op === "update" || step.op === "delete";
      const path = `steps[${i}] ${step.op}`;
      const explanation = before && (step.op === "upsert" || step.op === "add" || step.op === "update") ? explainWrite(before, step.op, step.args) : undefined;
      const specError = !specObs.ok ? specObs.error.clause : undefined;
      // Naming a target's divergence narrows to the clauses that decide it; matching a model
      // divergence against the profile's list takes every candidate (the profile names the cause).
      const clausesOf = (diffs: readonly Difference[], narrow = true) =>
        [
          ...new Set(
            diffs.flatMap((d) =>
              explanation ? clausesAt(explanation, d.path, specError, narrow) : step.op === "query" ? queryClausesAt(d.path, specError ?? (!modelObs.ok ? modelObs.error.clause : undefined)) : [],
            ),
          ),
        ].sort();

      // The profile model against the spec model, from the same state. The spec names no errno.
      const expectModel = expectationOf(modelObs, kindOf(step.op));
      const expectModelClass = "error" in expectModel ? { ...expectModel, errno: undefined } : expectModel;
      const modelFull = isWrite && alive[c] ? await fullState(model, name) : undefined;
      const specFull = isWrite && alive[c] ? await fullState(spec, name) : undefined;
      const knownDiffs = [
        ...compareStep(path, expectModelClass, specObs),
        ...(modelFull && specFull ? compareFull(path, modelFull, specFull) : []),
      ].filter((d) => d.kind === "mismatch");
      if (knownDiffs.length > 0) {
        // Beyond the clauses of the fields that differ: a call the spec rejected but whose state
        // differs wrote something (ATOM-001); a difference in what reads return may be the
        // client's read path.
        const stateDiffers = knownDiffs.some((d) => d.path.includes(" get()") || d.path.includes(" count()"));
        const readPath = profile.divergences.find((d) => d.readPath)?.clause;
        const clauses = [
          ...new Set([...clausesOf(knownDiffs, false), ...(!specObs.ok && stateDiffers ? ["UPSERT-ATOM-001"] : []), ...(readPath && stateDiffers ? [readPath] : [])]),
        ].sort();
        known.push({ step: i, clauses: clauses.filter((x) => listed.has(x)), unlisted: clauses.some((x) => listed.has(x)) ? [] : clauses, differences: knownDiffs });
      }
      const acknowledged = modelObs.ok && (step.op === "upsert" || step.op === "add") ? acknowledgedIds(step.args.ids) : [];
      if (modelFull) {
        // The profile model keeps the invariants its profile does not say it breaks. (The spec
        // model starts each step from the profile's state, so its own invariants are the laws' business.)
        for (const v of judgeInvariants(i, invariantsOf(modelFull, seq.collections[c]!.dimension, acknowledged))) modelInvariants.push({ step: i, model: "profile", violation: v });
      }

      // Every target against the profile model.
      const judged = [...live];
      for (const [k, d] of judged.entries()) {
        const obs = observed[k]!;
        const diffs = compareStep(path, expectModel, obs);
        let targetFull: FullState | undefined;
        if (modelFull) {
          targetFull = await fullState(d, name);
          diffs.push(...compareFull(path, modelFull, targetFull));
        }
        const invariants = targetFull ? judgeInvariants(i, invariantsOf(targetFull, seq.collections[c]!.dimension, acknowledged)) : [];
        if (hasMismatch(diffs) || invariants.length > 0) {
          const specDiffs = [
            ...compareStep(path, expectationOf(specObs, kindOf(step.op)), obs),
            ...(specFull && targetFull ? compareFull(path, specFull, targetFull) : []),
          ];
          const mismatches = diffs.filter((x) => x.kind === "mismatch");
          // The first difference is the cause (the call's outcome, or the first record that differs); the rest follow from it.
          // A call acknowledged where it should have failed never met what should have failed it: what it did instead
          // shows in the first record that differs, so that record's clauses are named too.
          const first = mismatches[0];
          const wronglyOk = first !== undefined && first.path === path && first.observed === "ok";
          const cause = wronglyOk ? [first, ...mismatches.slice(1).filter((x) => x.path !== path).slice(0, 1)] : mismatches.slice(0, 1);
          diverge(d, i, mismatches, invariants, !hasMismatch(specDiffs) && invariants.length === 0 && knownDiffs.length > 0, clausesOf(cause));
        }
      }
      // Keep the spec model on the profile's state: the next step starts from the same place.
      const after = model.state(name);
      if (after) spec.setState(name, after);
    }
  } finally {
    for (const d of [spec, model]) {
      d.resetProvider();
      for (const c of created) d.forget(opts.name(c));
    }
    for (const d of group.targets) {
      d.resetProvider?.();
      for (const c of created) await d.dropCollection(opts.name(c)).catch(() => undefined);
    }
  }
  return { divergences, known, modelInvariants, stepsRun, queriesRun, stepsSkipped };
}
