// Version numbers of SDKs as npm and PyPI spell them (1.4.0, 1.4.0.post1, 1.5.0rc1), compared as
// dotted numbers: a pre-release word (a, b, rc, dev, alpha, beta, pre) sorts before the release,
// "post" after it.
const PRE = new Set(["a", "alpha", "b", "beta", "rc", "c", "dev", "pre", "preview"]);

function tokens(v: string): (number | string)[] {
  const t = v.trim().toLowerCase().replace(/^v/, "").match(/\d+|[a-z]+/g);
  if (!t) throw new Error(`not a version: '${v}'`);
  return t.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    // One ran out: the other is a pre-release (older) or a post/extra number (newer).
    if (p === undefined) return typeof q === "string" && PRE.has(q) ? 1 : -1;
    if (q === undefined) return typeof p === "string" && PRE.has(p) ? -1 : 1;
    if (typeof p === "number" && typeof q === "number") return p - q;
    if (typeof p === "number") return 1;
    if (typeof q === "number") return -1;
    if (PRE.has(p) !== PRE.has(q)) return PRE.has(p) ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export interface VersionRange {
  readonly from: string;
  readonly below: string;
}

export function inRange(v: string, r: VersionRange): boolean {
  return compareVersions(v, r.from) >= 0 && compareVersions(v, r.below) < 0;
}
