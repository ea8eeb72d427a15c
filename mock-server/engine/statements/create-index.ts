// CREATE [UNIQUE | FULLTEXT | VECTOR] INDEX name ON t (columns): a new index on a table with rows,
// checked as seekdb checks it (measured): its columns (1072, JSON 3152), its name (1061, what
// pyseekdb meets when it re-creates its catalog's unique key), then a unique index against the
// rows already there (1062 naming the new index).
import type { StatementOf } from "../../sql/ast.ts";
import { duplicateEntry } from "../../sql/errors.ts";
import type { StatementContext } from "../context.ts";
import { indexKey } from "../columns.ts";
import { entryText } from "../duplicates.ts";
import { ok, type ExecResult } from "../result.ts";
import type { SqlValue } from "../values.ts";

export function createIndex(stmt: StatementOf<"create_index">, { catalog, session }: StatementContext): ExecResult {
  const t = catalog.table(stmt.table, session.db);
  const index = t.indexFromDef(stmt.index);
  if (index.kind === "unique") {
    const positions = index.columns.map((c) => t.columnIndex(c));
    const entries = new Set<string>();
    for (const row of t.rows.values()) {
      if (positions.some((i) => row[i] === null)) continue; // NULLs never collide
      const entry = positions.map((i) => indexKey(t.columns[i]!, row[i] as Exclude<SqlValue, null>)).join("\u0000");
      if (entries.has(entry)) throw duplicateEntry(entryText(positions, row), index.name);
      entries.add(entry);
    }
  }
  t.addIndex(index);
  return ok();
}
