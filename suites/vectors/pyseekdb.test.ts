// Every vector for pyseekdb@1.4.0.post1, judged by the spec's expectations with the pyseekdb
// overrides (spec/model/pyseekdb-overrides.json) applied: (a) on the model with the pyseekdb
// executor, (b) through the pyseekdb harness on a real seekdb. Both must show no difference: the
// profile is confirmed by the real client. Vectors needing values Python cannot hold are skipped
// as not applicable, with the reason.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadVectors } from "../../spec/load.ts";
import type { Divergence } from "../../spec/model/profiles.ts";
import { PYSEEKDB_1_4_0_POST1, PYSEEKDB_CAPABILITIES, PYSEEKDB_OVERRIDES, withPyseekdbOverride } from "../../spec/model/pyseekdb-profile.ts";
import { applicability } from "../drivers/harness/applicability.ts";
import { HarnessDriver } from "../drivers/harness/driver.ts";
import { pyseekdbHarnessAvailable, pyseekdbHarnessCommand } from "../drivers/harness/pyseekdb.ts";
import { ModelDriver } from "../drivers/model-driver.ts";
import { runCase } from "../runner/run-vector.ts";
import { sweep } from "../targets/real.ts";
import "../targets/real-context.ts";

const vectors = loadVectors();
const cases = vectors.map((v, n) => [v.id, withPyseekdbOverride(v), n, applicability(v, PYSEEKDB_CAPABILITIES)] as const);

describe("pyseekdb overrides", () => {
  it("name only existing vectors, and only applicable ones", () => {
    const known = new Map(cases.map(([id, , , a]) => [id, a.applicable]));
    expect(Object.keys(PYSEEKDB_OVERRIDES).filter((id) => known.get(id) !== true)).toEqual([]);
  });
  it("are each explained by a divergence, and every divergence's repro overrides the spec and cites its clause", () => {
    const divergences = PYSEEKDB_1_4_0_POST1.divergences as readonly (Divergence & { readPath?: boolean })[];
    const listed = new Set(divergences.flatMap((d) => d.repro));
    expect(Object.keys(PYSEEKDB_OVERRIDES).filter((id) => !listed.has(id))).toEqual([]);
    const byId = new Map(vectors.map((v) => [v.id, v]));
    const bad = divergences.flatMap((d) =>
      d.repro.flatMap((id) => {
        if (!PYSEEKDB_OVERRIDES[id]) return [`${d.clause}: ${id} has no override`];
        // A read-path divergence (get() turning NULL metadata into {}) shows in any vector that reads such a record.
        if (!d.readPath && !byId.get(id)?.clauses.includes(d.clause)) return [`${d.clause}: ${id} does not cite it`];
        return [];
      }),
    );
    expect(bad).toEqual([]);
    expect(new Set(divergences.map((d) => d.clause)).size).toBe(divergences.length);
  });
  it("say why", () => {
    expect(Object.entries(PYSEEKDB_OVERRIDES).filter(([, o]) => !o.why || o.why === "TODO").map(([id]) => id)).toEqual([]);
  });
});

describe("model under profile pyseekdb@1.4.0.post1", () => {
  const driver = new ModelDriver(PYSEEKDB_1_4_0_POST1);
  it.each(cases)("%s", async (_id, v, _n, a) => {
    if (!a.applicable) return void expect(a.reason).toMatch(/cannot hold/);
    const result = await runCase(driver, v, "vector");
    expect(result.error).toBeUndefined();
    expect(result.differences).toEqual([]);
  });
});

const real = inject("realSeekdb");
const harness = pyseekdbHarnessAvailable();
const prefix = `ref_${real.runId}_py`;
let driver: HarnessDriver | undefined;

describe.skipIf(!real.available || !harness.ok)(
  `pyseekdb through the harness against real seekdb${real.available ? ` ${real.version}` : ` (skipped: ${real.reason})`}${harness.ok ? "" : ` (skipped: ${(harness as { reason: string }).reason})`}`,
  () => {
    beforeAll(async () => {
      if (real.available) driver = await HarnessDriver.start(pyseekdbHarnessCommand(), { target: "real", address: real.address });
    });
    afterAll(async () => {
      await driver?.close();
      if (real.available) await sweep(real.address, prefix);
    });

    it("the harness is pyseekdb 1.4.0.post1 and declares what the profile assumes", () => {
      expect(driver!.client).toBe(PYSEEKDB_1_4_0_POST1.id);
      expect(driver!.capabilities).toMatchObject(PYSEEKDB_CAPABILITIES);
    });

    it.each(cases)("%s", async (_id, v, n, a) => {
      if (!a.applicable) return void expect(applicability(v, driver!.capabilities).applicable).toBe(false);
      const result = await runCase(driver!, v, `${prefix}_${n}`);
      expect(result.error).toBeUndefined();
      expect(result.differences).toEqual([]);
    });
  },
);
