// Runs the property laws against the model for one profile and returns the outcome as data.
import fc from "fast-check";
import type { Profile } from "../../spec/model/index.ts";
import { LAWS } from "../properties/laws.ts";

export interface LawResult {
  readonly law: string;
  readonly profile: string;
  readonly expected: "keeps" | "breaks";
  readonly observed: "keeps" | "breaks";
  readonly clause?: string;
  readonly runs: number;
  readonly seed: number;
  readonly counterexample?: string;
  readonly path?: string;
}

export function runLaws(profile: Profile, seed: number, runs: number): LawResult[] {
  return LAWS.map((law) => {
    const broken = profile.brokenLaws.find((b) => b.law === law.id);
    const details = fc.check(law.property(profile), { seed, numRuns: runs });
    return {
      law: law.id,
      profile: profile.id,
      expected: broken ? "breaks" : "keeps",
      observed: details.failed ? "breaks" : "keeps",
      ...(broken ? { clause: broken.clause } : {}),
      runs: details.numRuns,
      seed: details.seed,
      ...(details.failed ? { counterexample: fc.stringify(details.counterexample), path: details.counterexamplePath ?? "" } : {}),
    };
  });
}
