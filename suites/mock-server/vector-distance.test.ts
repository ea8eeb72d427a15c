// The mock computes seekdb's distances with its own transcription of seekdb's float32 code
// (mock-server/engine/vector-distance.ts); the reference model has another (spec/model/
// vector-distance.ts). The probes `vector-arithmetic-*` pin the mock to a real seekdb on 60 pairs;
// this holds the two transcriptions equal, bit for bit, on many more — and seekdb's printing of a
// DOUBLE, which both write too.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { toText } from "../../mock-server/engine/values.ts";
import { cosineDistance, innerProduct, l2Distance, l2Squared } from "../../mock-server/engine/vector-distance.ts";
import { seekdbDoubleText } from "../../spec/model/server-values.ts";
import * as model from "../../spec/model/vector-distance.ts";
import { FC_SEED } from "../properties/settings.ts";

const RUNS = 3_000;

/** float32s of every magnitude, grid values and zeros among them. */
const element = fc.oneof(
  { weight: 3, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e6), max: Math.fround(1e6) }) },
  { weight: 2, arbitrary: fc.integer({ min: -64, max: 64 }).map((k) => k / 8) },
  { weight: 1, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e15), max: Math.fround(1e15) }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-30, 3e-39) },
);

/** Two vectors of one dimension, 1 to 40 (every path of the code) or 128. */
const pair = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(128)).chain((n) => fc.tuple(fc.array(element, { minLength: n, maxLength: n }), fc.array(element, { minLength: n, maxLength: n })));

const same = (a: number | null, b: number | null) => a === b || Object.is(a, b) || (a !== null && b !== null && Number.isNaN(a) && Number.isNaN(b));

describe("vector distances: the mock computes them as the reference model does", () => {
  test.prop([pair], { seed: FC_SEED, numRuns: RUNS })("l2_distance, l2_squared, cosine_distance and inner_product agree bit for bit", ([x, y]) => {
    const a = Float32Array.from(x);
    const b = Float32Array.from(y);
    const [ma, mb] = [[...a], [...b]];
    expect(same(l2Squared(a, b), model.l2Squared(ma, mb))).toBe(true);
    expect(same(l2Distance(a, b), model.seekdbDistance("l2", ma, mb))).toBe(true);
    expect(same(cosineDistance(a, b), model.cosineDistance(ma, mb))).toBe(true);
    expect(same(innerProduct(a, b), model.innerProduct(ma, mb))).toBe(true);
  });

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })], { seed: FC_SEED, numRuns: RUNS })("a DOUBLE prints the same", (d) => {
    expect(toText(d === 0 ? 0 : d)).toBe(seekdbDoubleText(d));
  });
});
