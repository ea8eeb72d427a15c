// What a statement returns: OK (affected rows, info, warnings) or a result set (columns with their
// wire metadata, then rows of values). The protocol layer writes it as it is.
import type { SelectItem } from "../sql/ast.ts";
import type { Table } from "./catalog.ts";
import type { Column } from "./columns.ts";
import type { SqlValue } from "./values.ts";
import { wireForExpr, type WireColumn } from "./wire-types.ts";

export interface ResultColumn {
  readonly name: string;
  readonly orgName: string;
  readonly table: string;
  readonly orgTable: string;
  readonly db: string;
  readonly wire: WireColumn;
}

export type ExecResult =
  | { readonly kind: "ok"; readonly affectedRows: number; readonly insertId: number; readonly info: string; readonly warnings: number }
  | { readonly kind: "rows"; readonly columns: readonly ResultColumn[]; readonly rows: readonly (readonly SqlValue[])[] };

export const ok = (affectedRows = 0, info = "", warnings = 0): ExecResult => ({ kind: "ok", affectedRows, insertId: 0, info, warnings });

export const rows = (columns: readonly ResultColumn[], values: readonly (readonly SqlValue[])[]): ExecResult => ({ kind: "rows", columns, rows: values });

/** A column the server makes up (SHOW, DESCRIBE, information_schema): no table behind it. */
export function virtualColumn(name: string, wire: WireColumn): ResultColumn {
  return { name, orgName: name, table: "", orgTable: "", db: "", wire };
}

/** A stored column, labelled as the query spelled it. */
export function tableColumn(t: Table, c: Column, label: string): ResultColumn {
  return { name: label, orgName: c.name, table: t.name, orgTable: t.name, db: t.db, wire: c.wire };
}

/** A computed select item, labelled by its alias or its text, typed by its expression or a sample value. */
export function exprColumn(item: SelectItem, sample: SqlValue): ResultColumn {
  return { name: item.alias ?? item.text, orgName: "", table: "", orgTable: "", db: "", wire: wireForExpr(item.expr, sample) };
}
