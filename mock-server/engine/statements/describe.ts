// DESCRIBE t: one row per column (Field, Type, Null, Key, Default, Extra), as seekdb prints it.
import type { StatementOf } from "../../sql/ast.ts";
import { defaultText } from "../columns.ts";
import type { StatementContext } from "../context.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import { textWire } from "../wire-types.ts";

export function describe(stmt: StatementOf<"describe">, { catalog, session }: StatementContext): ExecResult {
  const t = catalog.table(stmt.table, session.db);
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
      t.primaryKey.includes(i) ? "PRI" : t.uniqueKeys.some((u) => u.columns[0] === i) ? "UNI" : "",
      c.default ? defaultText(c) : null,
      c.onUpdateNow ? "on update current_timestamp" : "",
    ]),
  );
}
