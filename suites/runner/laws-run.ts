// Runs the property laws against the model for one profile and returns the outcome as data.
// A law a profile breaks must be broken by a real counterexample (the law returning false); an
// executor that throws is a crash, and a break fast-check did not find in the runs given is
// "not shown", not a failure.
import fc from "fast-check";
import type { WriteArgs } from "../../spec/model/index.ts";
import type { Profile } from "../../spec/profiles.ts";
import { nullForUndefined } from "../properties/arbitraries.ts";
import { LAWS, LawCrash } from "../properties/laws.ts";
import type { Verdict } from "./verdict.ts";

export interface LawResult {
  readonly law: string;
  readonly profile: string;
  readonly expected: "keeps" | "breaks";
  readonly observed: "keeps" | "breaks" | "crashed";
  /** pass: keeps as expected; known: breaks as the profile says (or not shown, see shown); unexpected; error: crashed. */
  readonly verdict: Verdict;
  /** For an expected break: whether a counterexample was found within the runs. */
  readonly shown?: boolean;
  readonly clause?: string;
  readonly runs: number;
  readonly seed: number;
  readonly counterexample?: string;
  readonly path?: string;
  readonly error?: string;
}

/** The profile as the laws call it: a client without undefined gets null wherever the arbitraries put undefined. */
function asCalled(profile: Profile): Profile {
  if (!profile.undefinedIsNull) return profile;
  return { ...profile, write: (state, op, args, env) => profile.write(state, op, nullForUndefined(args) as WriteArgs, env) };
}

export function runLaw(profile: Profile, law: (typeof LAWS)[number], seed: number, runs: number): LawResult {
  const broken = profile.brokenLaws.find((b) => b.law === law.id);
  const details = fc.check(law.property(asCalled(profile)), { seed, numRuns: runs });
  const crashed = details.failed && details.errorInstance instanceof LawCrash;
  const observed = crashed ? "crashed" : details.failed ? "breaks" : "keeps";
  const verdict: Verdict = crashed ? "error" : broken ? "known" : details.failed ? "unexpected" : "pass";
  return {
    law: law.id,
    profile: profile.id,
    expected: broken ? "breaks" : "keeps",
    observed,
    verdict,
    ...(broken ? { clause: broken.clause, shown: observed === "breaks" } : {}),
    runs: details.numRuns,
    seed: details.seed,
    ...(details.failed ? { counterexample: fc.stringify(details.counterexample), path: details.counterexamplePath ?? "" } : {}),
    ...(crashed ? { error: String((details.errorInstance as Error).message) } : {}),
  };
}

export function runLaws(profile: Profile, seed: number, runs: number): LawResult[] {
  return LAWS.map((law) => runLaw(profile, law, seed, runs));
}
