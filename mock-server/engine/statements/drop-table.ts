// DROP TABLE [IF EXISTS] t[, ...]: all or none; each missing table is a warning with IF EXISTS.
import type { StatementOf } from "../../sql/ast.ts";
import { SqlError } from "../../sql/errors.ts";
import type { Database } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";

export function dropTable(stmt: StatementOf<"drop_table">, { catalog, session }: StatementContext): ExecResult {
  const targets: [Database, string][] = [];
  for (const q of stmt.tables) {
    const db = catalog.databaseOf(q, session.db);
    if (!db.get(q.name)) {
      if (stmt.ifExists) continue;
      throw new SqlError(1051, "42S02", `Unknown table '${db.name}.${q.name}'`);
    }
    targets.push([db, q.name.toLowerCase()]);
  }
  for (const [db, name] of targets) db.tables.delete(name);
  return ok(0, "", stmt.tables.length - targets.length);
}
