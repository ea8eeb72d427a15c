// DESCRIBE t: one row per column (Field, Type, Null, Key, Default, Extra), as seekdb prints it.
import type { StatementOf } from "../../sql/ast.ts";
import type { Table } from "../catalog.ts";
import { defaultText } from "../columns.ts";
import type { StatementContext } from "../context.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import { textWire } from "../wire-types.ts";

export function describe(stmt: StatementOf<"describe">, { catalog, session }: StatementContext): ExecResult {
  const t = catalog.describedTable(stmt.table, session.db);
  const columns = [
    virtualColumn("Field", textWire(512)),
    virtualColumn("Type", textWire(4194304)),
    virtualColumn("Null", textWire(16)),
    virtualColumn("Key", textWire(16)),
    virtualColumn("Default", textWire(16384)),
    virtualColumn("Extra", textWire(16384)),
  ];
  return rows(
    columns,
    t.columns.map((c, i) => [
      c.name,
      c.typeText,
      c.notNull ? "NO" : "YES",
      keyText(t, i),
      c.default ? defaultText(c) : null,
      c.onUpdateNow ? "ON UPDATE CURRENT_TIMESTAMP" : "",
    ]),
  );
}

/** PRI in the primary key; UNI first in a one-column unique key; MUL first in another B-tree index (not full-text or vector; measured). */
function keyText(t: Table, column: number): string {
  if (t.primaryKey.includes(column)) return "PRI";
  const name = t.columns[column]!.name;
  if (t.uniqueKeys.some((u) => u.columns.length === 1 && u.columns[0] === column)) return "UNI";
  return t.indexes.some((ix) => (ix.kind === "unique" || ix.kind === "index") && ix.columns[0] === name) ? "MUL" : "";
}
