// Vector search through a vector index, as seekdb 1.4 does it (measured). `ORDER BY
// <distance>(col, v) APPROXIMATE LIMIT n` is an index scan when col has a vector index built with
// that distance (l2 → l2_distance, cosine → cosine_distance, inner_product →
// negative_inner_product; ascending): it reads only the rows the index holds. Any other ORDER BY,
// with or without APPROXIMATE, is an exact scan of the table (inner_product itself is one).
//
// The index is asynchronous (SHOW CREATE TABLE says SYNC_MODE=ASYNC): a row inserted, or updated
// to another vector, is missing from index scans until a background pass takes it in (measured:
// 60–230 ms, median 190 ms on an idle server) or `CALL dbms_index_manager.refresh()` runs; an
// UPDATE that leaves the vector as it was and a DELETE show at once. Rows without a vector are
// never in it. The mock counts the lag from the write (Catalog.vectorIndexLagMs).
import type { Expr, StatementOf } from "../sql/ast.ts";
import type { Catalog, Row, Table } from "./catalog.ts";
import { DISTANCE_FUNCTIONS } from "./vector-functions.ts";

/** The vector column an ORDER BY ... APPROXIMATE scans through its index, or undefined for an exact scan. */
export function indexScanColumn(stmt: StatementOf<"select">, t: Table): { readonly column: number; readonly metric: string } | undefined {
  const first = stmt.orderBy[0];
  if (!stmt.approximate || !first || first.desc || first.expr.k !== "call") return undefined;
  const metric = DISTANCE_FUNCTIONS.get(first.expr.fn)?.indexMetric;
  const column = vectorColumnOf(first.expr.args, t);
  if (metric === undefined || column === undefined) return undefined;
  const built = t.indexes.some((ix) => ix.kind === "vector" && ix.columns.some((c) => t.columnIndex(c) === column) && indexMetric(ix.def.with) === metric);
  return built ? { column, metric } : undefined;
}

/** seekdb's names for a vector index's distance (WITH (distance=...)), upper case; ip is inner_product. */
function indexMetric(withOptions: Readonly<Record<string, string>>): string | undefined {
  const d = withOptions.DISTANCE?.toUpperCase();
  return d === "IP" ? "INNER_PRODUCT" : d;
}

function vectorColumnOf(args: readonly Expr[], t: Table): number | undefined {
  for (const a of args) {
    if (a.k !== "col") continue;
    const i = t.columnIndex(a.name);
    if (i >= 0 && t.vectorIndexed.has(i)) return i;
  }
  return undefined;
}

/** Whether the vector index holds this row now (it has a vector, and the index has caught up with its last write). */
export function indexHolds(t: Table, key: string, row: Row, column: number, now = Date.now()): boolean {
  if (row[column] === null || row[column] === undefined) return false;
  const from = t.vectorIndexPending.get(key);
  if (from === undefined) return true;
  if (from > now) return false;
  t.vectorIndexPending.delete(key);
  return true;
}

/** A written row: out of index scans for the catalog's lag (nothing to do when the table has no vector index). */
export function indexLags(catalog: Catalog, t: Table, key: string): void {
  if (t.vectorIndexed.size > 0 && catalog.vectorIndexLagMs > 0) t.vectorIndexPending.set(key, Date.now() + catalog.vectorIndexLagMs);
}

/** Whether an UPDATE changed a vector-indexed value of a row. */
export function changesIndexedVector(t: Table, before: Row, after: Row): boolean {
  for (const i of t.vectorIndexed) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || a.length !== b.length || a.some((x, k) => !Object.is(x, b[k]))) return true;
  }
  return false;
}

/** `CALL dbms_index_manager.refresh()`: every vector index of every table catches up. */
export function refreshVectorIndexes(catalog: Catalog): void {
  for (const db of catalog.databases.values()) for (const t of db.tables.values()) t.vectorIndexPending.clear();
}
