// Verdicts: one per result (a vector or a fuzz target, for one client on one target).
//   pass        behaves as the spec says
//   known       differs from the spec exactly as the client's profile says
//   unexpected  differs from both (the run exits 1)
//   fixed       the profile expects a divergence that no longer happens (reported, exit 0)
//   error       could not run (a driver or harness failure)
//   not-run     not applicable to this client (it cannot express the input), with the reason
export const VERDICTS = ["pass", "known", "unexpected", "fixed", "error", "not-run"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type VerdictCounts = Record<Verdict, number>;

export function countVerdicts(verdicts: Iterable<Verdict>): VerdictCounts {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
  for (const v of verdicts) counts[v]++;
  return counts;
}

export const formatCounts = (c: VerdictCounts): string =>
  VERDICTS.filter((v) => c[v] > 0 || v === "unexpected").map((v) => `${c[v]} ${v}`).join(", ");

/** True when a run with these verdicts must exit 1. */
export const isFailing = (c: VerdictCounts): boolean => c.unexpected > 0 || c.error > 0;
