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
export function compare(a: SqlValue, b: SqlValue): number | null {
  if (a === null || b === null) return null;
  if (a instanceof JsonValue || b instanceof JsonValue) return jsonCompare(asJsonNode(a), asJsonNode(b));
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Math.sign(Buffer.compare(toBytes(a), toBytes(b)));
  const isNum = (x: unknown) => typeof x === "number" || typeof x === "bigint";
  if (isNum(a) || isNum(b)) {
    if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
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

function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, caseInsensitive ? "iu" : "u");
}

export function like(value: SqlValue, pattern: SqlValue): SqlValue {
  if (value === null || pattern === null) return null;
  const binary = Buffer.isBuffer(value) || Buffer.isBuffer(pattern);
  return likeRegex(toText(pattern), !binary).test(toText(value)) ? TRUE : FALSE;
}

