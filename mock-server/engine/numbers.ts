// Number printing as seekdb 1.4 does it (measured with the fidelity probes):
// - VECTOR elements: float32, 6 significant digits, trailing zeros dropped;
// - JSON doubles: shortest round-trip digits, "1.0" for whole values;
// both in fixed notation for decimal exponents -15..14 and as "1.5e38"/"1e-20" outside.

const FIXED_MIN_EXP = -15;
const FIXED_MAX_EXP = 14;

/**
 * Formats a finite number. `significant` limits the digits (undefined: shortest round trip);
 * `wholeWithPointZero` appends ".0" to whole values in fixed notation.
 */
export function formatDecimal(x: number, significant: number | undefined, wholeWithPointZero: boolean): string {
  if (x === 0) return Object.is(x, -0) ? (wholeWithPointZero ? "-0.0" : "-0") : wholeWithPointZero ? "0.0" : "0";
  const sign = x < 0 ? "-" : "";
  const exp = significant === undefined ? Math.abs(x).toExponential() : Math.abs(x).toExponential(significant - 1);
  const [mantissa, expText] = exp.split("e") as [string, string];
  const e = Number(expText);
  const digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
  if (e < FIXED_MIN_EXP || e > FIXED_MAX_EXP) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e}`;
  }
  let fixed: string;
  if (e < 0) fixed = `0.${"0".repeat(-e - 1)}${digits}`;
  else if (digits.length <= e + 1) fixed = digits + "0".repeat(e + 1 - digits.length) + (wholeWithPointZero ? ".0" : "");
  else fixed = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  return sign + fixed;
}

/** A float32 vector element as seekdb prints it: NaN and ±inf (what float32 made of NaN or an overflow) as 0 (measured). */
export function formatFloat32(x: number): string {
  return Number.isFinite(x) ? formatDecimal(Math.fround(x), 6, false) : "0";
}
