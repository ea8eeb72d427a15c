// INSERT INTO t [(columns)] VALUES (...), ...: all rows or none. Every row is checked (types,
// NOT NULL, defaults, primary and unique keys, also against the statement's earlier rows) before
// any is written, in seekdb's order of checks.
import type { StatementOf } from "../../sql/ast.ts";
import { columnCannotBeNull, columnCountMismatch, duplicateEntry, fieldWithoutDefault, unknownColumn } from "../../sql/errors.ts";
import type { Row, Table } from "../catalog.ts";
import { storeValue } from "../columns.ts";
import { evalContext, type StatementContext } from "../context.ts";
import { checkUnique, entryText } from "../duplicates.ts";
import { evaluate } from "../eval.ts";
import { ok, type ExecResult } from "../result.ts";
import { remember } from "../transactions.ts";
import { indexLags } from "../vector-index.ts";
import type { SqlValue } from "../values.ts";

export function insert(stmt: StatementOf<"insert">, ctx: StatementContext): ExecResult {
  const t = ctx.catalog.table(stmt.table, ctx.session.db);
  const positions = insertPositions(stmt, t);
  // seekdb converts a row's JSON and VECTOR values first (3140, 1210, 7600), then checks the rest
  // (1406 too long, 1048 NULL), row by row; duplicates (1062) only once every row has passed (measured).
  const converted = positions.map((i, k) => [i, k] as const).filter(([i]) => t.columns[i]!.kind === "json" || t.columns[i]!.kind === "vector");
  const checked = positions.map((i, k) => [i, k] as const).filter(([i]) => t.columns[i]!.kind !== "json" && t.columns[i]!.kind !== "vector");
  const ncols = t.columns.length;
  const values = evalContext(ctx, "field list");
  const rows: Row[] = [];
  for (let r = 0; r < stmt.rows.length; r++) {
    const exprs = stmt.rows[r]!;
    const rowNo = r + 1;
    if (exprs.length !== positions.length) throw columnCountMismatch(rowNo);
    const row: Row = new Array<SqlValue>(ncols);
    for (const [i, k] of converted) row[i] = storeValue(t.columns[i]!, evaluate(exprs[k]!, values), rowNo);
    for (const [i, k] of checked) row[i] = storeValue(t.columns[i]!, evaluate(exprs[k]!, values), rowNo);
    for (let i = 0; i < ncols; i++) {
      const c = t.columns[i]!;
      // Columns the statement did not name are still holes in the array.
      if (row[i] === undefined) {
        if (c.default) row[i] = storeValue(c, evaluate(c.default, values), rowNo);
        else if (c.notNull && c.kind !== "timestamp") throw fieldWithoutDefault(c.name);
        else row[i] = null;
      }
      if (row[i] === null && c.notNull) throw columnCannotBeNull(c.name);
    }
    rows.push(row);
  }
  const staged = new Map<string, Row>();
  const uniqueSeen = t.uniqueKeys.length ? t.uniqueKeys.map(() => new Map<string, string>()) : [];
  for (const row of rows) {
    const key = t.rowKey(row);
    if (t.rows.has(key) || staged.has(key)) throw duplicateEntry(entryText(t.primaryKey, row), t.primaryKeyName());
    if (uniqueSeen.length) checkUnique(t, row, key, staged, uniqueSeen);
    staged.set(key, row);
  }
  for (const [k, row] of staged) {
    remember(ctx.session, t, k);
    t.rows.set(k, row);
    indexLags(ctx.catalog, t, k);
  }
  const n = staged.size;
  return n > 1 ? ok(n, `Records: ${n}  Duplicates: 0  Warnings: 0`) : ok(n);
}

/** Column positions an INSERT's values go to. */
function insertPositions(stmt: StatementOf<"insert">, t: Table): number[] {
  if (!stmt.columns) return t.columns.map((_, i) => i);
  return stmt.columns.map((c) => {
    const i = t.columnIndex(c);
    if (i < 0) throw unknownColumn(c, "field list");
    return i;
  });
}
