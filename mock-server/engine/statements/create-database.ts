// CREATE DATABASE [IF NOT EXISTS].
import type { StatementOf } from "../../sql/ast.ts";
import { databaseExists } from "../../sql/errors.ts";
import { Database } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function createDatabase(stmt: StatementOf<"create_database">, { catalog }: StatementContext): ExecResult {
  if (catalog.database(stmt.name)) {
    if (stmt.ifNotExists) return ok(0, "", 1);
    throw databaseExists(stmt.name);
  }
  catalog.databases.set(stmt.name.toLowerCase(), new Database(stmt.name));
  return ok(1);
}
