// DROP DATABASE [IF EXISTS]: the system databases stay; a session in it is left in none.
import type { StatementOf } from "../../sql/ast.ts";
import { accessDeniedToDatabase, SqlError } from "../../sql/errors.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function dropDatabase(stmt: StatementOf<"drop_database">, { catalog, session }: StatementContext): ExecResult {
  const db = catalog.database(stmt.name);
  if (!db) {
    if (stmt.ifExists) return ok(0, "", 1);
    throw new SqlError(1008, "HY000", `Can't drop database '${stmt.name}'; database doesn't exist`);
  }
  if (["information_schema", "oceanbase"].includes(db.name.toLowerCase())) throw accessDeniedToDatabase(session.user, db.name);
  catalog.databases.delete(stmt.name.toLowerCase());
  if (session.db?.toLowerCase() === stmt.name.toLowerCase()) session.db = null;
  return ok(db.tables.size);
}
