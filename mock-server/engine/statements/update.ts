// UPDATE t SET c = e, ... [WHERE ...]: all matched rows or none. Keys and unique indexes are
// checked against the state after the whole statement; ON UPDATE CURRENT_TIMESTAMP columns move
// only in rows that change; a changed row keeps its place in heap order, or goes to the end when
// the UPDATE sets a vector-indexed column (Table.movesOnUpdate).
import type { StatementOf } from "../../sql/ast.ts";
import { columnCannotBeNull, duplicateEntry, unknownColumn } from "../../sql/errors.ts";
import type { Row } from "../catalog.ts";
import { storeValue } from "../columns.ts";
import { evalContext, type StatementContext } from "../context.ts";
import { checkUnique, entryText } from "../duplicates.ts";
import { evaluate } from "../eval.ts";
import { ok, type ExecResult } from "../result.ts";
import { withFulltext } from "../fulltext/match.ts";
import { matching } from "../rows.ts";
import { remember } from "../transactions.ts";
import { toText, type SqlValue } from "../values.ts";
import { changesIndexedVector, indexLags } from "../vector-index.ts";

export function update(stmt: StatementOf<"update">, ctx: StatementContext): ExecResult {
  const { session } = ctx;
  const t = ctx.catalog.table(stmt.table, session.db);
  const sets = stmt.sets.map((s) => {
    const i = t.columnIndex(s.column);
    if (i < 0) throw unknownColumn(s.column, "field list");
    return { i, expr: s.expr };
  });
  ctx = withFulltext(ctx, t, [stmt.where, ...stmt.sets.map((s) => s.expr)]);
  const matches = matching(t, stmt.where, ctx);
  const changes: { oldKey: string; newKey: string; row: Row; revectored: boolean }[] = [];
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  for (const [r, [key, old]] of matches.entries()) {
    const row = [...old];
    for (const s of sets) row[s.i] = storeValue(t.columns[s.i]!, evaluate(s.expr, evalContext(ctx, "field list", t, old)), r + 1);
    const changed = row.some((v, i) => !sameStored(v, old[i] ?? null));
    if (!changed) continue;
    for (const [i, c] of t.columns.entries()) {
      if (c.onUpdateNow && !sets.some((s) => s.i === i)) row[i] = now;
      if (row[i] === null && c.notNull) throw columnCannotBeNull(c.name);
    }
    changes.push({ oldKey: key, newKey: t.rowKey(row), row, revectored: changesIndexedVector(t, old, row) });
  }
  const moving = new Set(changes.filter((c) => c.newKey !== c.oldKey).map((c) => c.oldKey));
  const newKeys = new Set<string>();
  for (const c of changes) {
    if (c.newKey !== c.oldKey && ((t.rows.has(c.newKey) && !moving.has(c.newKey)) || newKeys.has(c.newKey))) {
      throw duplicateEntry(entryText(t.primaryKey, c.row), t.primaryKeyName());
    }
    newKeys.add(c.newKey);
  }
  const seen = t.uniqueKeys.map(() => new Map<string, string>());
  const changedKeys = new Set(changes.map((c) => c.oldKey));
  for (const c of changes) checkUnique(t, c.row, c.oldKey, new Map(), seen, changedKeys);
  for (const c of changes) {
    remember(session, t, c.oldKey);
    remember(session, t, c.newKey);
  }
  t.writeUpdated(changes, t.movesOnUpdate(sets.map((s) => s.i)));
  for (const c of changes) {
    // The index follows the row (its hidden row id) to a new _id; a new vector waits for the index.
    const pending = t.vectorIndexPending.get(c.oldKey);
    t.vectorIndexPending.delete(c.oldKey);
    if (c.revectored) indexLags(ctx.catalog, t, c.newKey);
    else if (pending !== undefined) t.vectorIndexPending.set(c.newKey, pending);
  }
  return ok(session.foundRows ? matches.length : changes.length, `Rows matched: ${matches.length}  Changed: ${changes.length}  Warnings: 0`);
}

/** Whether two stored values are the same (an UPDATE that sets a column to its value changes nothing). */
function sameStored(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof Float32Array && b instanceof Float32Array) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return toText(a) === toText(b) && Buffer.isBuffer(a) === Buffer.isBuffer(b);
}
