// Every way a client's model differs from the spec must be a divergence its profile lists: a
// bounded fuzz on the models alone (fixed seed) finds no "profile gap" for any client.
import { describe, expect, it } from "vitest";
import { openClient, type ClientSpec } from "../clients.ts";
import { fuzzClient } from "../fuzz/campaign.ts";
import { fuzzGroupOf } from "../lanes.ts";
import { FC_SEED } from "../properties/settings.ts";

const clients: ClientSpec[] = [{ name: "seekdb-js" }, { name: "pyseekdb" }];

describe.each(clients.map((c) => [c.name, c] as const))("profile of %s", (_name, spec) => {
  it("lists every difference its model shows from the spec (300 generated sequences)", async () => {
    let client;
    try {
      client = await openClient(spec);
    } catch (e) {
      // pyseekdb needs .venv (scripts/seekdb-venv); the real project's setup makes it, CI always has it.
      if (spec.name === "pyseekdb" && /no python|cannot import pyseekdb/.test((e as Error).message)) return void console.log(`skipped: ${(e as Error).message}`);
      throw e;
    }
    const group = await fuzzGroupOf(client, []);
    const [r] = await fuzzClient(client, group, [{ name: "model", version: "reference model" }], { seed: FC_SEED, runs: 300, prefix: "gap", failuresDir: "/nonexistent", replay: false, save: false });
    expect(r!.verdict).toBe("known");
    expect(r!.unlisted.map((u) => `${u.clauses.join(", ")}\n${u.script}`), "profile gaps: add the divergence to the profile").toEqual([]);
  });
});
