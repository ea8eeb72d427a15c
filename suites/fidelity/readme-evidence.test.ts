// mock-server/README.md's evidence table is the one probes.ts and known-limitations.json make now.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { README, readmeWithEvidence } from "./probe-evidence.ts";

it("the mock README's probe counts are current (npx tsx suites/fidelity/probe-evidence.ts --write)", () => {
  const readme = readFileSync(README, "utf8");
  expect(readme).toBe(readmeWithEvidence(readme));
});
