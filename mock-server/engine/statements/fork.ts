// FORK TABLE a TO b and FORK DATABASE a TO b: seekdb's copies of a table or of every table of a
// database (measured: rows in the same order, indexes and options the same, independent after).
import type { StatementOf } from "../../sql/ast.ts";
import { databaseExists, SqlError, tableExists, unknownDatabase } from "../../sql/errors.ts";
import { Database, SYSTEM_DATABASES } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function forkTable(stmt: StatementOf<"fork_table">, { catalog, session }: StatementContext): ExecResult {
  const sourceDb = catalog.databaseOf(stmt.source, session.db);
  const targetDb = catalog.databaseOf(stmt.target, session.db);
  if (sourceDb.name === "information_schema") throw new SqlError(1347, "HY000", `'information_schema.${stmt.source.name.toLowerCase()}' is not BASE TABLE`);
  const source = sourceDb.get(stmt.source.name);
  // seekdb names neither database nor table here (measured)
  if (!source) throw new SqlError(1146, "42S02", "Table doesn't exist");
  const name = stmt.target.name.toLowerCase();
  if (targetDb.get(name)) throw tableExists(name);
  targetDb.tables.set(name, source.forkedAs(targetDb.name, name));
  return ok(0);
}

export function forkDatabase(stmt: StatementOf<"fork_database">, { catalog }: StatementContext): ExecResult {
  const source = catalog.database(stmt.source);
  if (!source) throw unknownDatabase(stmt.source);
  if (SYSTEM_DATABASES.includes(source.name)) throw new SqlError(1235, "0A000", "fork database from system or internal database not supported");
  const name = stmt.target.toLowerCase();
  if (catalog.database(name)) throw databaseExists(name);
  const copy = new Database(name);
  for (const [key, t] of source.tables) copy.tables.set(key, t.forkedAs(name, t.name));
  catalog.databases.set(name, copy);
  return ok(0);
}
