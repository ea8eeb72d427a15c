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

/** What a statement changed of the session, for clients that track it (SET, USE, DDL; measured). */
export interface SessionStateChange {
  /** System variables to report, with the text SHOW VARIABLES gives them. */
  readonly variables: readonly (readonly [string, string | null])[];
  /** The database a USE made current. */
  readonly schema?: string;
}

export type ExecResult =
  | { readonly kind: "ok"; readonly affectedRows: number; readonly insertId: number; readonly info: string; readonly warnings: number; readonly sessionState?: SessionStateChange }
  | { readonly kind: "rows"; readonly columns: readonly ResultColumn[]; readonly rows: readonly (readonly SqlValue[])[] };

export const ok = (affectedRows = 0, info = "", warnings = 0, sessionState?: SessionStateChange): ExecResult => ({
  kind: "ok",
  affectedRows,
  insertId: 0,
  info,
  warnings,
  ...(sessionState ? { sessionState } : {}),
});

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
  return { name: item.alias ?? generatedLabel(item, sample), orgName: "", table: "", orgTable: "", db: "", wire: wireForExpr(item.expr, sample) };
}

/** seekdb cuts a label it makes up to 255 bytes (measured). */
const MAX_LABEL_BYTES = 255;

/**
 * The label of an item without an alias: a string literal's value, else the item's text, cut to
 * 255 bytes (at a character boundary: seekdb cuts inside a multi-byte character, the mock does not).
 */
function generatedLabel(item: SelectItem, sample: SqlValue): string {
  const isStringLiteral = item.expr !== "*" && (item.expr.k === "param" || item.expr.k === "lit") && typeof sample === "string";
  const label = isStringLiteral ? (sample as string) : item.text;
  if (label.length * 3 <= MAX_LABEL_BYTES) return label;
  const bytes = Buffer.from(label, "utf8");
  if (bytes.length <= MAX_LABEL_BYTES) return label;
  let end = MAX_LABEL_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back to the start of the cut character
  return bytes.subarray(0, end).toString("utf8");
}
