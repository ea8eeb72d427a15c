// CREATE TABLE [IF NOT EXISTS]: a new table in a database other than information_schema.
import type { Expr, Literal, StatementOf } from "../../sql/ast.ts";
import { accessDeniedToDatabase, tableExists } from "../../sql/errors.ts";
import { Table } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function createTable(stmt: StatementOf<"create_table">, { catalog, session, params }: StatementContext): ExecResult {
  const db = catalog.databaseOf(stmt.table, session.db);
  if (db.get(stmt.table.name)) {
    if (stmt.ifNotExists) return ok(0, "", 1);
    throw tableExists(stmt.table.name);
  }
  if (db.name.toLowerCase() === "information_schema") throw accessDeniedToDatabase(session.user, db.name);
  // Defaults outlive the statement: bind their literals now.
  const columns = stmt.columns.map((c) => (c.default ? { ...c, default: bindParams(c.default, params) } : c));
  db.tables.set(stmt.table.name.toLowerCase(), new Table(db.name, stmt.table.name, columns, stmt.indexes, stmt.options));
  return ok();
}

/** Replaces `param` nodes by the literals they stand for. */
function bindParams(e: Expr, params: readonly Literal[]): Expr {
  switch (e.k) {
    case "param":
      return { k: "lit", lit: params[e.slot]! };
    case "cast":
      return { ...e, expr: bindParams(e.expr, params) };
    case "call":
      return { ...e, args: e.args.map((a) => bindParams(a, params)) };
    case "bin":
      return { ...e, l: bindParams(e.l, params), r: bindParams(e.r, params) };
    case "not":
    case "neg":
    case "isnull":
      return { ...e, e: bindParams(e.e, params) };
    case "in":
      return { ...e, e: bindParams(e.e, params), list: e.list.map((x) => bindParams(x, params)) };
    case "match":
      return { ...e, query: bindParams(e.query, params) };
    case "like":
    case "regexp":
      return { ...e, e: bindParams(e.e, params), pattern: bindParams(e.pattern, params) };
    default:
      return e;
  }
}
