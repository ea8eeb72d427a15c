// DROP TABLE [IF EXISTS] t[, ...]: all or none; without IF EXISTS the error names every missing
// table, with it each is a warning.
import type { StatementOf } from "../../sql/ast.ts";
import { noDatabase, unknownTablesToDrop } from "../../sql/errors.ts";
import type { Database } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function dropTable(stmt: StatementOf<"drop_table">, { catalog, session }: StatementContext): ExecResult {
  const targets: [Database, string][] = [];
  const missing: { db: string; table: string }[] = [];
  for (const q of stmt.tables) {
    const dbName = q.db ?? session.db;
    if (dbName === null) throw noDatabase();
    const db = catalog.database(dbName);
    if (db?.get(q.name)) targets.push([db, q.name.toLowerCase()]);
    else missing.push({ db: dbName, table: q.name });
  }
  if (missing.length && !stmt.ifExists) throw unknownTablesToDrop(missing);
  for (const [db, name] of targets) db.tables.delete(name);
  return ok(0, "", missing.length);
}
