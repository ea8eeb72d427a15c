// The catalog: databases, their tables and the tables' rows and keys.
import type { ColumnDef, IndexDef, QualifiedName } from "../sql/ast.ts";
import { noDatabase, SqlError, unknownDatabase, unknownTable } from "../sql/errors.ts";
import { columnFromDef, indexKey, type Column } from "./columns.ts";
import type { SqlValue } from "./values.ts";
import { FLAG_PART_KEY, FLAG_PRIMARY_KEY, FLAG_UNIQUE_KEY } from "./wire-types.ts";

export interface Index {
  readonly name: string;
  readonly kind: IndexDef["kind"];
  readonly columns: readonly string[];
  readonly def: IndexDef;
}

export type Row = SqlValue[];

export class Table {
  readonly columns: Column[];
  /** Column positions by lower-cased name (column names are case-insensitive). */
  private readonly columnsByName: Map<string, number>;
  readonly indexes: Index[];
  /** Rows by primary-key key, in insertion order (what a SELECT without ORDER BY returns). */
  rows = new Map<string, Row>();
  private nextRowId = 1;
  readonly primaryKey: number[];
  readonly uniqueKeys: { name: string; columns: number[] }[];

  constructor(
    readonly db: string,
    readonly name: string,
    defs: readonly ColumnDef[],
    indexDefs: readonly IndexDef[],
    readonly options: Readonly<Record<string, string>>,
  ) {
    const pkNames = new Set<string>(defs.filter((d) => d.primaryKey).map((d) => d.name.toLowerCase()));
    for (const ix of indexDefs.filter((i) => i.kind === "primary")) for (const c of ix.columns) pkNames.add(c.toLowerCase());
    const uniqueNames = new Set<string>(defs.filter((d) => d.unique).map((d) => d.name.toLowerCase()));
    for (const ix of indexDefs.filter((i) => i.kind === "unique")) for (const c of ix.columns) uniqueNames.add(c.toLowerCase());
    const seen = new Set<string>();
    this.columns = defs.map((d) => {
      const lower = d.name.toLowerCase();
      if (seen.has(lower)) throw new SqlError(1060, "42S21", `Duplicate column name '${d.name}'`);
      seen.add(lower);
      const keyFlags = (pkNames.has(lower) ? FLAG_PRIMARY_KEY | FLAG_PART_KEY : 0) | (uniqueNames.has(lower) && !pkNames.has(lower) ? FLAG_UNIQUE_KEY | FLAG_PART_KEY : 0);
      return columnFromDef(pkNames.has(lower) ? { ...d, notNull: true } : d, keyFlags);
    });
    this.columnsByName = new Map(this.columns.map((c, i) => [c.name.toLowerCase(), i]));
    const col = (n: string) => {
      const i = this.columnIndex(n);
      if (i < 0) throw new SqlError(1072, "42000", `Key column '${n}' doesn't exist in table`);
      return i;
    };
    this.primaryKey = [...pkNames].map(col);
    this.indexes = [];
    if (this.primaryKey.length) {
      this.indexes.push({ name: "PRIMARY", kind: "primary", columns: this.primaryKey.map((i) => this.columns[i]!.name), def: { kind: "primary", columns: [], with: {} } });
    }
    this.uniqueKeys = [];
    for (const d of defs.filter((x) => x.unique)) this.uniqueKeys.push({ name: d.name, columns: [col(d.name)] });
    for (const ix of indexDefs) {
      if (ix.kind === "primary") continue;
      const cols = ix.columns.map(col);
      const name = ix.name ?? ix.columns[0]!;
      if (this.indexes.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw new SqlError(1061, "42000", `Duplicate key name '${name}'`);
      if (ix.kind === "vector" && this.columns[cols[0]!]!.kind !== "vector") throw new SqlError(1210, "HY000", "Invalid argument");
      this.indexes.push({ name, kind: ix.kind, columns: ix.columns, def: ix });
      if (ix.kind === "unique") this.uniqueKeys.push({ name, columns: cols });
    }
  }

  columnIndex(name: string): number {
    return this.columnsByName.get(name.toLowerCase()) ?? -1;
  }

  /** Primary-key key of a row (rows without a primary key get a hidden row id). */
  rowKey(row: Row): string {
    const pk = this.primaryKey;
    if (pk.length === 0) return `#${this.nextRowId++}`;
    if (pk.length === 1) return indexKey(this.columns[pk[0]!]!, row[pk[0]!] as Exclude<SqlValue, null>);
    return pk.map((i) => indexKey(this.columns[i]!, row[i] as Exclude<SqlValue, null>)).join("\u0000");
  }

  /** The key name seekdb names in a duplicate-entry error (measured: the column for an inline key). */
  primaryKeyName(): string {
    return this.primaryKey.map((i) => this.columns[i]!.name).join(",");
  }
}

export class Database {
  readonly tables = new Map<string, Table>();
  constructor(readonly name: string) {}
  /** Table names compare case-insensitively (seekdb's lower_case_table_names). */
  get(name: string): Table | undefined {
    return this.tables.get(name.toLowerCase());
  }
}

/** Every database, and the lookups statements share, with seekdb's errors. */
export class Catalog {
  readonly databases = new Map<string, Database>();

  constructor(names: readonly string[]) {
    for (const d of names) this.databases.set(d.toLowerCase(), new Database(d));
  }

  /** Database names compare case-insensitively. */
  database(name: string): Database | undefined {
    return this.databases.get(name.toLowerCase());
  }

  /** The database a name is qualified with, else the session's current one. */
  databaseOf(q: { readonly db?: string }, current: string | null): Database {
    const name = q.db ?? current;
    if (name === null) throw noDatabase();
    const db = this.database(name);
    if (!db) throw unknownDatabase(name);
    return db;
  }

  table(q: QualifiedName, current: string | null): Table {
    const db = this.databaseOf(q, current);
    const t = db.get(q.name);
    if (!t) throw unknownTable(db.name, q.name);
    return t;
  }
}
