// spec/findings.md's divergence tables are generated from the profile files: stale tables fail.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FINDINGS, withGeneratedSection } from "../tools/findings.ts";

describe("spec/findings.md", () => {
  it("has the divergence tables the profile files give (npm run findings)", () => {
    const text = readFileSync(FINDINGS, "utf8");
    expect(text === withGeneratedSection(text), "spec/findings.md is stale: run npm run findings").toBe(true);
  });
});
