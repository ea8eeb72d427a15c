// LIKE in the mock: the same answers as a whole-pattern regex (the way it was written before), in
// time linear in the text: the fuzzer's '%a%a%a%a%b' against 200 a's blocked the mock for minutes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { like } from "../../mock-server/engine/compare.ts";
import { FC_SEED } from "../properties/settings.ts";

/** The reference: the pattern as one anchored regex (exponential on some inputs, fine on small ones). */
function likeByRegex(value: string, pattern: string, caseInsensitive: boolean): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, caseInsensitive ? "iu" : "u").test(value);
}

const alphabet = fc.constantFrom("a", "A", "b", "%", "_", "\\", "é", "É", "😀", ".", "*", "(", "$", "\n");
const text = fc.array(alphabet, { maxLength: 10 }).map((a) => a.join(""));

describe("LIKE", () => {
  it("answers as the whole-pattern regex does, for text and for binary values (5,000 pairs)", () => {
    fc.assert(
      fc.property(text, text, fc.boolean(), (value, pattern, binary) => {
        const got = like(binary ? Buffer.from(value) : value, pattern);
        expect(got).toBe(likeByRegex(value, pattern, !binary) ? 1n : 0n);
      }),
      { seed: FC_SEED, numRuns: 5_000 },
    );
  });

  it("takes linear time where a regex backtracks: 5,000 a's against '%a' × 50 then '%b'", () => {
    const start = performance.now();
    expect(like("a".repeat(5000), `${"%a".repeat(50)}%b`)).toBe(0n);
    expect(like(`${"a".repeat(5000)}b`, `${"%a".repeat(50)}%b`)).toBe(1n);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
