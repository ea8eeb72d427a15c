// The marker codec is lossless for every value a client call can be made of, and strict: a
// malformed marker is an error naming where it is, never a plain object.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodecError, decode, encode, encodeText, exactKey } from "../../spec/codec.ts";
import { FC_SEED } from "../properties/settings.ts";

/** Deep equality that tells undefined from absent, holes from undefined, -0 from 0 and NaN from null. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (i in a !== i in b || !same(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const special = fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, "", "$undefined", 1e39, Number.MAX_VALUE, 5e-324);
const keyArb = fc.oneof(fc.string(), fc.constantFrom("$undefined", "$number", "$object", "$hole", "$", "__proto__", "constructor"));
const { value: valueArb } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, special, fc.string({ unit: "binary" }), fc.double(), fc.boolean(), tie("array"), tie("object"), tie("sparse")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  sparse: fc.sparseArray(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(keyArb, tie("value"), { maxKeys: 4 }),
}));

describe("marker codec", () => {
  it("decode(JSON(encode(v))) is v, for any value made of JSON, undefined, holes, NaN, ±Infinity and -0", () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const back = decode(JSON.parse(encodeText(v)));
        return same(back, v);
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it("exactKey tells apart what JSON.stringify confuses", () => {
    const pairs: [unknown, unknown][] = [
      [[undefined], [null]],
      [[undefined], []],
      [{ a: undefined }, {}],
      [Number.NaN, null],
      [-0, 0],
      [[, 1], [undefined, 1]],
      [{ $undefined: true }, undefined],
    ];
    for (const [a, b] of pairs) expect(exactKey(a), `${String(a)} vs ${String(b)}`).not.toBe(exactKey(b));
    expect(exactKey({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(exactKey({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });

  it("keeps objects with $ keys literal", () => {
    expect(encode({ $undefined: true })).toEqual({ $object: { $undefined: true } });
    expect(decode({ $object: { $number: "NaN", x: { $number: "NaN" } } })).toEqual({ $number: "NaN", x: Number.NaN });
  });

  it("decodes the authoring shorthands", () => {
    expect(decode({ $repeat: "é", times: 3 })).toBe("ééé");
    expect(decode({ $concat: ["a", { $repeat: "b", times: 2 }] })).toBe("abb");
  });

  it("refuses malformed markers with their JSON pointer", () => {
    const cases: [unknown, RegExp][] = [
      [{ ids: [{ $undefined: false }] }, /\/ids\/0.*\$undefined must be true/],
      [{ a: { $number: "1e39" } }, /\/a.*\$number must be one of/],
      [{ $hole: true }, /\$hole/],
      [{ x: { $hole: true } }, /\/x.*inside an array/],
      [{ $foo: 1 }, /unknown marker \$foo/],
      [{ $undefined: true, extra: 1 }, /exactly the keys/],
      [{ $repeat: "a", times: -1 }, /times/],
      [{ $concat: ["a", 1] }, /strings/],
    ];
    for (const [input, message] of cases) expect(() => decode(input), JSON.stringify(input)).toThrow(message);
    expect(() => decode({ a: { $foo: 1 } })).toThrow(CodecError);
  });

  it("refuses to encode what no call is made of", () => {
    expect(() => encode({ a: [() => 1] })).toThrow(/function at \/a\/0/);
    expect(() => encode(new Date(0))).toThrow(/instance of Date/);
    expect(() => encode(1n)).toThrow(/bigint/);
  });
});

describe("vector files with a malformed marker", () => {
  it("are refused naming the file, the case's JSON pointer and the pointer inside the value", async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { loadVectors, VECTORS_DIR, SpecDataError } = await import("../../spec/load.ts");
    const dir = mkdtempSync(join(tmpdir(), "bad-vectors-"));
    const text = readFileSync(join(VECTORS_DIR, "values.json"), "utf8").replace('"ids": "a", "embeddings": [-2.25', '"ids": {"$undefined": 7}, "embeddings": [-2.25');
    writeFileSync(join(dir, "values.json"), text);
    expect(() => loadVectors(dir)).toThrow(SpecDataError);
    expect(() => loadVectors(dir)).toThrow(/values\.json: \/cases\/1 \('val-float32-negative-and-fractions'\)\/steps\/0\/args: bad marker at \/ids: \$undefined must be true/);
  });
});
