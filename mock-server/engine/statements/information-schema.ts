// SELECT from information_schema: only TABLES, only plain columns, with WHERE, LIMIT and OFFSET.
import type { QualifiedName, StatementOf } from "../../sql/ast.ts";
import { unknownColumn, unsupported } from "../../sql/errors.ts";
import type { Catalog } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { rows as result, virtualColumn, type ExecResult, type ResultColumn } from "../result.ts";
import type { SessionState } from "../session.ts";
import type { SqlValue } from "../values.ts";
import { VirtualTable } from "../virtual-table.ts";
import { textWire } from "../wire-types.ts";

export function isInformationSchema(from: QualifiedName, session: SessionState): boolean {
  return (from.db ?? session.db ?? "").toLowerCase() === "information_schema";
}

export function selectFromInformationSchema(stmt: StatementOf<"select">, ctx: StatementContext): ExecResult {
  const v = informationSchemaTable(stmt.from!.name, ctx.catalog);
  const offset = stmt.offset ?? 0;
  const rows = v.filter(stmt.where, ctx).slice(offset, stmt.limit !== undefined ? offset + stmt.limit : undefined);
  const idx: number[] = [];
  const columns: ResultColumn[] = [];
  for (const item of stmt.items) {
    if (item.expr === "*") {
      v.names.forEach((n, i) => {
        idx.push(i);
        columns.push(virtualColumn(n, textWire(512)));
      });
    } else if (item.expr.k === "col") {
      const i = v.columnIndex(item.expr.name);
      if (i < 0) throw unknownColumn(item.expr.name, "field list");
      idx.push(i);
      columns.push(virtualColumn(item.alias ?? item.expr.name, textWire(512)));
    } else throw unsupported("expressions over information_schema");
  }
  return result(columns, rows.map((r) => idx.map((i) => r[i] ?? null)));
}

function informationSchemaTable(name: string, catalog: Catalog): VirtualTable {
  if (name.toUpperCase() !== "TABLES") throw unsupported(`SELECT from information_schema.${name}`);
  const rows: SqlValue[][] = [];
  for (const db of catalog.databases.values()) for (const t of db.tables.values()) rows.push(["def", db.name, t.name, "BASE TABLE"]);
  return new VirtualTable(["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE"], rows);
}
