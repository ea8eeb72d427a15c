// Databases, tables and their columns, with the wire metadata seekdb 1.4 sends for each type
// (measured: type code, charset, length, flags) and the checks a stored value must pass.
import type { ColumnDef, Expr, IndexDef } from "../sql/ast.ts";
import { dataTooLong, SqlError, unsupported } from "../sql/errors.ts";
import { toBytes, toJson, toNumber, toText, toVector, type SqlValue } from "./values.ts";

export type ColumnKind = "binary" | "text" | "json" | "vector" | "timestamp" | "integer" | "double";

/** Column definition as the MySQL protocol describes it. */
export interface WireColumn {
  readonly type: number;
  readonly charset: number;
  readonly length: number;
  readonly flags: number;
  readonly decimals: number;
}

export const CHARSET_BINARY = 63;
export const CHARSET_UTF8MB4_GENERAL_CI = 45;
export const CHARSET_UTF8MB4_BIN = 46;

const FLAG_NOT_NULL = 1;
const FLAG_PRIMARY_KEY = 2;
const FLAG_UNIQUE_KEY = 4;
const FLAG_BLOB = 16;
const FLAG_BINARY = 128;
const FLAG_TIMESTAMP = 1024;
const FLAG_PART_KEY = 16384;

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  /** As DESCRIBE shows it: varbinary(512), string, VECTOR(3), json, char(32), timestamp. */
  readonly typeText: string;
  /** Bytes for binary columns, characters for text columns. */
  readonly maxLength?: number;
  readonly dimension?: number;
  readonly notNull: boolean;
  readonly default?: Expr;
  readonly onUpdateNow: boolean;
  readonly comment?: string;
  readonly wire: WireColumn;
}

export interface Index {
  readonly name: string;
  readonly kind: IndexDef["kind"];
  readonly columns: readonly string[];
  readonly def: IndexDef;
}

function columnFromDef(def: ColumnDef, keyFlags: number): Column {
  const t = def.type;
  const arg = (i: number) => {
    const n = Number(t.args[i]);
    if (!Number.isInteger(n) || n < 0) throw unsupported(`column ${def.name} ${t.name}(${t.args.join(",")})`);
    return n;
  };
  const notNull = def.notNull || def.primaryKey;
  const flags = (notNull ? FLAG_NOT_NULL : 0) | keyFlags;
  const base = { name: def.name, notNull, onUpdateNow: def.onUpdateCurrentTimestamp, ...(def.default ? { default: def.default } : {}), ...(def.comment !== undefined ? { comment: def.comment } : {}) };
  switch (t.name) {
    case "VARBINARY":
    case "BINARY": {
      const n = arg(0);
      return { ...base, kind: "binary", typeText: `${t.name.toLowerCase()}(${n})`, maxLength: n, wire: { type: t.name === "BINARY" ? 254 : 253, charset: CHARSET_BINARY, length: n, flags: flags | FLAG_BINARY, decimals: 0 } };
    }
    case "BLOB":
    case "LONGBLOB":
    case "MEDIUMBLOB":
      return { ...base, kind: "binary", typeText: t.name.toLowerCase(), wire: { type: 252, charset: CHARSET_BINARY, length: 4294967295, flags: flags | FLAG_BLOB | FLAG_BINARY, decimals: 0 } };
    case "CHAR":
    case "VARCHAR": {
      const n = t.args.length ? arg(0) : 1;
      return { ...base, kind: "text", typeText: `${t.name.toLowerCase()}(${n})`, maxLength: n, wire: { type: t.name === "CHAR" ? 254 : 253, charset: CHARSET_UTF8MB4_GENERAL_CI, length: n * 4, flags, decimals: 0 } };
    }
    case "STRING":
    case "TEXT":
    case "MEDIUMTEXT":
    case "LONGTEXT":
    case "TINYTEXT":
    case "SPARSEVECTOR":
      return { ...base, kind: "text", typeText: t.name.toLowerCase(), wire: { type: 252, charset: CHARSET_UTF8MB4_GENERAL_CI, length: t.name === "LONGTEXT" ? 4294967295 : 16777215, flags: flags | FLAG_BLOB, decimals: 0 } };
    case "JSON":
      return { ...base, kind: "json", typeText: "json", wire: { type: 245, charset: CHARSET_BINARY, length: 4294967295, flags: flags | FLAG_BLOB | FLAG_BINARY, decimals: 0 } };
    case "VECTOR": {
      const d = arg(0);
      if (d < 1 || d > 16000) throw new SqlError(1210, "HY000", "Invalid argument");
      return { ...base, kind: "vector", typeText: `VECTOR(${d})`, dimension: d, wire: { type: 254, charset: CHARSET_UTF8MB4_BIN, length: 536870911, flags: flags | FLAG_BINARY, decimals: 0 } };
    }
    case "TIMESTAMP":
    case "DATETIME":
      return { ...base, kind: "timestamp", typeText: t.name.toLowerCase(), wire: { type: t.name === "TIMESTAMP" ? 7 : 12, charset: CHARSET_BINARY, length: 19, flags: flags | FLAG_BINARY | (t.name === "TIMESTAMP" ? FLAG_TIMESTAMP : 0), decimals: 0 } };
    case "INT":
    case "INTEGER":
    case "BIGINT":
    case "TINYINT":
    case "SMALLINT":
      return { ...base, kind: "integer", typeText: t.name === "INTEGER" ? "int" : t.name.toLowerCase(), wire: { type: t.name === "BIGINT" ? 8 : 3, charset: CHARSET_BINARY, length: 20, flags: flags | FLAG_BINARY, decimals: 0 } };
    case "DOUBLE":
    case "FLOAT":
      return { ...base, kind: "double", typeText: t.name.toLowerCase(), wire: { type: t.name === "FLOAT" ? 4 : 5, charset: CHARSET_BINARY, length: 22, flags: flags | FLAG_BINARY, decimals: 31 } };
    default:
      throw unsupported(`column type ${t.name}`);
  }
}

/** Text comparisons follow utf8mb4_general_ci: case-insensitive, trailing spaces ignored. */
export function collationKey(s: string): string {
  return s.replace(/ +$/, "").toLowerCase();
}

/** The key under which a value is unique in an index on this column. */
export function indexKey(column: Column, v: Exclude<SqlValue, null>): string {
  switch (column.kind) {
    case "binary":
      return toBytes(v).toString("latin1");
    case "text":
      return collationKey(toText(v));
    default:
      return toText(v);
  }
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

/** Converts a value into what the column stores, with seekdb's errors. `row` is 1-based. */
export function storeValue(column: Column, v: SqlValue, row: number): SqlValue {
  if (v === null) return null;
  switch (column.kind) {
    case "binary": {
      const b = toBytes(v);
      if (column.maxLength !== undefined && b.length > column.maxLength) throw dataTooLong(column.name, row);
      return b;
    }
    case "text": {
      const s = toText(v);
      if (column.maxLength !== undefined && [...s].length > column.maxLength) throw dataTooLong(column.name, row);
      return s;
    }
    case "json":
      return toJson(v);
    case "vector":
      return toVector(v, column.dimension!);
    case "timestamp":
      if (v instanceof Date) return v;
      {
        const d = new Date(toText(v).replace(" ", "T"));
        if (Number.isNaN(d.getTime())) throw new SqlError(1292, "22007", `Incorrect datetime value: '${toText(v)}' for column '${column.name}' at row ${row}`);
        return d;
      }
    case "integer":
      return typeof v === "bigint" ? v : BigInt(Math.trunc(toNumber(v)));
    case "double":
      return toNumber(v);
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
