// Every law on every profile: the spec profile keeps all of them; an SDK profile keeps all but the
// ones it lists as broken, and for those fast-check must find (and print) a counterexample.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROFILES } from "../../spec/model/index.ts";
import { LAWS } from "./laws.ts";
import { FC_RUNS, FC_SEED, replayHint } from "./settings.ts";

describe("laws are well formed", () => {
  it("each profile's broken laws name existing laws and divergences of that profile", () => {
    for (const p of PROFILES) {
      for (const b of p.brokenLaws) {
        expect(LAWS.map((l) => l.id), `${p.id}: ${b.law}`).toContain(b.law);
        expect(p.divergences.map((d) => d.clause), `${p.id}: ${b.law}`).toContain(b.clause);
      }
    }
  });
});

describe.each(PROFILES.map((p) => [p.id, p] as const))("profile %s", (_id, profile) => {
  for (const law of LAWS) {
    const broken = profile.brokenLaws.find((b) => b.law === law.id);
    const name = `${profile.id} ${broken ? "breaks" : "keeps"} ${law.id}`;
    it(name, () => {
      const details = fc.check(law.property(profile), { seed: FC_SEED, numRuns: broken ? Math.max(FC_RUNS, 2000) : FC_RUNS });
      if (broken) {
        expect(details.failed, `${law.statement}: expected a counterexample (${broken.clause})`).toBe(true);
        // The counterexample is the evidence for the divergence: keep it visible in the log.
        console.log(`${name} (${broken.clause}): counterexample ${fc.stringify(details.counterexample)}\n  ${replayHint(details.seed, details.counterexamplePath ?? undefined, name)}`);
      } else if (details.failed) {
        throw new Error(
          `${law.statement}\n${fc.defaultReportMessage(details) ?? ""}\n${replayHint(details.seed, details.counterexamplePath ?? undefined, name)}`,
        );
      }
    });
  }
});
