// Method parity: the same method scenario (seekdb-js-methods.ts, harnesses/python/methods.py) run
// on the mock and on real seekdb, compared step by step. A step may differ only when
// mock-server/known-limitations.json lists it (under "methods", with the probe that shows why).
import { knownMethodDifferences, type KnownMethodDifference } from "../fidelity/known-limitations.ts";
import type { MethodRun, MethodStep } from "./seekdb-js-methods.ts";

export { knownMethodDifferences, type KnownMethodDifference };

export interface StepDifference {
  readonly step: string;
  readonly mock: MethodStep | undefined;
  readonly real: MethodStep | undefined;
}

export interface ParityVerdict {
  readonly steps: number;
  readonly differences: readonly StepDifference[];
  /** Differences no entry lists: each one fails the test. */
  readonly unexpected: readonly StepDifference[];
  /** Listed steps of this client that agree now: each one fails the test too (remove the entry). */
  readonly fixed: readonly KnownMethodDifference[];
}

/** Step by step, by position: the scenarios are deterministic, so a missing or renamed step is a difference too. */
export function compareMethodRuns(client: string, mock: MethodRun, real: MethodRun, known: readonly KnownMethodDifference[]): ParityVerdict {
  const n = Math.max(mock.steps.length, real.steps.length);
  const differences: StepDifference[] = [];
  for (let i = 0; i < n; i++) {
    const m = mock.steps[i];
    const r = real.steps[i];
    if (JSON.stringify(m) !== JSON.stringify(r)) differences.push({ step: r?.step ?? m?.step ?? `#${i}`, mock: m, real: r });
  }
  const listed = known.filter((k) => k.client === client);
  const unexpected = differences.filter((d) => !listed.some((k) => k.step === d.step && d.mock?.step === d.real?.step));
  const fixed = listed.filter((k) => !differences.some((d) => d.step === k.step));
  return { steps: n, differences, unexpected, fixed };
}

/** One line per difference, for a failing test's message. */
export function describeDifference(d: StepDifference): string {
  return `${d.step}\n  mock: ${JSON.stringify(d.mock).slice(0, 800)}\n  real: ${JSON.stringify(d.real).slice(0, 800)}`;
}
