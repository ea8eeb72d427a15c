// What a real seekdb 1.4 does to the values a client sends, measured and independent of any
// client: the SDK profiles run their statements' values through these. (The mock implements the
// same facts on its own, and the fidelity probes pin both to a real seekdb.)
import type { JsonValue } from "./types.ts";
import { jsonHasIllFormedText } from "./values.ts";

/**
 * A VECTOR column as a read shows it: float32, and 0 where float32 cannot hold the value (NaN,
 * ±Infinity, beyond its range) — seekdb keeps those as NaN or ±inf and prints them as 0
 * (measured; StoredRecord.vectorNonFinite marks them, which a distance meets).
 */
export function serverFloat32(vector: readonly number[]): number[] {
  return vector.map((x) => {
    const f = Math.fround(x);
    return Number.isFinite(f) ? f : 0;
  });
}

// JSON numbers: seekdb parses JSON text the way rapidjson's Reader does without
// kParseFullPrecisionFlag — the significand in an integer (up to 2^53 past the decimal point,
// 17 digits in all), then one multiplication or division by a power of ten in double arithmetic.
// That is not correctly rounded: about a quarter of random doubles come back one ULP off
// (measured: 1026 of 3969, every one reproduced by this function), while a DOUBLE column and
// JSON_OBJECT(double) keep them exact.
const POW10 = Array.from({ length: 309 }, (_, n) => Number(`1e${n}`));
const scale = (d: number, exp: number) => (exp < -308 ? 0 : exp >= 0 ? d * POW10[exp]! : d / POW10[-exp]!);

/** The double seekdb stores for a JSON number written as `text` (JSON number syntax). */
export function seekdbJsonNumber(text: string): number {
  let k = 0;
  const digit = () => k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
  const take = () => text.charCodeAt(k++) - 48;
  const minus = text[k] === "-";
  if (minus) k++;
  // Integer part: exact in 64 bits while it fits (rapidjson's 32- then 64-bit accumulators);
  // rapidjson counts the digits after the first one as significant, zeros included.
  const limit = minus ? 0x0cccccccccccccccn : 0x1999999999999999n;
  const lastDigit = minus ? 8n : 5n;
  let int = 0n;
  let asDouble: number | undefined;
  let digits = 0;
  if (text[k] === "0") k++;
  else {
    int = BigInt(take());
    while (digit()) {
      if (int >= limit && (int !== limit || BigInt(text.charCodeAt(k) - 48) > lastDigit)) {
        asDouble = Number(int);
        while (digit()) asDouble = asDouble * 10 + take();
        break;
      }
      int = int * 10n + BigInt(take());
      digits++;
    }
  }
  let fractionExp = 0;
  if (text[k] === ".") {
    k++;
    if (asDouble === undefined) {
      while (digit() && int <= 0x1fffffffffffffn) {
        int = int * 10n + BigInt(take());
        fractionExp--;
        if (int !== 0n) digits++;
      }
      asDouble = Number(int);
    }
    while (digit()) {
      if (digits < 17) {
        asDouble = asDouble * 10 + take();
        fractionExp--;
        if (asDouble > 0) digits++;
      } else k++;
    }
  }
  let exp = 0;
  if (text[k] === "e" || text[k] === "E") {
    k++;
    const negative = text[k] === "-";
    if (text[k] === "+" || text[k] === "-") k++;
    while (digit()) exp = exp * 10 + take();
    if (negative) exp = -exp;
    asDouble ??= Number(int);
  }
  if (asDouble === undefined) return minus ? -Number(int) : Number(int);
  const p = exp + fractionExp;
  const d = p < -308 ? scale(scale(asDouble, -308), p + 308) : scale(asDouble, p);
  return minus ? -d : d;
}

/** JSON text the server refuses when a statement converts it into a JSON column (3140 Invalid JSON text). */
export const INVALID_JSON: unique symbol = Symbol("invalid JSON text");

/** seekdb accepts at most this many nested arrays/objects in a JSON column (measured: 101 ok, 102 is 3140). */
export const SEEKDB_MAX_JSON_DEPTH = 101;

function depth(v: JsonValue): number {
  if (v === null || typeof v !== "object") return 0;
  let d = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) d = Math.max(d, depth(x));
  return d + 1;
}

/**
 * What a JSON column holds after a client sends `text` (what JSON.stringify or json.dumps wrote
 * for `value`): seekdb's numbers, or INVALID_JSON for text it refuses — a lone surrogate escape
 * (\udXXX) or more than SEEKDB_MAX_JSON_DEPTH levels of nesting.
 */
export function seekdbStoreJson(value: JsonValue, numberText: (n: number) => string = jsonStringifyNumber): JsonValue | typeof INVALID_JSON {
  if (jsonHasIllFormedText(value) || depth(value) > SEEKDB_MAX_JSON_DEPTH) return INVALID_JSON;
  return seekdbJsonValue(value, numberText);
}

/** How JavaScript's JSON.stringify writes a number (-0 as "0"). */
export const jsonStringifyNumber = (n: number): string => JSON.stringify(n);

/** A JSON value as seekdb stores it when a client writes each number as `numberText` gives it. */
export function seekdbJsonValue(v: JsonValue, numberText: (n: number) => string = jsonStringifyNumber): JsonValue {
  if (typeof v === "number") return seekdbJsonNumber(numberText(v));
  if (Array.isArray(v)) return v.map((x) => seekdbJsonValue(x, numberText));
  if (v !== null && typeof v === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: seekdbJsonValue(x, numberText), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/**
 * How seekdb prints a DOUBLE (a query's distance): the shortest digits that read back as the same
 * double, in fixed notation for exponents -15 to 14 and as "1.5e20" / "1e-20" outside (measured).
 */
export function seekdbDoubleText(x: number): string {
  if (x === 0) return "0";
  const [mantissa, exponent] = x.toExponential().split("e") as [string, string];
  const e = Number(exponent);
  if (e < -15 || e > 14) return `${mantissa}e${e}`;
  const sign = x < 0 ? "-" : "";
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  return digits.length <= e + 1 ? sign + digits + "0".repeat(e + 1 - digits.length) : `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/** Whether a vector holds a value float32 cannot hold finitely (kept as NaN or ±inf by seekdb). */
export const holdsNonFinite = (vector: readonly number[]): boolean => vector.some((x) => !Number.isFinite(Math.fround(x)));
