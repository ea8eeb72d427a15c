// Values inside the mock: what a column stores, what an expression yields, and the conversions
// between them with seekdb's errors (vector parsing 1210, dimension 7600, JSON 3140).
import { inconsistentDimension, invalidArgument, SqlError } from "../sql/errors.ts";
import { parseJson, printJson, type JsonNode } from "./json.ts";
import { formatDecimal, formatFloat32 } from "./numbers.ts";

/** A JSON document (as opposed to a string that may hold JSON text). */
export class JsonValue {
  constructor(readonly node: JsonNode) {}
}

/**
 * Runtime SQL values. string = text (utf8mb4), Buffer = binary string, number = double,
 * bigint = integer, Float32Array = vector, Date = timestamp.
 */
export type SqlValue = null | string | Buffer | number | bigint | Date | Float32Array | JsonValue;

/** SQL's booleans are the integers 1 and 0. */
export const TRUE = 1n;
export const FALSE = 0n;

export function formatVector(v: Float32Array): string {
  let out = "[";
  for (let i = 0; i < v.length; i++) out += (i ? "," : "") + formatFloat32(v[i]!);
  return `${out}]`;
}

function formatTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The text form of a value (what a text column would hold, and what the wire carries). */
export function toText(v: Exclude<SqlValue, null>): string {
  if (typeof v === "string") return v;
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  // seekdb prints an infinite or NaN DOUBLE (a distance whose float32 lanes overflowed) as 0 (measured).
  if (typeof v === "number") return Number.isFinite(v) ? formatDecimal(v, undefined, false) : "0";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return formatTimestamp(v);
  if (v instanceof Float32Array) return formatVector(v);
  return printJson(v.node);
}

export function toBytes(v: Exclude<SqlValue, null>): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(toText(v), "utf8");
}

/** MySQL's string-to-number: the longest numeric prefix, 0 when there is none. */
export function toNumber(v: Exclude<SqlValue, null>): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.getTime();
  if (v instanceof JsonValue) {
    const n = v.node;
    return typeof n === "number" ? n : typeof n === "bigint" ? Number(n) : typeof n === "boolean" ? Number(n) : Number(toText(v)) || 0;
  }
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(toText(v));
  return m ? Number(m[0]) : 0;
}

/** One element of a vector literal, its separator or the closing bracket (sticky). */
const VECTOR_ELEMENT = /\s*(?:([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([+-]?)(nan|inf|infinity))\s*(,|\])/iy;

/** "[1, 2.5,3e-7]": numbers, nan, inf; a trailing comma is allowed; anything else is 1210. */
export function parseVectorText(text: string): Float32Array {
  let i = text.indexOf("[");
  if (i < 0 || text.slice(0, i).trim() !== "") throw invalidArgument();
  i++;
  const values: number[] = [];
  for (;;) {
    VECTOR_ELEMENT.lastIndex = i;
    const m = VECTOR_ELEMENT.exec(text);
    if (!m) {
      // "[1,]": a trailing comma before the bracket
      if (values.length > 0 && /^\s*\]\s*$/.test(text.slice(i))) break;
      throw invalidArgument();
    }
    values.push(m[1] !== undefined ? Number(m[1]) : m[3]!.toLowerCase() === "nan" ? Number.NaN : m[2] === "-" ? -Infinity : Infinity);
    i = VECTOR_ELEMENT.lastIndex;
    if (m[4] === "]") {
      if (text.slice(i).trim() !== "") throw invalidArgument();
      break;
    }
  }
  return new Float32Array(values);
}

/**
 * A VECTOR(d) value from what a statement gave: text "[1,2,3]" (seekdb-js, pyseekdb update) or
 * little-endian float32 bytes X'0000803f...' (pyseekdb add). Measured on seekdb 1.4: malformed
 * text and '[]' are 1210 "Invalid argument", text of another length is 7600, bytes that are not
 * exactly d float32s are 1210, an empty value (text of only spaces, or no bytes) is 7600 "got 0",
 * a number is 1235; a trailing comma is accepted; NaN, infinities and values beyond float32 are
 * stored as what float32 makes of them (NaN, ±inf) and print as 0 (measured: a distance over such
 * a vector is 1264, or NaN).
 */
export function toVector(v: Exclude<SqlValue, null>, dimension: number): Float32Array {
  let out: Float32Array;
  if (v instanceof Float32Array) out = v;
  else if (typeof v === "number" || typeof v === "bigint") throw new SqlError(1235, "0A000", "type casting not supported");
  else if (Buffer.isBuffer(v)) {
    if (v.length === 0) throw inconsistentDimension(dimension, 0);
    if (v.length !== dimension * 4) throw invalidArgument();
    out = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) out[i] = v.readFloatLE(i * 4);
  } else {
    const text = toText(v);
    if (text.trim() === "") throw inconsistentDimension(dimension, 0);
    out = parseVectorText(text);
  }
  if (out.length !== dimension) throw inconsistentDimension(dimension, out.length);
  return out;
}

/** A JSON document from what a statement gave: JSON text, or a document already. */
export function toJson(v: Exclude<SqlValue, null>): JsonValue {
  if (v instanceof JsonValue) return v;
  if (typeof v === "number") return new JsonValue(v);
  if (typeof v === "bigint") return new JsonValue(v);
  return new JsonValue(parseJson(toText(v)));
}
