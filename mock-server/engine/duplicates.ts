// Duplicate keys: the unique-index check INSERT and UPDATE share, and the entry text seekdb's 1062
// message quotes ('a', or 'a-b' for a key of two columns).
import { duplicateEntry } from "../sql/errors.ts";
import type { Row, Table } from "./catalog.ts";
import { indexKey } from "./columns.ts";
import { toText, type SqlValue } from "./values.ts";

export function entryText(cols: readonly number[], row: Row): string {
  return cols.map((i) => (row[i] === null ? "NULL" : toText(row[i] as Exclude<SqlValue, null>))).join("-");
}

/**
 * Throws 1062 if `row` (stored under `key`) takes a unique-index entry that another row holds: a
 * stored row other than those in `staged` or `ignoreKeys` (replaced by this statement), or a row
 * the statement wrote before it (`seen`, one map per unique key, entry → row key).
 */
export function checkUnique(t: Table, row: Row, key: string, staged: Map<string, Row>, seen: Map<string, string>[], ignoreKeys: Set<string> = new Set()): void {
  for (const [u, uk] of t.uniqueKeys.entries()) {
    if (uk.columns.some((i) => row[i] === null)) continue;
    const k = uk.columns.map((i) => indexKey(t.columns[i]!, row[i] as Exclude<SqlValue, null>)).join("\u0000");
    const clash = [...t.rows].some(([rk, r]) => rk !== key && !ignoreKeys.has(rk) && !staged.has(rk) && uk.columns.every((i) => r[i] !== null && indexKey(t.columns[i]!, r[i] as Exclude<SqlValue, null>) === indexKey(t.columns[i]!, row[i] as Exclude<SqlValue, null>)));
    if (clash || (seen[u]!.has(k) && seen[u]!.get(k) !== key)) throw duplicateEntry(entryText(uk.columns, row), uk.name);
    seen[u]!.set(k, key);
  }
}
