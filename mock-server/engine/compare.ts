// Comparison as seekdb does it: NULL when either side is NULL; JSON against JSON by value;
// binary strings by bytes; numbers as numbers; text under utf8mb4_general_ci; LIKE patterns.
import { collationKey, foldText } from "./columns.ts";
import { printJson, type JsonNode } from "./json.ts";
import { FALSE, JsonValue, TRUE, toBytes, toNumber, toText, type SqlValue } from "./values.ts";

/**
 * Where a JSON value's type ranks in seekdb's JSON ordering (measured; MySQL's order): values of
 * different types compare by rank — null < number < string < object < array < boolean — so
 * `JSON_EXTRACT(m, '$.s') > 0` holds for every string and `$.n = '1'` for no number.
 */
function jsonRank(v: JsonNode): number {
  if (v === null) return 0;
  if (typeof v === "number" || typeof v === "bigint") return 1;
  if (typeof v === "string") return 2;
  if (v instanceof Map) return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}

/** Two JSON values in seekdb's order: by type rank, then numbers by value, strings by bytes, arrays element-wise then by length. */
function jsonCompare(a: JsonNode, b: JsonNode): number {
  const ra = jsonRank(a);
  const rb = jsonRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (ra === 1) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string") return Math.sign(Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b as string, "utf8")));
  if (typeof a === "boolean") return Number(a) - Number(b as boolean);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = jsonCompare(a[i]!, b[i]!);
      if (c) return c;
    }
    return Math.sign(a.length - b.length);
  }
  if (a instanceof Map && b instanceof Map) {
    // Equal when they hold the same keys with equal values; MySQL leaves the order of unequal objects unspecified.
    if (a.size === b.size && [...a].every(([k, x]) => b.has(k) && jsonCompare(x, b.get(k)!) === 0)) return 0;
    const x = printJson(a);
    const y = printJson(b);
    return x < y ? -1 : 1;
  }
  return 0;
}

/** A SQL scalar as the JSON value it is compared as: text as a JSON string, numbers as numbers. */
function asJsonNode(v: Exclude<SqlValue, null>): JsonNode {
  if (v instanceof JsonValue) return v.node;
  if (typeof v === "bigint" || typeof v === "number") return v;
  return toText(v);
}

/** -1/0/1, or null when either side is NULL. */
/**
 * Two doubles as seekdb orders them: NaN (a distance over a stored NaN) equals NaN and is greater
 * than every number — NaN = NaN, NaN > 1e300 and NaN <> 0 are 1, and it sorts last ascending
 * (measured, probes vector-stored-nan-*).
 */
export function compareDoubles(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compare(a: SqlValue, b: SqlValue): number | null {
  if (a === null || b === null) return null;
  if (a instanceof JsonValue || b instanceof JsonValue) return jsonCompare(asJsonNode(a), asJsonNode(b));
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Math.sign(Buffer.compare(toBytes(a), toBytes(b)));
  const isNum = (x: unknown) => typeof x === "number" || typeof x === "bigint";
  if (isNum(a) || isNum(b)) {
    if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
    return compareDoubles(toNumber(a), toNumber(b));
  }
  if (a instanceof Date || b instanceof Date) {
    const x = a instanceof Date ? a.getTime() : new Date(toText(a).replace(" ", "T")).getTime();
    const y = b instanceof Date ? b.getTime() : new Date(toText(b).replace(" ", "T")).getTime();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = collationKey(toText(a));
  const y = collationKey(toText(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The pattern split at its unescaped `%`: one regex source per piece between them (`_` one
 * character, `\x` the character x). Matched piece by piece, never as one regex with `.*` in it:
 * such a regex backtracks exponentially ('%a%a%a%a%b' against 200 a's blocked the mock for
 * minutes; found by the SQL fuzzer), while the leftmost match of each piece is linear and exact.
 */
function likePieces(pattern: string): string[] {
  const pieces = [""];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) pieces[pieces.length - 1] += escapeRegex(pattern[++i]!);
    else if (c === "%") pieces.push("");
    else if (c === "_") pieces[pieces.length - 1] += "[\\s\\S]";
    else pieces[pieces.length - 1] += escapeRegex(c);
  }
  return pieces;
}

function likeMatches(value: string, pattern: string): boolean {
  const flags = "u";
  const pieces = likePieces(pattern);
  if (pieces.length === 1) return new RegExp(`^${pieces[0]}$`, flags).test(value);
  // The first piece at the start, each middle one where it first occurs after the previous one,
  // the last one at the end (after them): the leftmost places leave the most room for the rest.
  const first = new RegExp(pieces[0]!, `y${flags}`);
  if (!first.test(value)) return false;
  let at = first.lastIndex;
  for (const piece of pieces.slice(1, -1)) {
    if (piece === "") continue;
    const re = new RegExp(piece, `g${flags}`);
    re.lastIndex = at;
    if (!re.exec(value)) return false;
    at = re.lastIndex;
  }
  const last = new RegExp(`(?:${pieces[pieces.length - 1]})$`, `g${flags}`);
  last.lastIndex = at;
  return last.exec(value) !== null;
}

export function like(value: SqlValue, pattern: SqlValue): SqlValue {
  if (value === null || pattern === null) return null;
  // text compares character by character under utf8mb4_general_ci (folded), bytes as they are
  if (Buffer.isBuffer(value) || Buffer.isBuffer(pattern)) return likeMatches(toText(value), toText(pattern)) ? TRUE : FALSE;
  return likeMatches(foldText(toText(value)), foldText(toText(pattern))) ? TRUE : FALSE;
}

