// The vector distance functions as SQL sees them (measured on seekdb 1.4): l2_distance,
// l2_squared, cosine_distance, inner_product, negative_inner_product. Beside a VECTOR(d) column
// the other argument is converted as a value for that column — text '[..]' (1210 when malformed,
// 7600 for another length, "got 0" for blank text), or d little-endian float32s X'..' (1210
// otherwise) — and a value beyond float32 is 1264. Two constants are read as JSON arrays instead
// (3140, and 7600 "Invalid dimension for vector."). NULL gives NULL, so does a cosine with a zero
// vector; a NaN element or an overflow in float32 lanes gives a NaN or infinite distance, printed
// as 0 (vector-distance.ts).
import type { Expr } from "../sql/ast.ts";
import { inconsistentDimension, invalidArgument, numericOverflow, SqlError } from "../sql/errors.ts";
import type { Table } from "./catalog.ts";
import { parseJson } from "./json.ts";
import { isConstant, operands } from "./rows.ts";
import { toText, type SqlValue, parseVectorText } from "./values.ts";
import { cosineDistance, innerProduct, l2Distance, l2Squared } from "./vector-distance.ts";

type Distance = (a: Float32Array, b: Float32Array) => number | null;

/** The distance functions by SQL name (upper case), each with the metric a vector index names it by. */
export const DISTANCE_FUNCTIONS: ReadonlyMap<string, { readonly compute: Distance; readonly indexMetric?: string }> = new Map([
  ["L2_DISTANCE", { compute: l2Distance, indexMetric: "L2" }],
  ["L2_SQUARED", { compute: l2Squared }],
  ["COSINE_DISTANCE", { compute: cosineDistance, indexMetric: "COSINE" }],
  ["INNER_PRODUCT", { compute: innerProduct }],
  // A vector index built with distance=inner_product orders by this one (measured: inner_product
  // itself, ascending or descending, is a full scan).
  ["NEGATIVE_INNER_PRODUCT", { compute: (a, b) => -innerProduct(a, b), indexMetric: "INNER_PRODUCT" }],
]);

/**
 * The last constant converted, and what it gave: a search evaluates its distance for every row,
 * always with the same query vector, and reading its text again for each row cost 80% of the
 * time of an exact search over 10,000 rows (suites/bench/query-bench.ts).
 */
let lastConverted: { readonly value: string | Buffer; readonly dimension: number; readonly vector: Float32Array } | undefined;

/** A value beside a VECTOR(dimension) column, as that column would take it, kept exact (NaN stays NaN). */
function asColumnValue(v: Exclude<SqlValue, null>, dimension: number): Float32Array {
  // A stored vector is taken as it is (an infinity in it fails the distance's double sum, as on seekdb).
  if (v instanceof Float32Array) {
    if (v.length !== dimension) throw inconsistentDimension(dimension, v.length);
    return v;
  }
  const last = lastConverted;
  if (last && last.dimension === dimension && (last.value === v || (Buffer.isBuffer(v) && Buffer.isBuffer(last.value) && v.equals(last.value)))) return last.vector;
  const vector = checkedColumnValue(convertColumnValue(v, dimension), dimension);
  if (typeof v === "string" || Buffer.isBuffer(v)) lastConverted = { value: v, dimension, vector };
  return vector;
}

function convertColumnValue(v: Exclude<SqlValue, null>, dimension: number): Float32Array {
  let out: Float32Array;
  if (Buffer.isBuffer(v)) {
    if (v.length === 0 || v.length !== dimension * 4) throw invalidArgument();
    out = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) out[i] = v.readFloatLE(i * 4);
  } else if (typeof v === "string") {
    if (v.trim() === "") throw inconsistentDimension(dimension, 0);
    out = parseVectorText(v);
  } else throw invalidArgument();
  return out;
}

function checkedColumnValue(out: Float32Array, dimension: number): Float32Array {
  for (const x of out) if (x === Infinity || x === -Infinity) throw numericOverflow();
  if (out.length !== dimension) throw inconsistentDimension(dimension, out.length);
  return out;
}

/** A constant read as a JSON array of numbers (3140 otherwise); [] has no distance. */
function asJsonArray(v: Exclude<SqlValue, null>): Float32Array {
  const node = parseJson(toText(v));
  if (!Array.isArray(node) || !node.every((x) => typeof x === "number" || typeof x === "bigint")) throw invalidArgument();
  const out = Float32Array.from(node, Number);
  for (const x of out) if (!Number.isFinite(x)) throw numericOverflow();
  return out;
}

const parameterCount = (name: string) => new SqlError(1582, "42000", `Incorrect parameter count in the call to native function '${name.toLowerCase()}'`);

/**
 * What seekdb checks before it reads a row (measured: on an empty table too): each distance call
 * has two arguments, and — in a vector index scan only — a constant beside a VECTOR column
 * converts to that column's type and length (not yet the overflow check: beyond float32 is 1264
 * only when a row meets it). An exact scan converts it row by row: on an empty table, or when no
 * row is read, a bad query vector is no error (measured, probes vector-bad-query-empty-* and
 * vector-wrong-dimension-*).
 */
export function checkDistanceCalls(exprs: readonly Expr[], t: Table, constant: (e: Expr) => SqlValue, convertConstants: boolean): void {
  const visit = (e: Expr): void => {
    for (const x of operands(e)) visit(x);
    if (e.k !== "call" || !DISTANCE_FUNCTIONS.has(e.fn)) return;
    if (e.args.length !== 2) throw parameterCount(e.fn);
    const column = e.args.map((a) => (a.k === "col" ? t.columns[t.columnIndex(a.name)] : undefined)).find((c) => c?.kind === "vector");
    if (!column || !convertConstants) return;
    for (const a of e.args) {
      if (!isConstant(a)) continue;
      const v = constant(a);
      if (v === null || v instanceof Float32Array) continue;
      const converted = convertColumnValue(v, column.dimension!);
      if (converted.length !== column.dimension) throw inconsistentDimension(column.dimension!, converted.length);
    }
  };
  for (const e of exprs) visit(e);
}

export function distanceFunction(name: string, args: readonly SqlValue[]): SqlValue {
  const fn = DISTANCE_FUNCTIONS.get(name)!;
  if (args.length !== 2) throw parameterCount(name);
  const [x, y] = args;
  if (x === null || y === null || x === undefined || y === undefined) return null;
  const column = x instanceof Float32Array ? x : y instanceof Float32Array ? y : undefined;
  let a: Float32Array;
  let b: Float32Array;
  if (column) {
    a = asColumnValue(x, column.length);
    b = asColumnValue(y, column.length);
  } else {
    a = asJsonArray(x);
    b = asJsonArray(y);
    if (a.length !== b.length) throw new SqlError(7600, "22000", "Invalid dimension for vector.");
    if (a.length === 0) return null;
  }
  const d = fn.compute(a, b);
  if (d === null) return null;
  // seekdb prints a negative zero (negative_inner_product of orthogonal vectors) as 0.
  return d === 0 ? 0 : d;
}
