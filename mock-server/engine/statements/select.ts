// SELECT: without a table (expressions), from information_schema (information-schema.ts), or from a
// table: WHERE, ORDER BY (a vector search through an index with APPROXIMATE: vector-index.ts),
// COUNT without GROUP BY, LIMIT/OFFSET, then the select list.
import type { Expr, StatementOf } from "../../sql/ast.ts";
import { SqlError, unknownColumn, unsupported } from "../../sql/errors.ts";
import type { Row, Table } from "../catalog.ts";
import { compare, compareDoubles } from "../compare.ts";
import { evalContext, type StatementContext } from "../context.ts";
import { evaluate, truth } from "../eval.ts";
import { exprColumn, rows as result, tableColumn, type ExecResult, type ResultColumn } from "../result.ts";
import { isConstant, matching, operands, selectedRows } from "../rows.ts";
import type { SqlValue } from "../values.ts";
import { withFulltext } from "../fulltext/match.ts";
import { informationSchemaTable, isInformationSchema } from "./information-schema.ts";
import { firstInOrder } from "../first-in-order.ts";
import { checkDistanceCalls } from "../vector-functions.ts";
import { indexHolds, indexScanColumn } from "../vector-index.ts";

type Select = StatementOf<"select">;

export function select(stmt: Select, ctx: StatementContext): ExecResult {
  // FROM dual is no table
  if (!stmt.from || (stmt.from.db === undefined && stmt.from.name.toLowerCase() === "dual")) return selectWithoutTable(stmt, ctx);
  const t = isInformationSchema(stmt.from, ctx.session) ? informationSchemaTable(stmt.from.name, ctx.catalog) : ctx.catalog.table(stmt.from, ctx.session.db);
  ctx = withFulltext(ctx, t, [stmt.where, ...stmt.items.map((i) => i.expr), ...stmt.orderBy.map((o) => o.expr)]);
  if (stmt.hiddenColumns && t.heapOrganized) ctx = { ...ctx, hiddenRowIds: new Map([...t.rows.values()].map((row, i) => [row, i + 1])) };
  const scan = indexScanColumn(stmt, t);
  // LIMIT 0, or a WHERE that is false whatever the row (1 = 0), leaves no scan: no row is read and
  // the query vector is not checked (measured, probes vector-wrong-dimension-*).
  const limitZero = stmt.limit === 0 && !isAggregate(stmt);
  const noScan = limitZero || (stmt.where !== undefined && mentionsNoColumn(stmt.where) && truth(evaluate(stmt.where, evalContext(ctx, "where clause"))) !== true);
  checkDistanceCalls(selectExpressions(stmt), t, (e) => evaluate(e, evalContext(ctx, "field list")), scan !== undefined && !noScan);
  const rows = limitZero ? [] : scan ? indexScan(t, stmt, ctx, scan.column) : ordered(selectedRows(t, stmt, ctx), stmt, t, ctx, "first", rowsNeeded(stmt));
  if (isAggregate(stmt)) return aggregate(stmt, t, rows, ctx);
  const offset = stmt.offset ?? 0;
  return project(stmt, t, offset > 0 || stmt.limit !== undefined ? rows.slice(offset, stmt.limit !== undefined ? offset + stmt.limit : undefined) : rows, ctx);
}

/** True when e reads no column (nor a row count, nor a MATCH's relevance): its value is the same for every row. */
function mentionsNoColumn(e: Expr): boolean {
  if (e.k === "col" || e.k === "keyword" || e.k === "match" || (e.k === "call" && (e.fn === "COUNT" || e.star))) return false;
  return operands(e).every(mentionsNoColumn);
}

function selectWithoutTable(stmt: Select, ctx: StatementContext): ExecResult {
  const columns: ResultColumn[] = [];
  const row: SqlValue[] = [];
  for (const item of stmt.items) {
    if (item.expr === "*") throw new SqlError(1096, "HY000", "No tables used");
    const v = item.expr.k === "call" && item.expr.fn === "COUNT" ? 1n : evaluate(item.expr, evalContext(ctx, "field list"));
    columns.push(exprColumn(item, v));
    row.push(v);
  }
  return result(columns, [row]);
}

/** An ORDER BY name that is a select-list alias (and no column) orders by that item. */
function orderExpr(e: Expr, stmt: Select, t: Table): Expr {
  if (e.k !== "col" || e.table !== undefined || t.columnIndex(e.name) >= 0) return e;
  const item = stmt.items.find((i) => i.alias !== undefined && i.alias.toLowerCase() === e.name.toLowerCase());
  return item && item.expr !== "*" ? item.expr : e;
}

/**
 * The rows in ORDER BY order (NULLs first, unless `nulls` says last), or as they are without one;
 * only the first `keep` when a LIMIT needs no more.
 */
function ordered(rows: Row[], stmt: Select, t: Table, ctx: StatementContext, nulls: "first" | "last" = "first", keep?: number): Row[] {
  if (!stmt.orderBy.length) return rows;
  const exprs = stmt.orderBy.map((o) => orderExpr(o.expr, stmt, t));
  const keyed = rows.map((row) => ({ row, keys: exprs.map((e) => evaluate(e, evalContext(ctx, "order clause", t, row))) }));
  const nullFirst = nulls === "first" ? -1 : 1;
  type Keyed = (typeof keyed)[number];
  let cmp: (a: Keyed, b: Keyed) => number;
  if (stmt.orderBy.length === 1 && keyed.every((k) => k.keys[0] === null || typeof k.keys[0] === "number")) {
    // One numeric key (a distance): compared as numbers, without the general comparison — most of
    // an exact search's time over 10,000 rows went there.
    const sign = stmt.orderBy[0]!.desc ? -1 : 1;
    cmp = (a, b) => {
      const x = a.keys[0] as number | null;
      const y = b.keys[0] as number | null;
      return sign * (x === null ? (y === null ? 0 : nullFirst) : y === null ? -nullFirst : compareDoubles(x, y));
    };
  } else {
    cmp = (a, b) => {
      for (const [i, o] of stmt.orderBy.entries()) {
        const x = a.keys[i]!;
        const y = b.keys[i]!;
        const c = x === null ? (y === null ? 0 : nullFirst) : y === null ? -nullFirst : (compare(x, y) ?? 0);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    };
  }
  const sorted = keep !== undefined && keep < keyed.length / 4 ? firstInOrder(keyed, cmp, keep) : keyed.sort(cmp);
  return sorted.map((k) => k.row);
}

/** How many ordered rows a SELECT's LIMIT (after its OFFSET) needs, if it has one and counts nothing. */
const rowsNeeded = (stmt: Select): number | undefined => (stmt.limit !== undefined && !isAggregate(stmt) ? (stmt.offset ?? 0) + stmt.limit : undefined);

/** The most rows a vector index scan returns (measured: LIMIT 16385 is 1235; an exact scan has no such limit). */
const MAX_INDEX_SCAN_LIMIT = 16384;

/**
 * A vector search through the column's vector index: the rows WHERE keeps among those the index
 * holds (a pre-filter), nearest first. Rows whose distance is NULL (a zero vector under cosine)
 * have no place in the index's order — seekdb puts them anywhere, or leaves them out (measured) —
 * the mock puts them last.
 */
function indexScan(t: Table, stmt: Select, ctx: StatementContext, column: number): Row[] {
  if ((stmt.limit ?? 0) > MAX_INDEX_SCAN_LIMIT) throw new SqlError(1235, "0A000", "Not supported feature or function");
  const now = Date.now();
  const held = matching(t, stmt.where, ctx).filter(([key, row]) => indexHolds(t, key, row, column, now));
  return ordered(held.map(([, row]) => row), stmt, t, ctx, "last", rowsNeeded(stmt));
}

/** Every expression of a SELECT: its items, WHERE and ORDER BY. */
function selectExpressions(stmt: Select): Expr[] {
  return [...stmt.items.flatMap((i) => (i.expr === "*" ? [] : [i.expr])), ...(stmt.where ? [stmt.where] : []), ...stmt.orderBy.map((o) => o.expr)];
}

/** Whether a SELECT counts (COUNT(*) / COUNT(x)). */
function isAggregate(stmt: Select): boolean {
  return stmt.items.some((i) => i.expr !== "*" && i.expr.k === "call" && i.expr.fn === "COUNT");
}

/** One row: the counts, and for any other item its value in the first row (MySQL without GROUP BY). */
function aggregate(stmt: Select, t: Table, rows: Row[], ctx: StatementContext): ExecResult {
  const out: SqlValue[] = [];
  const columns: ResultColumn[] = [];
  for (const item of stmt.items) {
    if (item.expr === "*") throw unsupported("SELECT * with an aggregate");
    const e = item.expr;
    let v: SqlValue;
    if (e.k === "call" && e.fn === "COUNT") {
      v = BigInt(e.star ? rows.length : rows.filter((row) => evaluate(e.args[0]!, evalContext(ctx, "field list", t, row)) !== null).length);
    } else {
      const first = rows[0];
      v = first ? evaluate(e, evalContext(ctx, "field list", t, first)) : isConstant(e) ? evaluate(e, evalContext(ctx, "field list")) : null;
    }
    out.push(v);
    columns.push(exprColumn(item, v));
  }
  return result(columns, [out]);
}

/** The select list over the rows: stored columns copied, expressions evaluated (typed by the first row's value). */
function project(stmt: Select, t: Table, rows: Row[], ctx: StatementContext): ExecResult {
  const columns: ResultColumn[] = [];
  const items: (number | Expr)[] = [];
  for (const item of stmt.items) {
    if (item.expr === "*") {
      for (const [i, c] of t.columns.entries()) {
        columns.push(tableColumn(t, c, c.name));
        items.push(i);
      }
      continue;
    }
    const e = item.expr;
    if (e.k === "col") {
      const i = t.columnIndex(e.name);
      if (i < 0) throw unknownColumn(e.name, "field list");
      columns.push(tableColumn(t, t.columns[i]!, item.alias ?? e.name));
      items.push(i);
      continue;
    }
    const sample = rows[0] ? evaluate(e, evalContext(ctx, "field list", t, rows[0])) : null;
    columns.push(exprColumn(item, sample));
    items.push(e);
  }
  return result(
    columns,
    rows.map((row) => items.map((it) => (typeof it === "number" ? (row[it] ?? null) : evaluate(it, evalContext(ctx, "field list", t, row))))),
  );
}
