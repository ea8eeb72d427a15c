// USE db: the session's current database, spelled as the database was created.
import type { StatementOf } from "../../sql/ast.ts";
import { unknownDatabase } from "../../sql/errors.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function use(stmt: StatementOf<"use">, { catalog, session }: StatementContext): ExecResult {
  const db = catalog.database(stmt.name);
  if (!db) throw unknownDatabase(stmt.name);
  session.db = db.name;
  session.usedDatabase = true;
  // seekdb reports the new schema and its character set (measured)
  return ok(0, "", 0, { variables: [["character_set_database", "utf8mb4"], ["collation_database", "utf8mb4_general_ci"]], schema: db.name });
}
