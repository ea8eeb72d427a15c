// seekdb 1.4's vector distances, bit for bit (measured: 1,260 random pairs of dimension 1–40, 64
// and 128 on an x86-64 server, every result equal). The inputs are float32; seekdb adds float32
// lanes the way its SIMD code does and the rest in double, so the last bits depend on the
// dimension:
// - up to 4 elements: each product (or float32 difference) in float32, summed in double;
// - more: blocks of 4 (8 for l2 past 8 elements) in float32 lanes, the lanes added in float32,
//   the remainder as above, the parts added in double.
// inner_product and cosine_distance take the 4-wide path at every length; l2 the 8-wide one past
// 8 elements. Above 8 elements a server on another CPU (without AVX2) may differ in the last bits.
// Overflow: seekdb checks only its double sums, after each term added in double — an infinite one
// is 1264 — and never its float32 lanes, so a lane that overflows gives an infinite (or NaN)
// distance, which sorts as such and prints as 0 (measured).
import { numericOverflow } from "../sql/errors.ts";

const f32 = Math.fround;

/** seekdb's check after a term is added to a double sum (`isinf(sum)`; NaN passes). */
function checked(sum: number): number {
  if (sum === Infinity || sum === -Infinity) throw numericOverflow();
  return sum;
}

/** Adds float32 lanes the way `sum[0] + sum[1] + ...` does in C: left to right, in float32. */
function laneSum(lanes: Float64Array): number {
  let s = 0;
  for (let i = 0; i < lanes.length; i++) s = f32(s + lanes[i]!);
  return s;
}

/** Σ a[i]·b[i] from `from` on: 4-wide float32 lanes over whole blocks, then the rest in double. */
function dotFrom(a: Float32Array, b: Float32Array, from: number, lanes: Float64Array): number {
  const n = a.length;
  let sum = 0;
  let i = from;
  if (n - from > 4) {
    lanes.fill(0);
    const end = from + ((n - from) >> 2 << 2);
    for (; i < end; i++) lanes[(i - from) & 3] = f32(lanes[(i - from) & 3]! + f32(a[i]! * b[i]!));
    sum += laneSum(lanes);
  }
  for (; i < n; i++) sum = checked(sum + f32(a[i]! * b[i]!));
  return sum;
}

const LANES4 = new Float64Array(4);
const LANES8 = new Float64Array(8);

/** inner_product(a, b). */
export function innerProduct(a: Float32Array, b: Float32Array): number {
  return dotFrom(a, b, 0, LANES4);
}

/** cosine_distance(a, b): 1 − a·b / √(|a|²·|b|²), the similarity clamped to [−1, 1]; null when a norm is 0. */
export function cosineDistance(a: Float32Array, b: Float32Array): number | null {
  const dot = dotFrom(a, b, 0, LANES4);
  const aa = dotFrom(a, a, 0, LANES4);
  const bb = dotFrom(b, b, 0, LANES4);
  if (aa === 0 || bb === 0) return null;
  const similarity = Math.min(1, Math.max(-1, dot / Math.sqrt(aa * bb)));
  return 1 - similarity;
}

/** Σ (a[i] − b[i])² over [from, n): the difference in float32, its square and the sum in double. */
function squaresInDouble(a: Float32Array, b: Float32Array, from: number): number {
  let sum = 0;
  for (let i = from; i < a.length; i++) {
    const d = f32(a[i]! - b[i]!);
    sum = checked(sum + d * d);
  }
  return sum;
}

/** Squared differences over [from, to) into `lanes` (float32 each), lane i taking every width-th element. */
function squareLanes(a: Float32Array, b: Float32Array, from: number, to: number, lanes: Float64Array): Float64Array {
  lanes.fill(0);
  const mask = lanes.length - 1;
  for (let i = from; i < to; i++) {
    const d = f32(a[i]! - b[i]!);
    lanes[(i - from) & mask] = f32(lanes[(i - from) & mask]! + f32(d * d));
  }
  return lanes;
}

/** The 4-wide block then the rest: `square = lanes; square += rest`. */
function l2Square4(a: Float32Array, b: Float32Array, from: number): number {
  const end = from + ((a.length - from) >> 2 << 2);
  let square = laneSum(squareLanes(a, b, from, end, LANES4));
  if (end < a.length) square += squaresInDouble(a, b, end);
  return square;
}

/** The 8-wide blocks (lanes added pairwise, as two horizontal adds and a cross-half add do), then the 4-wide part. */
function l2Square8(a: Float32Array, b: Float32Array): number {
  const end = (a.length >> 3) << 3;
  const v = squareLanes(a, b, 0, end, LANES8);
  let square = f32(f32(f32(v[0]! + v[1]!) + f32(v[2]! + v[3]!)) + f32(f32(v[4]! + v[5]!) + f32(v[6]! + v[7]!)));
  if (end < a.length) square += l2Square4(a, b, end);
  return square;
}

/** l2_squared(a, b). */
export function l2Squared(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  return n > 8 ? l2Square8(a, b) : n > 4 ? l2Square4(a, b, 0) : squaresInDouble(a, b, 0);
}

/** l2_distance(a, b): the square root, in double, of l2_squared. */
export function l2Distance(a: Float32Array, b: Float32Array): number {
  return Math.sqrt(l2Squared(a, b));
}
