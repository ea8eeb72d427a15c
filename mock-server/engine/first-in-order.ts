// ORDER BY ... LIMIT n over many rows (an exact vector search: 10,000 rows, LIMIT 10) needs only the
// first n of a stable sort: kept in a small sorted buffer instead of sorting every row.

/** The first `keep` items of `items` stably sorted by `cmp`, without sorting the rest. */
export function firstInOrder<T>(items: readonly T[], cmp: (a: T, b: T) => number, keep: number): T[] {
  const best: T[] = [];
  if (keep <= 0) return best;
  for (const item of items) {
    // An item equal to the last kept one comes after it in a stable sort: not kept.
    if (best.length === keep && cmp(item, best[keep - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(item, best[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, item);
    if (best.length > keep) best.pop();
  }
  return best;
}
