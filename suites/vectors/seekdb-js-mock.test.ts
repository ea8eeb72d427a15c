// Every vector through the real seekdb-js against the mock server, judged by the seekdb-js profile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadVectors } from "../../spec/load.ts";
import { SeekdbJsDriver } from "../drivers/seekdb-js/driver.ts";
import { newRunId } from "../runner/run-id.ts";
import { runCase } from "../runner/run-vector.ts";
import { startMockTarget, type RunningTarget } from "../targets/mock.ts";

const vectors = loadVectors();
const runId = newRunId();
let target: RunningTarget;
let driver: SeekdbJsDriver;

beforeAll(async () => {
  target = await startMockTarget();
  driver = new SeekdbJsDriver("mock", target.address);
});
afterAll(async () => {
  await driver?.close();
  await target?.stop();
});

describe("seekdb-js against the mock", () => {
  it.each(vectors.map((v, n) => [v.id, v, n] as const))("%s", async (_id, v, n) => {
    const result = await runCase(driver, v, `ref_${runId}_${n}`);
    expect(result.error).toBeUndefined();
    expect(result.differences).toEqual([]);
  });
});
