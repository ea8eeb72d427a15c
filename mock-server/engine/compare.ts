// Comparison as seekdb does it: NULL when either side is NULL; JSON against JSON by value;
// binary strings by bytes; numbers as numbers; text under utf8mb4_general_ci; LIKE patterns.
import { collationKey } from "./columns.ts";
import type { JsonNode } from "./json.ts";
import { FALSE, JsonValue, TRUE, toBytes, toNumber, toText, type SqlValue } from "./values.ts";

function jsonCompare(a: JsonNode, b: JsonNode): number | null {
  if (a === null || b === null) return a === b ? 0 : null;
  const num = (x: JsonNode) => (typeof x === "bigint" ? Number(x) : typeof x === "number" ? x : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return JSON.stringify(toPlainLoose(a)) === JSON.stringify(toPlainLoose(b)) ? 0 : null;
}
function toPlainLoose(v: JsonNode): unknown {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toPlainLoose);
  if (v instanceof Map) return Object.fromEntries([...v].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, toPlainLoose(x)]));
  return v;
}

/** A SQL scalar as a JSON node, for comparisons with JSON values. */
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

function likeMatches(value: string, pattern: string, caseInsensitive: boolean): boolean {
  const flags = caseInsensitive ? "iu" : "u";
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
  const binary = Buffer.isBuffer(value) || Buffer.isBuffer(pattern);
  return likeMatches(toText(value), toText(pattern), !binary) ? TRUE : FALSE;
}

