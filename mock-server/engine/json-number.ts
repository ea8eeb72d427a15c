// A number in JSON text, read as seekdb 1.4 reads it: with rapidjson's Reader without
// kParseFullPrecisionFlag. Integers are exact from INT64_MIN to UINT64_MAX; anything else is a
// double built as rapidjson builds it — the significand in a 64-bit integer (up to 2^53 once past
// the decimal point, 17 significant digits in all), then ONE multiplication or division by a power
// of ten (two steps below 1e-308). That is not correctly rounded: about a quarter of random doubles
// come back one ULP off (-4.382358643643341e-279 is stored as -4.3823586436433406e-279; measured).
// spec/model/server-values.ts `seekdbJsonNumber` is the reference model's version of the same
// fact; the fidelity probes `json-number-*` pin this one to a real seekdb.

/** The JSON number grammar, at a position (sticky). */
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** 1e0 .. 1e308, each correctly rounded (rapidjson's Pow10 table). */
const POWERS_OF_TEN = Array.from({ length: 309 }, (_, n) => Number(`1e${n}`));

/** Where rapidjson stops growing the 64-bit significand of the integer part (before one more digit overflows it). */
const POSITIVE_STOP = { at: 0x1999999999999999n, lastDigit: 5 };
const NEGATIVE_STOP = { at: 0x0cccccccccccccccn, lastDigit: 8 };
/** Past the decimal point the significand grows while it is at most 2^53 - 1. */
const EXACT_SIGNIFICAND = 2n ** 53n - 1n;

export interface ScannedNumber {
  readonly value: bigint | number;
  /** Index just past the number. */
  readonly end: number;
}

/** The JSON number at `start` of `text`, or undefined when there is none or rapidjson refuses it (too big). */
export function scanJsonNumber(text: string, start: number): ScannedNumber | undefined {
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const literal = m[0];
  const end = start + literal.length;
  const hasFraction = m[1] !== undefined;
  const hasExponent = m[2] !== undefined;
  if (!hasFraction && !hasExponent) {
    const n = BigInt(literal);
    if (n >= INT64_MIN && n <= UINT64_MAX) return { value: n, end };
  } else if (isExactInOneStep(literal, m[1]?.length ?? 0)) {
    // Clinger's fast path: an exact significand times an exact power of ten is one correctly
    // rounded operation, so rapidjson's result is the correctly rounded one.
    return { value: Number(literal), end };
  }
  const value = rapidjsonDouble(literal);
  return value === undefined ? undefined : { value, end };
}

/** Whether the literal's significand has at most 15 digits and its decimal exponent is within ±22. */
function isExactInOneStep(literal: string, fractionLength: number): boolean {
  const e = literal.search(/[eE]/);
  const mantissa = e < 0 ? literal : literal.slice(0, e);
  const digits = mantissa.replace(/[-.]/g, "").replace(/^0+/, "");
  if (digits.length > 15) return false;
  const exponent = (e < 0 ? 0 : Number(literal.slice(e + 1))) - Math.max(0, fractionLength - 1);
  return Math.abs(exponent) <= 22;
}

const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** rapidjson's FastPath: one multiplication or division by a power of ten. */
const scaleByPowerOfTen = (d: number, p: number): number => (p < -308 ? 0 : p >= 0 ? d * POWERS_OF_TEN[p]! : d / POWERS_OF_TEN[-p]!);

/**
 * rapidjson's ParseNumber then StrtodNormalPrecision, step by step, for a literal that matched the
 * JSON number grammar. Undefined when rapidjson refuses it (kParseErrorNumberTooBig).
 */
function rapidjsonDouble(literal: string): number | undefined {
  let i = 0;
  const negative = literal[0] === "-";
  if (negative) i++;
  let significand = 0n;
  let significantDigits = 0;
  /** Set once the significand has become a double (it no longer fits, or the fraction started). */
  let d: number | undefined;
  if (literal[i] === "0") i++;
  else {
    significand = BigInt(digitAt(literal, i++));
    const stop = negative ? NEGATIVE_STOP : POSITIVE_STOP;
    for (let c = digitAt(literal, i); c >= 0; c = digitAt(literal, ++i)) {
      if (significand >= stop.at && (significand !== stop.at || c > stop.lastDigit)) {
        // Beyond 64 bits: every remaining integer digit is accumulated in a double, rounding as it goes.
        d = Number(significand);
        for (; c >= 0; c = digitAt(literal, ++i)) d = d * 10 + c;
        break;
      }
      significand = significand * 10n + BigInt(c);
      significantDigits++;
    }
  }
  let fractionExponent = 0;
  if (literal[i] === ".") {
    i++;
    if (d === undefined) {
      for (let c = digitAt(literal, i); c >= 0 && significand <= EXACT_SIGNIFICAND; c = digitAt(literal, ++i)) {
        significand = significand * 10n + BigInt(c);
        fractionExponent--;
        if (significand !== 0n) significantDigits++;
      }
      d = Number(significand);
    }
    for (let c = digitAt(literal, i); c >= 0; c = digitAt(literal, ++i)) {
      if (significantDigits >= 17) continue; // digits past the 17th are read and dropped
      d = d * 10 + c;
      fractionExponent--;
      if (d > 0) significantDigits++;
    }
  }
  d ??= Number(significand);
  let exponent = 0;
  if (literal[i] === "e" || literal[i] === "E") {
    i++;
    const negativeExponent = literal[i] === "-";
    if (literal[i] === "-" || literal[i] === "+") i++;
    // rapidjson refuses a positive exponent that cannot fit a double (even for 0e400), and stops
    // reading a negative one once it is far past any double.
    const maxExponent = negativeExponent ? Math.floor((fractionExponent + 2147483639) / 10) : 308 - fractionExponent;
    for (let c = digitAt(literal, i); c >= 0; c = digitAt(literal, ++i)) {
      exponent = exponent * 10 + c;
      if (exponent > maxExponent) {
        if (!negativeExponent) return undefined;
        break;
      }
    }
    if (negativeExponent) exponent = -exponent;
  }
  const p = exponent + fractionExponent;
  const magnitude = p < -308 ? scaleByPowerOfTen(scaleByPowerOfTen(d, -308), p + 308) : scaleByPowerOfTen(d, p);
  if (magnitude > Number.MAX_VALUE) return undefined;
  return negative ? -magnitude : magnitude;
}
