// Value helpers shared by every profile: plain-object test, UTF-8 length, float32, JSON checks.
import type { JsonValue } from "./types.ts";

export function isPlainObject(v: unknown): v is { readonly [k: string]: unknown } {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isNullish(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** UTF-8 byte length without allocating (ids are checked on every write). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** False for text holding a lone UTF-16 surrogate (not well-formed Unicode). */
export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** True when a JSON value holds ill-formed text in any key or string, at any depth. */
export function jsonHasIllFormedText(v: unknown): boolean {
  if (typeof v === "string") return !isWellFormedText(v);
  if (Array.isArray(v)) return v.some(jsonHasIllFormedText);
  if (v !== null && typeof v === "object") return Object.entries(v).some(([k, x]) => !isWellFormedText(k) || jsonHasIllFormedText(x));
  return false;
}

/** What UTF-8 encoding makes of text: each lone surrogate becomes U+FFFD. */
export function toWellFormedText(s: string): string {
  return isWellFormedText(s) ? s : s.replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd");
}

export function toFloat32(vector: readonly number[]): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = Math.fround(vector[i]!);
  return out;
}

export const INVALID: unique symbol = Symbol("invalid JSON value");

/**
 * A deep copy of v when it survives a JSON round trip unchanged (finite numbers, no undefined,
 * plain objects, at most 100 levels), else INVALID. One pass: the model validates and copies
 * metadata on every write.
 */
export function copyJsonValue(v: unknown, depth = 0): JsonValue | typeof INVALID {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : INVALID;
  if (depth > 100 || typeof v !== "object") return INVALID;
  if (Array.isArray(v)) {
    const out = new Array<JsonValue>(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = copyJsonValue(v[i], depth + 1);
      if (c === INVALID) return INVALID;
      out[i] = c;
    }
    return out;
  }
  if (!isPlainObject(v)) return INVALID;
  const out: Record<string, JsonValue> = {};
  for (const k in v) {
    const c = copyJsonValue(v[k], depth + 1);
    if (c === INVALID) return INVALID;
    out[k] = c;
  }
  return out;
}

/** JSON text with object keys sorted: equal for JSON-equal values, whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

export function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
