// information_schema's tables as ordinary tables built for each statement, so that any SELECT runs
// over them: SCHEMATA (databases in the order made, as seekdb lists them) and TABLES (the columns
// clients read: schema, name, type, comment, organization; not the statistics).
import type { ColumnDef, ColumnType, QualifiedName } from "../../sql/ast.ts";
import { SqlError } from "../../sql/errors.ts";
import { Table, type Catalog } from "../catalog.ts";
import type { SessionState } from "../session.ts";
import type { SqlValue } from "../values.ts";

export function isInformationSchema(from: QualifiedName, session: SessionState): boolean {
  return (from.db ?? session.db ?? "").toLowerCase() === "information_schema";
}

const column = (name: string, type: string, length: number, notNull = true): ColumnDef => ({
  name,
  type: { name: type, args: [String(length)] } satisfies ColumnType,
  notNull,
  primaryKey: false,
  unique: false,
  onUpdateCurrentTimestamp: false,
});

function build(name: string, columns: readonly ColumnDef[], rows: readonly SqlValue[][]): Table {
  const t = new Table("information_schema", name, columns, [], {});
  for (const [i, row] of rows.entries()) t.rows.set(`#${i}`, row);
  return t;
}

/** The information_schema table a statement reads; 1109 for one seekdb has not either (measured message). */
export function informationSchemaTable(name: string, catalog: Catalog): Table {
  switch (name.toUpperCase()) {
    case "SCHEMATA":
      return build(
        "SCHEMATA",
        [column("CATALOG_NAME", "VARCHAR", 3), column("SCHEMA_NAME", "VARCHAR", 128), column("DEFAULT_CHARACTER_SET_NAME", "VARCHAR", 128), column("DEFAULT_COLLATION_NAME", "VARCHAR", 128), column("SQL_PATH", "VARCHAR", 512, false)],
        [...catalog.databases.values()].map((db) => ["def", db.name, "utf8mb4", "utf8mb4_general_ci", null]),
      );
    case "TABLES": {
      const rows: SqlValue[][] = [];
      for (const db of catalog.databases.values()) {
        for (const t of db.tables.values()) rows.push(["def", db.name, t.name, "BASE TABLE", t.options.COMMENT ?? "", t.heapOrganized ? "HEAP" : "INDEX"]);
      }
      return build(
        "TABLES",
        [column("TABLE_CATALOG", "VARCHAR", 512), column("TABLE_SCHEMA", "CHAR", 64), column("TABLE_NAME", "CHAR", 64), column("TABLE_TYPE", "VARCHAR", 64), column("TABLE_COMMENT", "VARCHAR", 2048), column("ORGANIZATION", "VARCHAR", 32)],
        rows,
      );
    }
    default:
      throw new SqlError(1109, "42S02", `Unknown table '${name.toLowerCase()}' in information_schema`);
  }
}
