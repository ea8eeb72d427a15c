// Full-text tokens and scores without a server: cases measured on seekdb 1.4 (the fidelity probes
// fulltext-* compare these and more against a real seekdb).
import { describe, expect, it } from "vitest";
import { idf, lnRational, termScore } from "./bm25.ts";
import { ikTokens } from "./ik.ts";
import { spaceTokens } from "./space.ts";

describe("the ik parser (smart mode)", () => {
  it("keeps connectors inside and at the end of a token, and drops every non-ASCII letter", () => {
    expect(ikTokens("The quick brown fox.", "smart").tokens).toEqual(["the", "quick", "brown", "fox."]);
    expect(ikTokens("foo_bar-baz.qux v1.2 3.14 e-mail a@b.com", "smart").tokens).toEqual(["foo_bar-baz.qux", "v1.2", "3.14", "e-mail", "a@b.com"]);
    expect(ikTokens("café naïve", "smart").tokens).toEqual(["caf", "na", "ve"]);
    expect(ikTokens("1,000 -7 12:30", "smart").tokens).toEqual(["1,000", "7", "12", "30"]);
  });

  it("settles overlapping candidates as IK's arbitrator does; max_word keeps them all", () => {
    expect(ikTokens("abc123def", "smart").tokens).toEqual(["abc123def"]);
    expect(ikTokens("abc123", "max_word").tokens).toEqual(["abc123", "abc", "123"]);
    expect(ikTokens("a1,2b", "max_word").tokens).toEqual(["a1", "a", "1,2", "2b", "b"]);
  });

  it("says when the text holds CJK characters (or full-width forms), which only IK's dictionary segments", () => {
    expect(ikTokens("中文 abc", "smart")).toEqual({ tokens: ["abc"], cjk: true });
    expect(ikTokens("ＡＢＣ", "smart").cjk).toBe(true);
  });
});

describe("the space parser", () => {
  it("splits on punctuation but not _, folds case and accents, drops short words, long words and stop words", () => {
    expect(spaceTokens("The quick, brown fox's tail_end ab", 3, 84)).toEqual(["QUICK", "BROWN", "FOX", "TAIL_END"]);
    expect(spaceTokens("café", 3, 84)).toEqual(spaceTokens("CAFE", 3, 84));
    expect(spaceTokens(`${"x".repeat(84)} ${"y".repeat(85)}`, 3, 84)).toHaveLength(1);
  });
});

describe("BM25 as seekdb computes it", () => {
  it("gives seekdb's doubles bit for bit", () => {
    expect(termScore(idf(9, 2), 1, 2)).toBe(1.6330723209931362);
    expect(termScore(idf(9, 3), 2, 4)).toBe(1.0239746304463846);
    expect(termScore(idf(2, 1), 1, 1)).toBe(0.3956834532374101); // idf floored at 0.25
    expect(termScore(idf(4, 6), 1, 1)).toBe(0.3956834532374101); // a stale N below n: the floor too
  });

  it("rounds ln correctly (V8's Math.log(3) is one ULP low)", () => {
    expect(lnRational(3n, 1n)).toBe(1.0986122886681098);
    expect(lnRational(1n, 2n)).toBe(-Math.LN2);
  });
});
