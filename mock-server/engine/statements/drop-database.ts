// DROP DATABASE [IF EXISTS]: the system databases stay (1044, IF EXISTS or not); a session in the
// dropped one is left in none. seekdb counts as affected rows the tables it drops with their
// index tables (measured, see Table.storedObjects).
import type { StatementOf } from "../../sql/ast.ts";
import { accessDeniedToDatabase, SqlError } from "../../sql/errors.ts";
import { SYSTEM_DATABASES } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function dropDatabase(stmt: StatementOf<"drop_database">, { catalog, session }: StatementContext): ExecResult {
  const name = stmt.name.toLowerCase();
  if (SYSTEM_DATABASES.includes(name)) throw accessDeniedToDatabase(session.user, name);
  const db = catalog.database(name);
  if (!db) {
    if (stmt.ifExists) return ok(0, "", 1);
    throw new SqlError(1008, "HY000", `Can't drop database '${name}'; database doesn't exist`);
  }
  catalog.databases.delete(name);
  if (session.db?.toLowerCase() === name) session.db = null;
  let objects = 0;
  for (const t of db.tables.values()) objects += t.storedObjects();
  return ok(objects);
}
