// The catalog: databases, their tables and the tables' rows, keys and indexes.
import type { ColumnDef, IndexDef, QualifiedName } from "../sql/ast.ts";
import { duplicateKeyName, jsonColumnInKey, keyColumnMissing, noDatabase, SqlError, unknownDatabase, unknownDatabaseUnnamed, unknownTable } from "../sql/errors.ts";
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

/** The databases a seekdb 1.4 server starts with, in the order information_schema.SCHEMATA lists them (measured). */
export const SYSTEM_DATABASES: readonly string[] = ["oceanbase", "information_schema", "mysql"];

const FULLTEXT_PARSERS = new Set(["ik", "space", "beng", "ngram", "ngram2"]);

export class Table {
  readonly columns: Column[];
  /** Column positions by lower-cased name (column names are case-insensitive). */
  private readonly columnsByName: Map<string, number>;
  readonly indexes: Index[];
  /**
   * Rows by primary-key key. In a HEAP table the map's order is seekdb's heap order (the order of
   * its hidden row ids): an INSERT adds at the end, an UPDATE keeps the row's place unless
   * `movesOnUpdate` says otherwise. An index-organized table is scanned in key order instead.
   */
  rows = new Map<string, Row>();
  private nextRowId = 1;
  readonly primaryKey: number[];
  readonly uniqueKeys: { name: string; columns: number[] }[];
  /** ORGANIZATION HEAP; seekdb's default is INDEX (measured: such a table is scanned in primary-key order). */
  readonly heapOrganized: boolean;
  /** Positions of the columns a vector index is built on. */
  readonly vectorIndexed = new Set<number>();
  /** The row count each statement's plan saw, by plan key (full-text relevance keeps it: fulltext/match.ts). */
  private readonly planDocumentCounts = new Map<string, number>();
  /**
   * Rows the vector indexes do not show yet, by key, with the time (ms) from which they do: seekdb
   * 1.4 builds its vector indexes asynchronously (vector-index.ts).
   */
  readonly vectorIndexPending = new Map<string, number>();

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
    this.heapOrganized = (options.ORGANIZATION ?? "INDEX").toUpperCase() === "HEAP";
    this.primaryKey = this.keyColumns([...pkNames]);
    this.indexes = [];
    if (this.primaryKey.length) {
      this.indexes.push({ name: "PRIMARY", kind: "primary", columns: this.primaryKey.map((i) => this.columns[i]!.name), def: { kind: "primary", columns: [], with: {} } });
    }
    this.uniqueKeys = [];
    for (const d of defs.filter((x) => x.unique)) this.uniqueKeys.push({ name: d.name, columns: this.keyColumns([d.name]) });
    for (const ix of indexDefs) if (ix.kind !== "primary") this.addIndex(this.indexFromDef(ix));
  }

  columnIndex(name: string): number {
    return this.columnsByName.get(name.toLowerCase()) ?? -1;
  }

  /** Positions of the columns a key is built on, with seekdb's errors (in its order: 1072, then 3152). */
  private keyColumns(names: readonly string[]): number[] {
    const positions = names.map((n) => {
      const i = this.columnIndex(n);
      if (i < 0) throw keyColumnMissing(n);
      return i;
    });
    for (const i of positions) if (this.columns[i]!.kind === "json") throw jsonColumnInKey(this.columns[i]!.name);
    return positions;
  }

  /** An index as CREATE TABLE or CREATE INDEX defines it, checked against this table (nothing changes yet). */
  indexFromDef(ix: IndexDef): Index {
    if (ix.kind === "vector") {
      const cols = ix.columns.map((n) => {
        const i = this.columnIndex(n);
        if (i < 0) throw keyColumnMissing(n);
        return i;
      });
      for (const i of cols) if (this.columns[i]!.kind !== "vector") throw new SqlError(7601, "HY000", `Column '${this.columns[i]!.name}' cannot be part of VECTOR index`);
      if (Object.keys(ix.with).length === 0) throw new SqlError(1235, "0A000", "vector index params not set is not supported");
    } else if (ix.kind === "fulltext") {
      for (const n of ix.columns) if (this.columnIndex(n) < 0) throw keyColumnMissing(n);
      // the parsers seekdb 1.4 has (measured: another name is 1128)
      const parser = ix.parser ?? "space";
      if (!FULLTEXT_PARSERS.has(parser.toLowerCase())) throw new SqlError(1128, "HY000", `Function ${parser} is not defined`);
    } else this.keyColumns(ix.columns);
    const name = ix.name ?? ix.columns[0]!;
    if (this.indexes.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw duplicateKeyName(name);
    return { name, kind: ix.kind, columns: ix.columns.map((n) => this.columns[this.columnIndex(n)]!.name), def: ix };
  }

  /**
   * The row count a statement's full-text relevance uses: the count when its plan was made, kept
   * for later executions of the same plan key (seekdb's plan cache, measured); now without a key.
   */
  planDocumentCount(planKey: string | undefined): number {
    if (planKey === undefined) return this.rows.size;
    let n = this.planDocumentCounts.get(planKey);
    if (n === undefined) {
      n = this.rows.size;
      if (this.planDocumentCounts.size > 1000) this.planDocumentCounts.clear();
      this.planDocumentCounts.set(planKey, n);
    }
    return n;
  }

  /** Adds an index made by indexFromDef (CREATE INDEX has checked the rows against it first). */
  addIndex(ix: Index): void {
    this.planDocumentCounts.clear(); // a new schema version: seekdb plans again
    this.indexes.push(ix);
    const positions = ix.columns.map((n) => this.columnIndex(n));
    if (ix.kind === "vector") for (const i of positions) this.vectorIndexed.add(i);
    if (ix.kind !== "unique") return;
    this.uniqueKeys.push({ name: ix.name, columns: positions });
    for (const i of positions) {
      const c = this.columns[i]!;
      if (!this.primaryKey.includes(i)) this.columns[i] = { ...c, wire: { ...c.wire, flags: c.wire.flags | FLAG_UNIQUE_KEY | FLAG_PART_KEY } };
    }
  }

  /**
   * The schema objects DROP DATABASE counts for this table (measured): the table, one per unique or
   * plain index, and the tables behind its full-text and vector indexes — 3 shared ones in a HEAP
   * table (4 index-organized), 2 per full-text index, 3 per vector index, 2 more for an
   * index-organized table with both.
   */
  storedObjects(): number {
    const count = (kind: Index["kind"]) => this.indexes.filter((ix) => ix.kind === kind).length;
    const fulltext = count("fulltext");
    const vector = count("vector");
    const shared = fulltext + vector > 0 ? (this.heapOrganized ? 3 : 4) : 0;
    const both = !this.heapOrganized && fulltext > 0 && vector > 0 ? 2 : 0;
    return 1 + count("unique") + count("index") + shared + 2 * fulltext + 3 * vector + both;
  }

  /** A copy named `name` in `db`, rows in the same order (FORK TABLE). */
  forkedAs(db: string, name: string): Table {
    const copy = Object.create(Table.prototype) as Table;
    Object.assign(copy, this, {
      db,
      name,
      rows: new Map([...this.rows].map(([k, row]) => [k, [...row]])),
      indexes: [...this.indexes],
      uniqueKeys: [...this.uniqueKeys],
      columns: [...this.columns],
      vectorIndexed: new Set(this.vectorIndexed),
      planDocumentCounts: new Map<string, number>(),
    });
    return copy;
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

  /**
   * Whether an UPDATE that sets these columns gives the rows it changes a new place at the end of
   * heap order: in a HEAP table when it sets a column of a vector index (measured — seekdb gives
   * such a row a new hidden row id, even when the vector itself is unchanged; a row the UPDATE
   * does not change keeps its place).
   */
  movesOnUpdate(setColumns: readonly number[]): boolean {
    return this.heapOrganized && setColumns.some((i) => this.vectorIndexed.has(i));
  }

  /** Writes an UPDATE's changed rows, in the order it changed them: in place, or at the end (`toEnd`). */
  writeUpdated(changes: readonly { oldKey: string; newKey: string; row: Row }[], toEnd: boolean): void {
    if (toEnd) {
      for (const c of changes) this.rows.delete(c.oldKey);
      for (const c of changes) this.rows.set(c.newKey, c.row);
      return;
    }
    if (changes.every((c) => c.newKey === c.oldKey)) {
      for (const c of changes) this.rows.set(c.oldKey, c.row);
      return;
    }
    // A new primary key keeps the row's place too: the hidden row id is the heap's key, not _id.
    const byOldKey = new Map(changes.map((c) => [c.oldKey, c]));
    const next = new Map<string, Row>();
    for (const [k, row] of this.rows) {
      const c = byOldKey.get(k);
      if (c) next.set(c.newKey, c.row);
      else next.set(k, row);
    }
    this.rows = next;
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
  /** SET GLOBAL values: a session starts with them (system-variables.ts). */
  readonly globalVariables = new Map<string, string | null>();

  /** `vectorIndexLagMs`: how long a written row stays out of vector-index searches (vector-index.ts). */
  constructor(
    names: readonly string[],
    readonly vectorIndexLagMs = 0,
  ) {
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

  /** The table a statement reads or writes: 1146 when it, or its database, does not exist (measured). */
  table(q: QualifiedName, current: string | null): Table {
    const name = q.db ?? current;
    if (name === null) throw noDatabase();
    const t = this.database(name)?.get(q.name);
    if (!t) throw unknownTable(name, q.name);
    return t;
  }

  /** The table DESCRIBE and SHOW describe: a missing database is 1049 without its name (measured). */
  describedTable(q: QualifiedName, current: string | null): Table {
    const name = q.db ?? current;
    if (name === null) throw noDatabase();
    if (!this.database(name)) throw unknownDatabaseUnnamed();
    return this.table(q, current);
  }
}
