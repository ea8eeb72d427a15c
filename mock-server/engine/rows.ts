// The rows a WHERE matches, in the order seekdb returns them (measured): through the primary key
// when the WHERE pins it (`_id = ..`, ORs and INs of those), in key order; otherwise by a scan — of
// the primary key in an index-organized table (seekdb's default) or when a HEAP table's scan reads
// nothing but the key, in key order; of the heap otherwise, in heap order (catalog.ts).
import type { Expr, StatementOf } from "../sql/ast.ts";
import type { Row, Table } from "./catalog.ts";
import { indexKey, type Column } from "./columns.ts";
import { compare } from "./compare.ts";
import { evalContext, type StatementContext } from "./context.ts";
import { evaluate, truth } from "./eval.ts";

/** Rows matching WHERE, with their keys, in scan order (or key order for a key lookup). */
export function matching(t: Table, where: Expr | undefined, ctx: StatementContext): [string, Row][] {
  const out: [string, Row][] = [];
  const keys = candidateKeys(where, t, ctx);
  if (!keys) {
    for (const entry of t.rows) if (keeps(where, t, entry[1], ctx)) out.push(entry);
    if (!t.heapOrganized) sortByKey(t, out);
    return out;
  }
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) continue;
    seen.add(k);
    const row = t.rows.get(k);
    if (row && keeps(where, t, row, ctx)) out.push([k, row]);
  }
  // A primary-key lookup returns rows in key order, as seekdb's index scan does.
  return sortByKey(t, out);
}

/** Sorts rows by their primary key's values, as its index orders them. */
function sortByKey(t: Table, rows: [string, Row][]): [string, Row][] {
  if (rows.length < 2 || t.primaryKey.length === 0) return rows;
  return rows.sort(([, a], [, b]) => {
    for (const i of t.primaryKey) {
      const c = compare(a[i] ?? null, b[i] ?? null);
      if (c) return c;
    }
    return 0;
  });
}

function keeps(where: Expr | undefined, t: Table, row: Row, ctx: StatementContext): boolean {
  return !where || truth(evaluate(where, evalContext(ctx, "where clause", t, row))) === true;
}

/** The rows a SELECT reads, in the order seekdb returns them before any ORDER BY. */
export function selectedRows(t: Table, stmt: StatementOf<"select">, ctx: StatementContext): Row[] {
  const matches = matching(t, stmt.where, ctx);
  if (matches.length > 1 && t.heapOrganized && readsOnlyKey(stmt, t)) sortByKey(t, matches);
  return matches.map(([, row]) => row);
}

/** True when e mentions no column, so it can be evaluated once, before any row is read. */
export function isConstant(e: Expr): boolean {
  switch (e.k) {
    case "lit":
    case "param":
    case "var":
      return true;
    case "cast":
      return isConstant(e.expr);
    case "neg":
      return isConstant(e.e);
    case "call":
      return e.fn !== "COUNT" && e.args.every(isConstant);
    default:
      return false;
  }
}

/**
 * The primary-key keys a WHERE pins the rows to: `pk = const`, `pk IN (consts)`, ORs of those, or
 * either side of an AND. Undefined when the rows must be scanned.
 */
function candidateKeys(e: Expr | undefined, t: Table, ctx: StatementContext): string[] | undefined {
  if (!e || t.primaryKey.length !== 1) return undefined;
  const pk = t.columns[t.primaryKey[0]!]!;
  if (e.k === "bin" && e.op === "=") {
    const col = e.l.k === "col" ? e.l : e.r.k === "col" ? e.r : undefined;
    return col && isKeyColumn(col, pk) ? keysOf([col === e.l ? e.r : e.l], pk, ctx) : undefined;
  }
  if (e.k === "in" && !e.not) return isKeyColumn(e.e, pk) ? keysOf(e.list, pk, ctx) : undefined;
  if (e.k === "bin" && e.op === "OR") {
    const l = candidateKeys(e.l, t, ctx);
    const r = l && candidateKeys(e.r, t, ctx);
    return l && r ? l.concat(r) : undefined;
  }
  if (e.k === "bin" && e.op === "AND") return candidateKeys(e.l, t, ctx) ?? candidateKeys(e.r, t, ctx);
  return undefined;
}

const isKeyColumn = (e: Expr, pk: Column) => e.k === "col" && e.name.toLowerCase() === pk.name.toLowerCase();

/** The keys of constant values compared with the primary key, or undefined when one is not constant or must be scanned for. */
function keysOf(values: readonly Expr[], pk: Column, ctx: StatementContext): string[] | undefined {
  const keys: string[] = [];
  for (const value of values) {
    if (!isConstant(value)) return undefined;
    const v = evaluate(value, evalContext(ctx, "where clause"));
    if (v === null) continue;
    // A text key compared with a binary value compares bytes, not the collation: scan instead.
    if (pk.kind === "text" && Buffer.isBuffer(v)) return undefined;
    keys.push(indexKey(pk, v));
  }
  return keys;
}

/**
 * Whether a scan reads nothing but primary-key columns: seekdb then scans a HEAP table's
 * primary-key index and returns rows in key order; any other scan reads the heap (measured).
 */
function readsOnlyKey(stmt: StatementOf<"select">, t: Table): boolean {
  const used = new Set<string>();
  for (const item of stmt.items) columnsOf(item.expr, used);
  if (stmt.where) columnsOf(stmt.where, used);
  for (const o of stmt.orderBy) columnsOf(o.expr, used);
  const key = new Set(t.primaryKey.map((i) => t.columns[i]!.name.toLowerCase()));
  return t.primaryKey.length > 0 && [...used].every((c) => key.has(c));
}

/** Columns an expression reads. */
function columnsOf(e: Expr | "*", out: Set<string>): Set<string> {
  if (e === "*") out.add("*");
  else if (e.k === "col") out.add(e.name.toLowerCase());
  else for (const operand of operands(e)) columnsOf(operand, out);
  return out;
}

/** The expressions directly inside e. */
export function operands(e: Expr): readonly Expr[] {
  switch (e.k) {
    case "cast":
      return [e.expr];
    case "call":
      return e.args;
    case "bin":
      return [e.l, e.r];
    case "not":
    case "neg":
    case "isnull":
      return [e.e];
    case "in":
      return [e.e, ...e.list];
    case "like":
      return [e.e, e.pattern];
    default:
      return [];
  }
}
