// Every law on every profile: the spec profile keeps all of them; an SDK profile keeps all but the
// ones it lists as broken, and for those fast-check must find a real counterexample (the law
// returning false — an executor that throws does not count).
import { describe, expect, it } from "vitest";
import { PROFILES } from "../../spec/profiles.ts";
import { runLaw } from "../runner/laws-run.ts";
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
    const name = broken ? `${law.id}: a counterexample shows the known break (${broken.clause})` : `${law.id} holds`;
    it(name, () => {
      const r = runLaw(profile, law, FC_SEED, broken ? Math.max(FC_RUNS, 2000) : FC_RUNS);
      const hint = replayHint(r.seed, r.path, `${profile.id}.*${law.id}`);
      expect(r.observed, `${law.statement}: the executor crashed: ${r.error}\n${hint}`).not.toBe("crashed");
      if (broken) expect(r.observed, `${law.statement}: expected a counterexample (${broken.clause})`).toBe("breaks");
      else expect(r.observed, `${law.statement}\ncounterexample ${r.counterexample}\n${hint}`).toBe("keeps");
    });
  }
});

describe("a break needs a real counterexample", () => {
  it("an executor that throws is a crash, not a break", () => {
    const spec = PROFILES[0]!;
    const throwing = { ...spec, id: "throwing", write: () => { throw new TypeError("boom"); } };
    const r = runLaw(throwing, LAWS.find((l) => l.id === "idempotence")!, FC_SEED, 20);
    expect(r.observed).toBe("crashed");
    expect(r.verdict).toBe("error");
    expect(r.error).toMatch(/TypeError: boom/);
  });

  it("an expected break that the runs did not show is 'not shown', not a failure", () => {
    const spec = PROFILES[0]!;
    const claims = { ...spec, id: "claims-a-break", brokenLaws: [{ law: "idempotence", clause: "UPSERT-ATOM-002" }] };
    const r = runLaw(claims, LAWS.find((l) => l.id === "idempotence")!, FC_SEED, 20);
    expect(r).toMatchObject({ expected: "breaks", observed: "keeps", verdict: "known", shown: false });
  });
});
