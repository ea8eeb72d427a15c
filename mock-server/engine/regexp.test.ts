// REGEXP in seekdb's ICU dialect, without a server: cases measured on seekdb 1.4 (the fidelity
// probes regexp-* compare the same and more against a real seekdb).
import { describe, expect, it } from "vitest";
import { SqlError } from "../sql/errors.ts";
import { regexpLike } from "./regexp.ts";

const matches = (text: string, pattern: string, type?: string) => regexpLike(text, pattern, type) === 1n;
const errnoOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof SqlError ? `${e.errno} ${e.message}` : String(e);
  }
  return "no error";
};

describe("REGEXP as seekdb answers it", () => {
  it("is case-insensitive on text, with Unicode case mapping but no accent folding", () => {
    expect(matches("Hello World", "hello")).toBe(true);
    expect(matches("café", "CAFÉ")).toBe(true);
    expect(matches("café", "cafe")).toBe(false);
    expect(matches("abc", "B", "c")).toBe(false);
    expect(regexpLike(Buffer.from("abc"), Buffer.from("B"))).toBe(0n);
  });

  it("reads ICU's classes, anchors and escapes", () => {
    expect(matches("café 123", "[[:digit:]]{3}")).toBe(true);
    expect(matches("café", "caf\\w")).toBe(true); // \w is Unicode
    expect(matches("foo_bar", "\\bbar")).toBe(false); // _ is a word character
    expect(matches("hello\nworld", "^world")).toBe(false);
    expect(matches("ab\n", "b$")).toBe(true); // $ before a final line break
    expect(matches("a\rb", "a.b")).toBe(false); // . stops at \r too
    expect(matches("a\nb", "a.b", "n")).toBe(true);
    expect(matches("foo_bar-baz.qux", "\\Qbar-baz.\\E")).toBe(true);
    expect(matches("x中", "\\p{Han}")).toBe(true);
    expect(matches("ayb", "a\\yb")).toBe(true); // an unknown escape is the character itself
  });

  it("refuses bad patterns with seekdb's errors", () => {
    expect(errnoOf(() => regexpLike("abc", "("))).toMatch(/^5813 /);
    expect(errnoOf(() => regexpLike("abc", "[a"))).toMatch(/^5812 /);
    expect(errnoOf(() => regexpLike("abc", "\\"))).toMatch(/^5811 /);
    expect(errnoOf(() => regexpLike("abc", ""))).toBe("1139 Got error from regexp");
    expect(errnoOf(() => regexpLike("abc", "a**"))).toContain("character 3.");
    expect(errnoOf(() => regexpLike("abc", "[z-a]"))).toContain("U_REGEX_INVALID_RANGE");
    expect(errnoOf(() => regexpLike(Buffer.from("a"), "a"))).toMatch(/^3995 /);
  });

  it("answers the mock's own limit error where JavaScript cannot follow ICU", () => {
    expect(errnoOf(() => regexpLike("straße", "STRASSE"))).toMatch(/^9500 /);
    expect(errnoOf(() => regexpLike("abc", "(?i:B)"))).toMatch(/^9500 /);
    expect(errnoOf(() => regexpLike("abc", "a*+"))).toMatch(/^9500 /);
  });
});
