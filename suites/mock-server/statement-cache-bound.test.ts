// The statement cache is bounded in bytes as well as in shapes: a client sending distinct large
// statements (a 16 MiB comment each, as a fuzzer does) cannot make the mock hold them all.
import { describe, expect, it } from "vitest";
import { StatementCache } from "../../mock-server/engine/statement-cache.ts";

describe("statement cache bound", () => {
  it("holds at most maxChars characters of shapes, however many distinct large statements come", () => {
    const cache = new StatementCache(5000, 1_000_000);
    let most = 0;
    for (let i = 0; i < 40; i++) {
      cache.read(`SELECT ${i} AS n /* ${String(i).repeat(100_000 / String(i).length)} */`);
      most = Math.max(most, cache.heldChars);
    }
    expect(most).toBeGreaterThan(500_000);
    expect(most).toBeLessThanOrEqual(1_000_000);
    // One statement bigger than the whole budget is parsed, not kept.
    cache.read(`SELECT 1 AS n /* ${"x".repeat(2_000_000)} */`);
    expect(cache.heldChars).toBeLessThanOrEqual(1_000_000);
  });
});
