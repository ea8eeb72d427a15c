// CREATE DATABASE [IF NOT EXISTS]: names are kept in lower case (lower_case_table_names = 1) and
// listed in the order made; seekdb reports one row affected, also when IF NOT EXISTS finds the
// database there (then with a warning) (measured).
import type { StatementOf } from "../../sql/ast.ts";
import { databaseExists } from "../../sql/errors.ts";
import { Database } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function createDatabase(stmt: StatementOf<"create_database">, { catalog }: StatementContext): ExecResult {
  if (catalog.database(stmt.name)) {
    if (stmt.ifNotExists) return ok(1, "", 1);
    throw databaseExists(stmt.name.toLowerCase());
  }
  catalog.databases.set(stmt.name.toLowerCase(), new Database(stmt.name.toLowerCase()));
  return ok(1);
}
