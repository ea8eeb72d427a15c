// SHOW TABLES / DATABASES / VARIABLES [LIKE 'pattern']: names, sorted.
import type { StatementOf } from "../../sql/ast.ts";
import { like } from "../compare.ts";
import type { StatementContext } from "../context.ts";
import { SERVER_VERSION } from "../functions.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import { toText } from "../values.ts";
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

/** A fixed handful of server variables, and those the session set. */
export function showVariables(stmt: StatementOf<"show_variables">, { session }: StatementContext): ExecResult {
  const vars = new Map<string, string>([
    ["version", SERVER_VERSION],
    ["version_comment", "OceanBase seekdb 1.4.0.0 (mock)"],
    ["sql_mode", "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_AUTO_CREATE_USER"],
    ["character_set_client", "utf8mb4"],
    ["character_set_connection", "utf8mb4"],
    ["character_set_results", "utf8mb4"],
    ["collation_connection", "utf8mb4_general_ci"],
    ["autocommit", "ON"],
    ["max_allowed_packet", "16777216"],
    ["port", "2881"],
  ]);
  for (const [k, v] of session.variables) if (!k.startsWith("@")) vars.set(k, v === null ? "" : toText(v));
  const names = namesLike(vars.keys(), stmt.like);
  return rows([virtualColumn("Variable_name", textWire(128)), virtualColumn("Value", textWire(1024))], names.map((k) => [k, vars.get(k)!]));
}

/** The names the pattern matches (all without one), sorted. */
function namesLike(names: Iterable<string>, pattern: string | undefined): string[] {
  return [...names].filter((n) => pattern === undefined || like(n, pattern) === 1n).sort();
}
