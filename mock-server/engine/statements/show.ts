// SHOW TABLES / DATABASES / VARIABLES [LIKE 'pattern']: names, sorted.
import type { StatementOf } from "../../sql/ast.ts";
import { like } from "../compare.ts";
import type { StatementContext } from "../context.ts";
import { instanceValue, shownText, SYSTEM_VARIABLES } from "../system-variables.ts";
import { VirtualTable } from "../virtual-table.ts";
import type { SqlValue } from "../values.ts";
import { sessionText } from "./set.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import { textWire } from "../wire-types.ts";

export function showTables(stmt: StatementOf<"show_tables">, { catalog, session }: StatementContext): ExecResult {
  const db = catalog.databaseOf(stmt.db !== undefined ? { db: stmt.db } : {}, session.db);
  const names = namesLike([...db.tables.values()].map((t) => t.name), stmt.like);
  const label = `Tables_in_${db.name}${stmt.like !== undefined ? ` (${stmt.like})` : ""}`;
  return rows([virtualColumn(label, textWire(1024))], names.map((n) => [n]));
}

export function showDatabases(stmt: StatementOf<"show_databases">, { catalog }: StatementContext): ExecResult {
  const names = namesLike([...catalog.databases.values()].map((d) => d.name), stmt.like);
  return rows([virtualColumn(`Database${stmt.like !== undefined ? ` (${stmt.like})` : ""}`, textWire(512))], names.map((n) => [n]));
}

/** seekdb's system variables with the session's (or, GLOBAL, the server's) values, in seekdb's order; LIKE or WHERE filter them. */
export function showVariables(stmt: StatementOf<"show_variables">, ctx: StatementContext): ExecResult {
  const { session, catalog } = ctx;
  const all: SqlValue[][] = [];
  for (const v of SYSTEM_VARIABLES.values()) {
    const text = stmt.global ? (catalog.globalVariables.has(v.name) ? catalog.globalVariables.get(v.name)! : v.value) : sessionText(session, v);
    // SHOW shows a per-instance value as 0 (timestamp) or the server's own (port, ...)
    const value = v.shown === null && text === null ? (v.name === "timestamp" ? "0" : instanceValue(v.name, session.serverPort ?? 2881)) : shownText(v, text);
    if (stmt.like === undefined || like(v.name, stmt.like) === 1n) all.push([v.name, value]);
  }
  const table = new VirtualTable(["Variable_name", "Value"], all);
  return rows([virtualColumn("Variable_name", textWire(128)), virtualColumn("Value", textWire(1024))], table.filter(stmt.where, ctx));
}

/** The names the pattern matches (all without one), sorted. */
function namesLike(names: Iterable<string>, pattern: string | undefined): string[] {
  return [...names].filter((n) => pattern === undefined || like(n, pattern) === 1n).sort();
}
