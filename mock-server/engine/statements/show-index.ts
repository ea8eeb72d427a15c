// SHOW INDEX FROM t [WHERE ...]: one row per indexed column, as seekdb prints it.
import type { StatementOf } from "../../sql/ast.ts";
import type { StatementContext } from "../context.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import type { SqlValue } from "../values.ts";
import { VirtualTable } from "../virtual-table.ts";
import { BIGINT_WIRE, textWire } from "../wire-types.ts";

const NAMES = ["Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation", "Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment", "Visible", "Expression"];
const NUMBERS = ["Non_unique", "Seq_in_index", "Cardinality"];

export function showIndex(stmt: StatementOf<"show_index">, ctx: StatementContext): ExecResult {
  const t = ctx.catalog.describedTable(stmt.table, ctx.session.db);
  const all: SqlValue[][] = [];
  for (const ix of t.indexes) {
    ix.columns.forEach((c, seq) => {
      const col = t.columns[t.columnIndex(c)]!;
      const type = ix.kind === "fulltext" ? "FULLTEXT" : ix.kind === "vector" ? "VECTOR" : "BTREE";
      all.push([t.name, ix.kind === "primary" || ix.kind === "unique" ? 0n : 1n, ix.name, BigInt(seq + 1), col.name, "A", null, null, null, col.notNull ? "" : "YES", type, "available", ix.def.comment ?? "", "YES", null]);
    });
  }
  const columns = NAMES.map((n) => virtualColumn(n, NUMBERS.includes(n) ? BIGINT_WIRE : textWire(512)));
  return rows(columns, new VirtualTable(NAMES, all).filter(stmt.where, ctx));
}
