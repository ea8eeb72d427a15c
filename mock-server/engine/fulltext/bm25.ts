// seekdb 1.4's relevance for MATCH ... AGAINST (measured, probes fulltext-score-*): BM25 with
// k1 = 1.2, b = 0.75 and an average document length of 10 tokens whatever the table holds; idf =
// ln((N - n + 0.5) / (n + 0.5)), at least 0.25, with N the table's row count when the statement's
// plan was made (see FulltextPlanCache) and n the rows holding the term now. Each term scores
// idf * (k1 + 1) * (tf / (tf + k1 * (1 - b + b * dl / avgdl))), in that order of operations, and a
// row's score is the sum over the query's distinct terms: the doubles come out bit for bit as
// seekdb's once ln is correctly rounded (V8's Math.log(3) is one ULP below glibc's).
const K1 = 1.2;
const B = 0.75;
const AVERAGE_DOCUMENT_LENGTH = 10;
const MIN_IDF = 0.25;

/** Fixed-point scale of the ln computation: 2^-200, far more than a double's 53 bits. */
const SCALE = 200n;
const ONE = 1n << SCALE;

/** atanh(p/q) · 2^SCALE for |p/q| < 1/2, by its series. */
function atanhFixed(p: bigint, q: bigint): bigint {
  if (p < 0n) return -atanhFixed(-p, q); // (shifting a negative term would never reach 0)
  const z = (p << SCALE) / q;
  const z2 = (z * z) >> SCALE;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) >> SCALE;
  }
  return sum;
}

const LN2 = 2n * atanhFixed(1n, 3n);

/** ln(p/q) for p, q > 0, rounded to the nearest double (glibc's log is; V8's is not always). */
export function lnRational(p: bigint, q: bigint): number {
  // p/q = 2^k · m with m in [2/3, 4/3), so that (m-1)/(m+1) is small
  let k = BigInt(p.toString(2).length - q.toString(2).length);
  let num = k >= 0n ? p : p << -k;
  let den = k >= 0n ? q << k : q;
  while (3n * num >= 4n * den) {
    den <<= 1n;
    k++;
  }
  while (3n * num < 2n * den) {
    num <<= 1n;
    k--;
  }
  const fixed = k * LN2 + 2n * atanhFixed(num - den, num + den);
  return fixedToDouble(fixed);
}

/** A fixed-point value (· 2^SCALE) as the nearest double, through 30 significant decimal digits. */
function fixedToDouble(v: bigint): number {
  const negative = v < 0n;
  const a = negative ? -v : v;
  const whole = a >> SCALE;
  const fraction = ((a & (ONE - 1n)) * 10n ** 30n) >> SCALE;
  return Number(`${negative ? "-" : ""}${whole}.${fraction.toString().padStart(30, "0")}`);
}

/** A finite positive double as the exact fraction it is. */
function exactFraction(d: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = exponent === 0 ? (bits & 0xfffffffffffffn) << 1n : (bits & 0xfffffffffffffn) | (1n << 52n);
  const shift = exponent - 1075; // value = mantissa · 2^shift
  return shift >= 0 ? [mantissa << BigInt(shift), 1n] : [mantissa, 1n << BigInt(-shift)];
}

/** The idf of a term n of N documents hold (N as the statement's plan saw it). */
export function idf(documents: number, holding: number): number {
  // the ratio is a double before its logarithm is taken, as in seekdb
  const ratio = (documents - holding + 0.5) / (holding + 0.5);
  if (!(ratio > 1)) return MIN_IDF; // ln ≤ 0, also when a stale N is below n
  const [p, q] = exactFraction(ratio);
  const v = lnRational(p, q);
  return v > MIN_IDF ? v : MIN_IDF;
}

/** One term's share of a document's score: tf occurrences in a document of dl tokens. */
export function termScore(termIdf: number, tf: number, dl: number): number {
  const norm = K1 * (1 - B + (B * dl) / AVERAGE_DOCUMENT_LENGTH);
  return termIdf * (K1 + 1) * (tf / (tf + norm));
}
