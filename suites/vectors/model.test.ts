// Every vector on the model under every profile: the executors agree with the data.
import { describe, expect, it } from "vitest";
import { loadVectors } from "../../spec/load.ts";
import { PROFILES } from "../../spec/model/index.ts";
import { ModelDriver } from "../drivers/model-driver.ts";
import { runCase } from "../runner/run-vector.ts";

const vectors = loadVectors();

describe.each(PROFILES.map((p) => p.id))("model under profile %s", (profileId) => {
  const driver = new ModelDriver(profileId);
  it.each(vectors.map((v) => [v.id, v] as const))("%s", async (_id, v) => {
    const result = await runCase(driver, v, "vector");
    expect(result.error).toBeUndefined();
    expect(result.differences).toEqual([]);
    expect(result.status).toBe("pass");
  });
});
