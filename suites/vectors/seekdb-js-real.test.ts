// Every vector through seekdb-js against a real seekdb, judged by the seekdb-js profile: the
// evidence that the profile (and so the mock, which passes the same vectors) describes seekdb.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadVectors } from "../../spec/load.ts";
import { SeekdbJsDriver } from "../drivers/seekdb-js/driver.ts";
import { runCase } from "../runner/run-vector.ts";
import { sweep } from "../targets/real.ts";
import "../targets/real-context.ts";

const real = inject("realSeekdb");
const vectors = loadVectors();
const prefix = `ref_${real.runId}_vec`;
let driver: SeekdbJsDriver | undefined;

describe.skipIf(!real.available)(`seekdb-js against real seekdb${real.available ? ` ${real.version}` : ` (skipped: ${real.reason})`}`, () => {
  beforeAll(() => {
    if (real.available) driver = new SeekdbJsDriver("real", real.address);
  });
  afterAll(async () => {
    await driver?.close();
    if (real.available) await sweep(real.address, prefix);
  });

  it.each(vectors.map((v, n) => [v.id, v, n] as const))("%s", async (_id, v, n) => {
    const result = await runCase(driver!, v, `${prefix}_${n}`);
    expect(result.error).toBeUndefined();
    expect(result.differences).toEqual([]);
  });
});
