// The rows a WHERE matches, in the order seekdb returns them: through the primary key when the
// WHERE pins it (`_id = ..`, ORs of those), by key; otherwise by a scan, in insertion order.
import type { Expr, StatementOf } from "../sql/ast.ts";
import type { Row, Table } from "./catalog.ts";
import { indexKey } from "./columns.ts";
import { evalContext, type StatementContext } from "./context.ts";
import { evaluate, truth } from "./eval.ts";

/** Rows matching WHERE, with their keys, in table order (or key order for a key lookup). */
export function matching(t: Table, where: Expr | undefined, ctx: StatementContext): [string, Row][] {
  const out: [string, Row][] = [];
  const keys = candidateKeys(where, t, ctx);
  if (!keys) {
    for (const entry of t.rows) if (keeps(where, t, entry[1], ctx)) out.push(entry);
    return out;
  }
  // A primary-key lookup returns rows in key (byte) order, as seekdb's index scan does.
  if (keys.length > 1) keys.sort(byBytes);
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) continue;
    seen.add(k);
    const row = t.rows.get(k);
    if (row && keeps(where, t, row, ctx)) out.push([k, row]);
  }
  return out;
}

function keeps(where: Expr | undefined, t: Table, row: Row, ctx: StatementContext): boolean {
  return !where || truth(evaluate(where, evalContext(ctx, "where clause", t, row))) === true;
}

/** The rows a SELECT reads, in the order seekdb returns them before any ORDER BY. */
export function selectedRows(t: Table, stmt: StatementOf<"select">, ctx: StatementContext): Row[] {
  const matches = matching(t, stmt.where, ctx);
  if (matches.length > 1 && readsOnlyKey(stmt, t)) matches.sort((a, b) => byBytes(a[0], b[0]));
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

/** Binary keys are latin1 strings of the bytes: comparing code units compares bytes. */
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The primary-key keys a WHERE pins the rows to: `pk = const`, ORs of those, or either side of an
 * AND. Undefined when the rows must be scanned.
 */
function candidateKeys(e: Expr | undefined, t: Table, ctx: StatementContext): string[] | undefined {
  if (!e || t.primaryKey.length !== 1) return undefined;
  const pk = t.columns[t.primaryKey[0]!]!;
  if (e.k === "bin" && e.op === "=") {
    const col = e.l.k === "col" ? e.l : e.r.k === "col" ? e.r : undefined;
    const other = col === e.l ? e.r : e.l;
    if (!col || col.k !== "col" || col.name.toLowerCase() !== pk.name.toLowerCase() || !isConstant(other)) return undefined;
    const v = evaluate(other, evalContext(ctx, "where clause"));
    if (v === null) return [];
    // A text key compared with a binary value compares bytes, not the collation: scan instead.
    if (pk.kind === "text" && Buffer.isBuffer(v)) return undefined;
    return [indexKey(pk, v)];
  }
  if (e.k === "bin" && e.op === "OR") {
    const l = candidateKeys(e.l, t, ctx);
    const r = l && candidateKeys(e.r, t, ctx);
    return l && r ? l.concat(r) : undefined;
  }
  if (e.k === "bin" && e.op === "AND") return candidateKeys(e.l, t, ctx) ?? candidateKeys(e.r, t, ctx);
  return undefined;
}

/**
 * Whether a scan reads nothing but primary-key columns: seekdb then scans the primary-key index and
 * returns rows in key order; any other scan reads the heap, in insertion order (measured).
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
function operands(e: Expr): readonly Expr[] {
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
