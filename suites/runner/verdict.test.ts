// The verdict engine on its own: the same trace judged against the spec and a profile gives
// pass / known / fixed / unexpected as the two expectations say; and a client version no profile
// names is judged by the nearest profile, with a note that says so.
import { describe, expect, it } from "vitest";
import { loadVectors } from "../../spec/load.ts";
import { PROFILES, profileById, profileFor, SPEC_PROFILE, type Profile } from "../../spec/profiles.ts";
import { compareVersions } from "../../spec/versions.ts";
import { ModelDriver } from "../drivers/model-driver.ts";
import { judgeCase, runCase, traceCase } from "./run-vector.ts";

const vectors = loadVectors();
const vector = (id: string) => vectors.find((v) => v.id === id)!;
const seekdbJs = profileById("seekdb-js@1.4");

describe("verdicts", () => {
  it("err-float32-overflow: seekdb-js stores 1e39 as 0 — known, not pass", async () => {
    const r = await runCase(new ModelDriver(seekdbJs), seekdbJs, SPEC_PROFILE, vector("err-float32-overflow"), "v");
    expect(r.verdict).toBe("known");
    expect(r.divergences?.map((d) => d.clause)).toContain("UPSERT-ERR-005");
  });

  it("a trace that does what the spec says is pass for the spec, and fixed for a profile expecting the divergence", async () => {
    const c = vector("err-float32-overflow");
    const specTrace = await traceCase(new ModelDriver(SPEC_PROFILE), c, "v");
    expect(judgeCase(c, specTrace, SPEC_PROFILE, SPEC_PROFILE).verdict).toBe("pass");
    const judged = judgeCase(c, specTrace, seekdbJs, SPEC_PROFILE);
    expect(judged.verdict).toBe("fixed");
    expect(judged.fix).toMatch(/seekdb-js\.json: delete the override "err-float32-overflow"/);
  });

  it("a trace that matches neither is unexpected; one that matches a profile's override is known", async () => {
    const c = vector("val-empty-document-insert");
    const jsTrace = await traceCase(new ModelDriver(seekdbJs), c, "v");
    expect(judgeCase(c, jsTrace, seekdbJs, SPEC_PROFILE).verdict).toBe("known");
    // seekdb-js's trace judged by a profile without that override: unexpected.
    const bare: Profile = { ...seekdbJs, id: "bare", overrides: {} };
    expect(judgeCase(c, jsTrace, bare, SPEC_PROFILE).verdict).toBe("unexpected");
  });

  it("a client the driver says cannot express the input is not-run, with the reason", async () => {
    const d = new ModelDriver(SPEC_PROFILE);
    const refusing = Object.assign(Object.create(d) as ModelDriver, { applicability: () => ({ applicable: false as const, reason: "no undefined here" }) });
    const r = await runCase(refusing, SPEC_PROFILE, SPEC_PROFILE, vectors[0]!, "v");
    expect(r).toMatchObject({ verdict: "not-run", note: "no undefined here" });
  });
});

describe("which profile judges a client version", () => {
  it("compares versions as npm and PyPI spell them", () => {
    expect(compareVersions("1.4.0.post1", "1.4.0")).toBeGreaterThan(0);
    expect(compareVersions("1.5.0rc1", "1.5.0")).toBeLessThan(0);
    expect(compareVersions("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(compareVersions("v1.4.0", "1.4.0")).toBe(0);
  });

  it("takes the profile whose range holds the version, with no note", () => {
    expect(profileFor("seekdb-js", "1.4.0")).toEqual({ profile: seekdbJs });
    expect(profileFor("pyseekdb", "1.4.0.post1").profile.id).toBe("pyseekdb@1.4");
  });

  it("judges a newer or older version by the nearest profile and says so", () => {
    const newer = profileFor("seekdb-js", "1.6.2");
    expect(newer.profile.id).toBe("seekdb-js@1.4");
    expect(newer.note).toMatch(/seekdb-js 1\.6\.2 is not named by any profile; judged by the nearest, seekdb-js@1\.4/);
    expect(profileFor("seekdb-js", "0.9.0").note).toMatch(/nearest/);
  });

  it("refuses a client no profile describes", () => {
    expect(() => profileFor("seekdb-go", "1.0.0", PROFILES)).toThrow(/no profile for client 'seekdb-go'/);
  });
});
