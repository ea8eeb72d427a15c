// The distances seekdb 1.4 computes for query (measured bit for bit on x86-64; the mock computes
// the same facts on its own in mock-server/engine/vector-distance.ts, and a property test holds
// the two equal). Inputs are float32 vectors. seekdb forms each term in float32 (a product, or a
// difference then its square) and adds the terms as its SIMD code does:
//   - a vector of at most 4 elements: every term added in double;
//   - longer: the leading whole blocks in float32 lanes (lane i takes every width-th term), the
//     lanes then added in float32, and what is left over as for a shorter vector.
// inner product and cosine use blocks of 4; l2 uses blocks of 8 past 8 elements (its 8 lanes
// added pairwise), then of 4 (lanes added left to right), and adds each level's leftover sum to
// its block sum. The fuzzer's dimensions (1 to 8) take the same path on every x86-64 CPU.
import type { DistanceMetric } from "./types.ts";

const f32 = Math.fround;

/** The float32 lanes of `terms[from .. from + count)` (count a multiple of width). */
function lanes(terms: readonly number[], from: number, count: number, width: number): number[] {
  const out = new Array<number>(width).fill(0);
  for (let k = 0; k < count; k++) out[k % width] = f32(out[k % width]! + terms[from + k]!);
  return out;
}

const leftToRight = (xs: readonly number[]) => xs.reduce((s, x) => f32(s + x), 0);
const pairwise = (v: readonly number[]) => f32(f32(f32(v[0]! + v[1]!) + f32(v[2]! + v[3]!)) + f32(f32(v[4]! + v[5]!) + f32(v[6]! + v[7]!)));

/** inner product and cosine's sums: 4-wide blocks, then each leftover term added to the running double. */
function dotSum(terms: readonly number[]): number {
  const n = terms.length;
  let sum = 0;
  let from = 0;
  if (n > 4) {
    from = n - (n % 4);
    sum += leftToRight(lanes(terms, 0, from, 4));
  }
  for (let k = from; k < n; k++) sum += terms[k]!;
  return sum;
}

/**
 * l2's sum of squares of the float32 differences from `from`: a level's blocks square in float32
 * lanes; what is left over after the 4-wide level squares and sums in double; each level's
 * leftover is summed on its own, then added to that level's blocks.
 */
function squareSum(diffs: readonly number[], from: number, width: 8 | 4 | 1): number {
  const rest = diffs.length - from;
  if (width === 1) return diffs.slice(from).reduce((s, d) => s + d * d, 0);
  const whole = rest - (rest % width);
  const squares = diffs.slice(from, from + whole).map((d) => f32(d * d));
  const blocks = width === 8 ? pairwise(lanes(squares, 0, whole, 8)) : leftToRight(lanes(squares, 0, whole, 4));
  return whole === rest ? blocks : blocks + squareSum(diffs, from + whole, width === 8 ? 4 : 1);
}

function products(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => f32(x * b[i]!));
}

export function innerProduct(a: readonly number[], b: readonly number[]): number {
  return dotSum(products(a, b));
}

export function l2Squared(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const diffs = a.map((x, i) => f32(x - b[i]!));
  return squareSum(diffs, 0, n > 8 ? 8 : n > 4 ? 4 : 1);
}

/** 1 − a·b / √(|a|²·|b|²), the similarity clamped to [−1, 1]; null when either vector is zero. */
export function cosineDistance(a: readonly number[], b: readonly number[]): number | null {
  const aa = dotSum(products(a, a));
  const bb = dotSum(products(b, b));
  if (aa === 0 || bb === 0) return null;
  const similarity = dotSum(products(a, b)) / Math.sqrt(aa * bb);
  return 1 - Math.max(-1, Math.min(1, similarity));
}

/** The distance query ranks by in a collection of `metric`: l2_distance, cosine_distance or inner_product. */
export function seekdbDistance(metric: DistanceMetric, a: readonly number[], b: readonly number[]): number | null {
  switch (metric) {
    case "l2":
      return Math.sqrt(l2Squared(a, b));
    case "cosine":
      return cosineDistance(a, b);
    case "inner_product": {
      // seekdb prints a negative zero as 0.
      const ip = innerProduct(a, b);
      return ip === 0 ? 0 : ip;
    }
  }
}

/**
 * Whether a sum of seekdb's overflows (an infinite or NaN part): seekdb then answers 1264 where a
 * double sum overflows, or an infinite distance printed as 0 where only float32 lanes do (measured);
 * the model does not claim to rank such records.
 */
export function distanceOverflows(metric: DistanceMetric, a: readonly number[], b: readonly number[]): boolean {
  if (metric === "cosine") return ![products(a, b), products(a, a), products(b, b)].every((t) => Number.isFinite(dotSum(t)));
  return !Number.isFinite(metric === "l2" ? l2Squared(a, b) : innerProduct(a, b));
}
