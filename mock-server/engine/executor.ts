// Runs parsed statements against the in-memory catalog. Each statement is atomic: changes are
// staged and committed only when every row passed every check, as seekdb does per statement.
import type { Expr, IndexDef, Literal, QualifiedName, SelectItem, Statement } from "../sql/ast.ts";
import {
  CHARSET_BINARY,
  CHARSET_UTF8MB4_GENERAL_CI,
  Database,
  indexKey,
  storeValue,
  Table,
  type Column,
  type Row,
  type WireColumn,
} from "./catalog.ts";
import {
  columnCannotBeNull,
  columnCountMismatch,
  databaseExists,
  duplicateEntry,
  fieldWithoutDefault,
  noDatabase,
  SqlError,
  tableExists,
  unknownColumn,
  unknownDatabase,
  unknownTable,
  unsupported,
} from "../sql/errors.ts";
import { compare, evaluate, like, truth, SERVER_VERSION, type ColumnSource, type EvalContext, type SessionState } from "./eval.ts";
import { StatementCache } from "./statement-cache.ts";
import { JsonValue, toText, type SqlValue } from "./values.ts";

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

const DDL = new Set<Statement["kind"]>(["create_table", "drop_table", "create_database", "drop_database"]);

const ok = (affectedRows = 0, info = "", warnings = 0): ExecResult => ({ kind: "ok", affectedRows, insertId: 0, info, warnings });

const TEXT_WIRE = (length: number): WireColumn => ({ type: 253, charset: CHARSET_UTF8MB4_GENERAL_CI, length, flags: 0, decimals: 0 });
const BIGINT_WIRE: WireColumn = { type: 8, charset: CHARSET_BINARY, length: 20, flags: 128, decimals: 0 };

function wireForValue(v: SqlValue): WireColumn {
  if (typeof v === "bigint") return BIGINT_WIRE;
  if (typeof v === "number") return { type: 5, charset: CHARSET_BINARY, length: 23, flags: 128, decimals: 31 };
  if (Buffer.isBuffer(v)) return { type: 253, charset: CHARSET_BINARY, length: 16384, flags: 128, decimals: 0 };
  if (v instanceof JsonValue) return { type: 245, charset: CHARSET_BINARY, length: 4294967295, flags: 144, decimals: 0 };
  if (v instanceof Date) return { type: 12, charset: CHARSET_BINARY, length: 19, flags: 128, decimals: 0 };
  return TEXT_WIRE(16384);
}

/** A result-shaped virtual table (SHOW INDEX, information_schema.TABLES) that WHERE can filter. */
class VirtualTable implements ColumnSource {
  constructor(
    readonly names: readonly string[],
    readonly rows: SqlValue[][],
  ) {}
  columnIndex(name: string): number {
    const lower = name.toLowerCase();
    return this.names.findIndex((n) => n.toLowerCase() === lower);
  }
  /** The rows a WHERE keeps (all of them without one). */
  filter(where: Expr | undefined, session: SessionState, params: readonly Literal[]): SqlValue[][] {
    return where ? this.rows.filter((row) => truth(evaluate(where, { session, params, table: this, row, clause: "where clause" })) === true) : this.rows;
  }
}

/** SHOW ... LIKE 'pattern': the names the pattern matches (all without one), sorted. */
function namesLike(names: Iterable<string>, pattern: string | undefined): string[] {
  return [...names].filter((n) => pattern === undefined || like(n, pattern) === 1n).sort();
}

export class Engine {
  readonly databases = new Map<string, Database>();

  constructor(databases: readonly string[] = ["test"]) {
    for (const d of ["information_schema", "oceanbase", ...databases]) this.databases.set(d.toLowerCase(), new Database(d));
  }

  private readonly statements = new StatementCache();

  /** Parses and runs one statement for a session. Throws SqlError. */
  execute(sql: string, session: SessionState): ExecResult {
    const { statement, params } = this.statements.read(sql);
    return this.run(statement, session, params);
  }

  database(name: string): Database | undefined {
    return this.databases.get(name.toLowerCase());
  }

  private resolveDb(q: { db?: string }, session: SessionState): Database {
    const name = q.db ?? session.db;
    if (name === null || name === undefined) throw noDatabase();
    const db = this.database(name);
    if (!db) throw unknownDatabase(name);
    return db;
  }

  private table(q: QualifiedName, session: SessionState): Table {
    const db = this.resolveDb(q, session);
    const t = db.get(q.name);
    if (!t) throw unknownTable(db.name, q.name);
    return t;
  }

  /** Ends the session's transaction, keeping its changes. */
  commit(session: SessionState): void {
    session.tx = undefined;
  }

  /**
   * Ends the session's transaction, putting back every row it touched. Rows only: seekdb commits
   * DDL implicitly. Other connections saw the changes meanwhile (no isolation: a known limitation).
   */
  rollback(session: SessionState): void {
    const tx = session.tx;
    session.tx = undefined;
    if (!tx) return;
    for (const [t, before] of tx) {
      for (const [key, row] of before) {
        if (row === undefined) t.rows.delete(key);
        else t.rows.set(key, row);
      }
    }
  }

  /** Notes a row's value before its first change in the session's transaction. */
  private remember(session: SessionState, t: Table, key: string): void {
    if (!session.tx && session.autocommit === false) session.tx = new Map();
    if (!session.tx) return;
    let before = session.tx.get(t);
    if (!before) session.tx.set(t, (before = new Map()));
    if (!before.has(key)) before.set(key, t.rows.get(key));
  }

  run(stmt: Statement, session: SessionState, params: readonly Literal[] = []): ExecResult {
    // DDL commits the open transaction first, as in MySQL.
    if (session.tx && DDL.has(stmt.kind)) this.commit(session);
    switch (stmt.kind) {
      case "create_table": {
        const db = this.resolveDb(stmt.table, session);
        if (db.get(stmt.table.name)) {
          if (stmt.ifNotExists) return ok(0, "", 1);
          throw tableExists(stmt.table.name);
        }
        if (db.name.toLowerCase() === "information_schema") throw new SqlError(1044, "42000", `Access denied for user '${session.user}'@'%' to database '${db.name}'`);
        // Defaults outlive the statement: bind their literals now.
        const columns = stmt.columns.map((c) => (c.default ? { ...c, default: bindParams(c.default, params) } : c));
        db.tables.set(stmt.table.name.toLowerCase(), new Table(db.name, stmt.table.name, columns, stmt.indexes, stmt.options));
        return ok();
      }
      case "insert":
        return this.insert(stmt, session, params);
      case "select":
        return this.select(stmt, session, params);
      case "update":
        return this.update(stmt, session, params);
      case "delete":
        return this.delete(stmt, session, params);
      case "show_tables": {
        const db = this.resolveDb(stmt.db !== undefined ? { db: stmt.db } : {}, session);
        const names = namesLike([...db.tables.values()].map((t) => t.name), stmt.like);
        const label = `Tables_in_${db.name}${stmt.like !== undefined ? ` (${stmt.like})` : ""}`;
        return { kind: "rows", columns: [virtualColumn(label, 1024)], rows: names.map((n) => [n]) };
      }
      case "show_create_table": {
        const t = this.table(stmt.table, session);
        return { kind: "rows", columns: [virtualColumn("Table", 1024), { ...virtualColumn("Create Table", 4294967295), wire: { type: 252, charset: CHARSET_UTF8MB4_GENERAL_CI, length: 4294967295, flags: 17, decimals: 0 } }], rows: [[t.name, showCreateTable(t)]] };
      }
      case "show_index":
        return this.showIndex(stmt, session, params);
      case "show_databases": {
        const names = namesLike([...this.databases.values()].map((d) => d.name), stmt.like);
        return { kind: "rows", columns: [virtualColumn("Database", 512)], rows: names.map((n) => [n]) };
      }
      case "show_variables": {
        const vars = new Map<string, string>([
          ["version", SERVER_VERSION],
          ["version_comment", "OceanBase seekdb 1.4.0.0 (mock)"],
          ["sql_mode", "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_AUTO_CREATE_USER"],
          ["character_set_client", "utf8mb4"],
          ["character_set_connection", "utf8mb4"],
          ["character_set_results", "utf8mb4"],
          ["collation_connection", "utf8mb4_general_ci"],
          ["autocommit", "ON"],
          ["max_allowed_packet", "16777216"],
          ["port", "2881"],
        ]);
        for (const [k, v] of session.variables) if (!k.startsWith("@")) vars.set(k, v === null ? "" : toText(v));
        const rows = namesLike(vars.keys(), stmt.like).map((k) => [k, vars.get(k)!]);
        return { kind: "rows", columns: [virtualColumn("Variable_name", 128), virtualColumn("Value", 1024)], rows };
      }
      case "describe": {
        const t = this.table(stmt.table, session);
        const rows = t.columns.map((c, i) => [
          c.name,
          c.typeText,
          c.notNull ? "NO" : "YES",
          t.primaryKey.includes(i) ? "PRI" : t.uniqueKeys.some((u) => u.columns[0] === i) ? "UNI" : "",
          c.default ? defaultText(c) : null,
          c.onUpdateNow ? "on update current_timestamp" : "",
        ]);
        return {
          kind: "rows",
          columns: [virtualColumn("Field", 512), virtualColumn("Type", 4194304), virtualColumn("Null", 16), virtualColumn("Key", 16), virtualColumn("Default", 16384), virtualColumn("Extra", 16384)],
          rows,
        };
      }
      case "drop_table": {
        const targets: [Database, string][] = [];
        for (const q of stmt.tables) {
          const db = this.resolveDb(q, session);
          if (!db.get(q.name)) {
            if (stmt.ifExists) continue;
            throw new SqlError(1051, "42S02", `Unknown table '${db.name}.${q.name}'`);
          }
          targets.push([db, q.name.toLowerCase()]);
        }
        for (const [db, name] of targets) db.tables.delete(name);
        return ok(0, "", stmt.tables.length - targets.length);
      }
      case "create_database":
        if (this.database(stmt.name)) {
          if (stmt.ifNotExists) return ok(0, "", 1);
          throw databaseExists(stmt.name);
        }
        this.databases.set(stmt.name.toLowerCase(), new Database(stmt.name));
        return ok(1);
      case "drop_database": {
        const db = this.database(stmt.name);
        if (!db) {
          if (stmt.ifExists) return ok(0, "", 1);
          throw new SqlError(1008, "HY000", `Can't drop database '${stmt.name}'; database doesn't exist`);
        }
        if (["information_schema", "oceanbase"].includes(db.name.toLowerCase())) throw new SqlError(1044, "42000", `Access denied for user '${session.user}'@'%' to database '${db.name}'`);
        this.databases.delete(stmt.name.toLowerCase());
        if (session.db?.toLowerCase() === stmt.name.toLowerCase()) session.db = null;
        return ok(db.tables.size);
      }
      case "use": {
        const db = this.database(stmt.name);
        if (!db) throw unknownDatabase(stmt.name);
        session.db = db.name;
        return ok();
      }
      case "set":
        for (const a of stmt.assignments) {
          if (a.name.replace(/^@@(session\.)?/i, "").toLowerCase() === "autocommit") {
            const v = evaluate(a.expr, { session, params, clause: "field list" });
            const on = v !== null && !["0", "off", "false"].includes(toText(v).toLowerCase());
            if (on) this.commit(session);
            session.autocommit = on;
          }
          const name = a.name.startsWith("@@") ? a.name.replace(/^@@(session\.|global\.)?/i, "").toLowerCase() : a.name.startsWith("@") ? a.name.toLowerCase() : a.name.toLowerCase();
          session.variables.set(name.startsWith("@") ? name : name, evaluate(a.expr, { session, params, clause: "field list" }));
        }
        return ok();
      case "transaction":
        if (stmt.word === "ROLLBACK") this.rollback(session);
        else this.commit(session);
        if (stmt.word === "BEGIN" || stmt.word === "START") session.tx = new Map();
        return ok();
    }
  }

  /** matching() without the keys, for SELECT, in the order seekdb would return them. */
  private matchingRows(t: Table, stmt: Extract<Statement, { kind: "select" }>, session: SessionState, params: readonly Literal[]): Row[] {
    const matches = this.matching(t, stmt.where, session, params, "where clause");
    if (matches.length > 1 && readsOnlyKey(stmt, t)) matches.sort((a, b) => byBytes(a[0], b[0]));
    const rows = new Array<Row>(matches.length);
    for (let i = 0; i < matches.length; i++) rows[i] = matches[i]![1];
    return rows;
  }

  /** Rows matching WHERE, with their keys, in table order (or key order for a key lookup). */
  private matching(t: Table, where: Expr | undefined, session: SessionState, params: readonly Literal[], clause: string): [string, Row][] {
    const out: [string, Row][] = [];
    const keys = candidateKeys(where, t, session, params);
    if (keys && keys.length === 1) {
      const row = t.rows.get(keys[0]!);
      if (row && (!where || truth(evaluate(where, { session, params, table: t, row, clause })) === true)) out.push([keys[0]!, row]);
      return out;
    }
    if (keys) {
      // A primary-key lookup returns rows in key (byte) order, as seekdb's index scan does.
      if (keys.length > 1) keys.sort(byBytes);
      const seen = new Set<string>();
      for (const k of keys) {
        if (seen.has(k)) continue;
        seen.add(k);
        const row = t.rows.get(k);
        if (row && (!where || truth(evaluate(where, { session, params, table: t, row, clause })) === true)) out.push([k, row]);
      }
      return out;
    }
    for (const entry of t.rows) {
      if (!where || truth(evaluate(where, { session, params, table: t, row: entry[1], clause })) === true) out.push(entry);
    }
    return out;
  }

  private insert(stmt: Extract<Statement, { kind: "insert" }>, session: SessionState, params: readonly Literal[]): ExecResult {
    const t = this.table(stmt.table, session);
    const positions = insertPositions(stmt, t);
    const ncols = t.columns.length;
    const ctx: EvalContext = { session, params, clause: "field list" };
    const staged = new Map<string, Row>();
    const uniqueSeen = t.uniqueKeys.length ? t.uniqueKeys.map(() => new Map<string, string>()) : [];
    for (let r = 0; r < stmt.rows.length; r++) {
      const exprs = stmt.rows[r]!;
      const rowNo = r + 1;
      if (exprs.length !== positions.length) throw columnCountMismatch(rowNo);
      const row: Row = new Array<SqlValue>(ncols);
      for (let k = 0; k < positions.length; k++) {
        const i = positions[k]!;
        row[i] = storeValue(t.columns[i]!, evaluate(exprs[k]!, ctx), rowNo);
      }
      for (let i = 0; i < ncols; i++) {
        const c = t.columns[i]!;
        // Columns the statement did not name are still holes in the array.
        if (row[i] === undefined) {
          if (c.default) row[i] = storeValue(c, evaluate(c.default, ctx), rowNo);
          else if (c.notNull && c.kind !== "timestamp") throw fieldWithoutDefault(c.name);
          else row[i] = null;
        }
        if (row[i] === null && c.notNull) throw columnCannotBeNull(c.name);
      }
      const key = t.rowKey(row);
      if (t.rows.has(key) || staged.has(key)) throw duplicateEntry(entryText(t.primaryKey, row), t.primaryKeyName());
      if (uniqueSeen.length) this.checkUnique(t, row, key, staged, uniqueSeen);
      staged.set(key, row);
    }
    for (const [k, row] of staged) {
      this.remember(session, t, k);
      t.rows.set(k, row);
    }
    const n = staged.size;
    return n > 1 ? ok(n, `Records: ${n}  Duplicates: 0  Warnings: 0`) : ok(n);
  }

  private checkUnique(t: Table, row: Row, key: string, staged: Map<string, Row>, seen: Map<string, string>[], ignoreKeys: Set<string> = new Set()): void {
    for (const [u, uk] of t.uniqueKeys.entries()) {
      if (uk.columns.some((i) => row[i] === null)) continue;
      const k = uk.columns.map((i) => indexKey(t.columns[i]!, row[i] as Exclude<SqlValue, null>)).join("\u0000");
      const clash = [...t.rows].some(([rk, r]) => rk !== key && !ignoreKeys.has(rk) && !staged.has(rk) && uk.columns.every((i) => r[i] !== null && indexKey(t.columns[i]!, r[i] as Exclude<SqlValue, null>) === indexKey(t.columns[i]!, row[i] as Exclude<SqlValue, null>)));
      if (clash || (seen[u]!.has(k) && seen[u]!.get(k) !== key)) throw duplicateEntry(entryText(uk.columns, row), uk.name);
      seen[u]!.set(k, key);
    }
  }

  private select(stmt: Extract<Statement, { kind: "select" }>, session: SessionState, params: readonly Literal[]): ExecResult {
    const aggregate = isAggregate(stmt);
    if (!stmt.from) {
      const columns: ResultColumn[] = [];
      const row: SqlValue[] = [];
      for (const item of stmt.items) {
        if (item.expr === "*") throw new SqlError(1096, "HY000", "No tables used");
        const v = item.expr.k === "call" && item.expr.fn === "COUNT" ? 1n : evaluate(item.expr, { session, params, clause: "field list" });
        columns.push(exprColumn(item, v));
        row.push(v);
      }
      return { kind: "rows", columns, rows: [row] };
    }
    const isInfoSchema = (stmt.from.db ?? session.db ?? "").toLowerCase() === "information_schema";
    if (isInfoSchema) return this.selectVirtual(stmt, this.informationSchema(stmt.from.name), session, params);
    const t = this.table(stmt.from, session);
    let rows = this.matchingRows(t, stmt, session, params);
    if (stmt.orderBy.length) {
      const keyed = rows.map((row) => ({ row, keys: stmt.orderBy.map((o) => evaluate(o.expr, { session, params, table: t, row, clause: "order clause" })) }));
      keyed.sort((a, b) => {
        for (const [i, o] of stmt.orderBy.entries()) {
          const x = a.keys[i]!;
          const y = b.keys[i]!;
          const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : (compare(x, y) ?? 0);
          if (c !== 0) return o.desc ? -c : c;
        }
        return 0;
      });
      rows = keyed.map((k) => k.row);
    }
    if (aggregate) {
      const out: SqlValue[] = [];
      const columns: ResultColumn[] = [];
      for (const item of stmt.items) {
        if (item.expr === "*") throw unsupported("SELECT * with an aggregate");
        const e = item.expr;
        if (e.k !== "call" || e.fn !== "COUNT") {
          // Without GROUP BY, a non-aggregate item takes its value from the first row (MySQL).
          const first = rows[0];
          const v = first ? evaluate(e, { session, params, table: t, row: first, clause: "field list" }) : isConstant(e) ? evaluate(e, { session, params, clause: "field list" }) : null;
          out.push(v);
          columns.push(exprColumn(item, v));
          continue;
        }
        const n = e.star ? rows.length : rows.filter((row) => evaluate(e.args[0]!, { session, params, table: t, row, clause: "field list" }) !== null).length;
        out.push(BigInt(n));
        columns.push({ name: item.alias ?? item.text, orgName: "", table: "", orgTable: "", db: "", wire: BIGINT_WIRE });
      }
      return { kind: "rows", columns, rows: [out] };
    }
    const offset = stmt.offset ?? 0;
    if (offset > 0 || stmt.limit !== undefined) rows = rows.slice(offset, stmt.limit !== undefined ? offset + stmt.limit : undefined);
    const columns: ResultColumn[] = [];
    const items: (number | Expr)[] = [];
    for (const item of stmt.items) {
      if (item.expr === "*") {
        for (const [i, c] of t.columns.entries()) {
          columns.push(tableColumn(t, c, c.name));
          items.push(i);
        }
        continue;
      }
      const e = item.expr;
      if (e.k === "col") {
        const i = t.columnIndex(e.name);
        if (i < 0) throw unknownColumn(e.name, "field list");
        columns.push(tableColumn(t, t.columns[i]!, item.alias ?? e.name));
        items.push(i);
        continue;
      }
      const sample = rows[0] ? evaluate(e, { session, params, table: t, row: rows[0], clause: "field list" }) : null;
      columns.push(exprColumn(item, sample));
      items.push(e);
    }
    return {
      kind: "rows",
      columns,
      rows: rows.map((row) => items.map((it) => (typeof it === "number" ? (row[it] ?? null) : evaluate(it, { session, params, table: t, row, clause: "field list" })))),
    };
  }

  private informationSchema(name: string): VirtualTable {
    if (name.toUpperCase() !== "TABLES") throw unsupported(`SELECT from information_schema.${name}`);
    const rows: SqlValue[][] = [];
    for (const db of this.databases.values()) for (const t of db.tables.values()) rows.push(["def", db.name, t.name, "BASE TABLE"]);
    return new VirtualTable(["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE"], rows);
  }

  private selectVirtual(stmt: Extract<Statement, { kind: "select" }>, v: VirtualTable, session: SessionState, params: readonly Literal[]): ExecResult {
    let rows = v.filter(stmt.where, session, params);
    const offset = stmt.offset ?? 0;
    rows = rows.slice(offset, stmt.limit !== undefined ? offset + stmt.limit : undefined);
    const idx: number[] = [];
    const columns: ResultColumn[] = [];
    for (const item of stmt.items) {
      if (item.expr === "*") {
        v.names.forEach((n, i) => {
          idx.push(i);
          columns.push(virtualColumn(n, 512));
        });
      } else if (item.expr.k === "col") {
        const i = v.columnIndex(item.expr.name);
        if (i < 0) throw unknownColumn(item.expr.name, "field list");
        idx.push(i);
        columns.push(virtualColumn(item.alias ?? item.expr.name, 512));
      } else throw unsupported("expressions over information_schema");
    }
    return { kind: "rows", columns, rows: rows.map((r) => idx.map((i) => r[i] ?? null)) };
  }

  private update(stmt: Extract<Statement, { kind: "update" }>, session: SessionState, params: readonly Literal[]): ExecResult {
    const t = this.table(stmt.table, session);
    const sets = stmt.sets.map((s) => {
      const i = t.columnIndex(s.column);
      if (i < 0) throw unknownColumn(s.column, "field list");
      return { i, expr: s.expr };
    });
    const matches = this.matching(t, stmt.where, session, params, "where clause");
    const changes: { oldKey: string; newKey: string; row: Row }[] = [];
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    for (const [r, [key, old]] of matches.entries()) {
      const row = [...old];
      for (const s of sets) row[s.i] = storeValue(t.columns[s.i]!, evaluate(s.expr, { session, params, table: t, row: old, clause: "field list" }), r + 1);
      const changed = row.some((v, i) => !sameStored(v, old[i] ?? null));
      if (!changed) continue;
      for (const [i, c] of t.columns.entries()) {
        if (c.onUpdateNow && !sets.some((s) => s.i === i)) row[i] = now;
        if (row[i] === null && c.notNull) throw columnCannotBeNull(c.name);
      }
      changes.push({ oldKey: key, newKey: t.rowKey(row), row });
    }
    // Keys and unique indexes are checked against the state after the whole statement.
    const moving = new Set(changes.filter((c) => c.newKey !== c.oldKey).map((c) => c.oldKey));
    const newKeys = new Set<string>();
    for (const c of changes) {
      if (c.newKey !== c.oldKey && ((t.rows.has(c.newKey) && !moving.has(c.newKey)) || newKeys.has(c.newKey))) {
        throw duplicateEntry(entryText(t.primaryKey, c.row), t.primaryKeyName());
      }
      newKeys.add(c.newKey);
    }
    const seen = t.uniqueKeys.map(() => new Map<string, string>());
    const changedKeys = new Set(changes.map((c) => c.oldKey));
    for (const c of changes) this.checkUnique(t, c.row, c.oldKey, new Map(), seen, changedKeys);
    for (const c of changes) {
      this.remember(session, t, c.oldKey);
      this.remember(session, t, c.newKey);
      if (c.newKey === c.oldKey) t.rows.set(c.oldKey, c.row);
      else t.rows.delete(c.oldKey);
    }
    for (const c of changes) if (c.newKey !== c.oldKey) t.rows.set(c.newKey, c.row);
    return ok(session.foundRows ? matches.length : changes.length, `Rows matched: ${matches.length}  Changed: ${changes.length}  Warnings: 0`);
  }

  private delete(stmt: Extract<Statement, { kind: "delete" }>, session: SessionState, params: readonly Literal[]): ExecResult {
    const t = this.table(stmt.table, session);
    const matches = this.matching(t, stmt.where, session, params, "where clause");
    for (const [k] of matches) {
      this.remember(session, t, k);
      t.rows.delete(k);
    }
    return ok(matches.length);
  }

  private showIndex(stmt: Extract<Statement, { kind: "show_index" }>, session: SessionState, params: readonly Literal[]): ExecResult {
    const t = this.table(stmt.table, session);
    const names = ["Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation", "Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment", "Visible", "Expression"];
    const rows: SqlValue[][] = [];
    for (const ix of t.indexes) {
      ix.columns.forEach((c, seq) => {
        const col = t.columns[t.columnIndex(c)]!;
        const type = ix.kind === "fulltext" ? "FULLTEXT" : ix.kind === "vector" ? "VECTOR" : "BTREE";
        rows.push([t.name, ix.kind === "primary" || ix.kind === "unique" ? 0n : 1n, ix.name, BigInt(seq + 1), col.name, "A", null, null, null, col.notNull ? "" : "YES", type, "available", "", "YES", null]);
      });
    }
    const filtered = new VirtualTable(names, rows).filter(stmt.where, session, params);
    const wires: WireColumn[] = names.map((n) => (["Non_unique", "Seq_in_index", "Cardinality"].includes(n) ? BIGINT_WIRE : TEXT_WIRE(512)));
    return { kind: "rows", columns: names.map((n, i) => ({ name: n, orgName: n, table: "", orgTable: "", db: "", wire: wires[i]! })), rows: filtered };
  }
}

/** Whether a SELECT counts (COUNT(*) / COUNT(x)). */
function isAggregate(stmt: Extract<Statement, { kind: "select" }>): boolean {
  return stmt.items.some((i) => i.expr !== "*" && i.expr.k === "call" && i.expr.fn === "COUNT");
}

/** Column positions an INSERT's values go to. */
function insertPositions(stmt: Extract<Statement, { kind: "insert" }>, t: Table): number[] {
  if (!stmt.columns) return t.columns.map((_, i) => i);
  return stmt.columns.map((c) => {
    const i = t.columnIndex(c);
    if (i < 0) throw unknownColumn(c, "field list");
    return i;
  });
}

/** Binary keys are latin1 strings of the bytes: comparing code units compares bytes. */
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Columns an expression reads. */
function columnsOf(e: Expr | "*", out: Set<string>): Set<string> {
  if (e === "*") {
    out.add("*");
    return out;
  }
  switch (e.k) {
    case "col":
      out.add(e.name.toLowerCase());
      break;
    case "cast":
      columnsOf(e.expr, out);
      break;
    case "call":
      e.args.forEach((a) => columnsOf(a, out));
      break;
    case "bin":
      columnsOf(e.l, out);
      columnsOf(e.r, out);
      break;
    case "not":
    case "neg":
    case "isnull":
      columnsOf(e.e, out);
      break;
    case "in":
      columnsOf(e.e, out);
      e.list.forEach((x) => columnsOf(x, out));
      break;
    case "like":
      columnsOf(e.e, out);
      columnsOf(e.pattern, out);
      break;
  }
  return out;
}

/**
 * Whether a scan reads nothing but primary-key columns: seekdb then scans the primary-key index and
 * returns rows in key order; any other scan reads the heap, in insertion order (measured). It
 * depends on the table, so it is not remembered per statement: a table re-created under the same
 * name may have another key.
 */
function readsOnlyKey(stmt: Extract<Statement, { kind: "select" }>, t: Table): boolean {
  const used = new Set<string>();
  for (const item of stmt.items) columnsOf(item.expr, used);
  if (stmt.where) columnsOf(stmt.where, used);
  for (const o of stmt.orderBy) columnsOf(o.expr, used);
  const key = new Set(t.primaryKey.map((i) => t.columns[i]!.name.toLowerCase()));
  return t.primaryKey.length > 0 && [...used].every((c) => key.has(c));
}

/** True when e mentions no column, so it can be evaluated once, before any row is read. */
function isConstant(e: Expr): boolean {
  switch (e.k) {
    case "lit":
    case "param":
    case "var":
      return true;
    case "cast":
      return isConstant(e.expr);
    case "neg":
      return isConstant(e.e);
    case "call":
      return e.fn !== "COUNT" && e.args.every(isConstant);
    default:
      return false;
  }
}

/**
 * The primary-key keys a WHERE pins the rows to: `pk = const`, ORs of those, or either side of an
 * AND. Undefined when the rows must be scanned.
 */
function candidateKeys(e: Expr | undefined, t: Table, session: SessionState, params: readonly Literal[]): string[] | undefined {
  if (!e || t.primaryKey.length !== 1) return undefined;
  const pk = t.columns[t.primaryKey[0]!]!;
  if (e.k === "bin" && e.op === "=") {
    const col = e.l.k === "col" ? e.l : e.r.k === "col" ? e.r : undefined;
    const other = col === e.l ? e.r : e.l;
    if (!col || col.k !== "col" || col.name.toLowerCase() !== pk.name.toLowerCase() || !isConstant(other)) return undefined;
    const v = evaluate(other, { session, params, clause: "where clause" });
    if (v === null) return [];
    // A text key compared with a binary value compares bytes, not the collation: scan instead.
    if (pk.kind === "text" && Buffer.isBuffer(v)) return undefined;
    return [indexKey(pk, v)];
  }
  if (e.k === "bin" && e.op === "OR") {
    const l = candidateKeys(e.l, t, session, params);
    const r = l && candidateKeys(e.r, t, session, params);
    return l && r ? l.concat(r) : undefined;
  }
  if (e.k === "bin" && e.op === "AND") return candidateKeys(e.l, t, session, params) ?? candidateKeys(e.r, t, session, params);
  return undefined;
}

function sameStored(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof Float32Array && b instanceof Float32Array) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return toText(a) === toText(b) && Buffer.isBuffer(a) === Buffer.isBuffer(b);
}

function entryText(cols: readonly number[], row: Row): string {
  return cols.map((i) => (row[i] === null ? "NULL" : toText(row[i] as Exclude<SqlValue, null>))).join("-");
}

function virtualColumn(name: string, length: number): ResultColumn {
  return { name, orgName: name, table: "", orgTable: "", db: "", wire: TEXT_WIRE(length) };
}

function tableColumn(t: Table, c: Column, label: string): ResultColumn {
  return { name: label, orgName: c.name, table: t.name, orgTable: t.name, db: t.db, wire: c.wire };
}

function exprColumn(item: SelectItem, sample: SqlValue): ResultColumn {
  return { name: item.alias ?? item.text, orgName: "", table: "", orgTable: "", db: "", wire: wireForExpr(item.expr, sample) };
}

/** seekdb types a comparison as INT(1) and LIKE as BIGINT(1) (measured); the rest by value. */
function wireForExpr(e: Expr | "*", sample: SqlValue): WireColumn {
  if (e !== "*") {
    if ((e.k === "bin" && ["=", "!=", "<", "<=", ">", ">=", "<=>", "AND", "OR"].includes(e.op)) || e.k === "isnull" || e.k === "in" || e.k === "not") {
      return { type: 3, charset: CHARSET_BINARY, length: 1, flags: 128, decimals: 0 };
    }
    if (e.k === "like") return { type: 8, charset: CHARSET_BINARY, length: 1, flags: 128, decimals: 0 };
  }
  return wireForValue(sample);
}

function defaultText(c: Column): string | null {
  const d = c.default!;
  if (d.k === "keyword") return "CURRENT_TIMESTAMP";
  if (d.k === "lit") return d.lit.t === "null" ? null : d.lit.t === "string" || d.lit.t === "number" ? d.lit.v : null;
  return "(expression)";
}

/** The vector index options seekdb prints, with its defaults filled in (measured). */
function vectorOptions(def: IndexDef): string {
  const given = def.with;
  const defaults: [string, string][] = [["DISTANCE", "L2"], ["TYPE", "HNSW"], ["LIB", "VSAG"], ["M", "16"], ["EF_CONSTRUCTION", "200"], ["EF_SEARCH", "64"], ["SYNC_MODE", "ASYNC"]];
  const keys = [...defaults.map(([k]) => k), ...Object.keys(given).filter((k) => !defaults.some(([d]) => d === k))];
  return keys.map((k) => `${k}=${(given[k] ?? defaults.find(([d]) => d === k)![1]).toUpperCase()}`).join(", ");
}

/** The full-text parser and properties seekdb prints; ik defaults to ik_mode="smart" (measured). */
function fulltextOptions(def: IndexDef): string {
  const parser = def.parser ?? "space";
  const props = def.parserProperties ?? (parser.toLowerCase() === "ik" ? { IK_MODE: "smart" } : undefined);
  return props ? `${parser} PARSER_PROPERTIES=(${Object.entries(props).map(([k, v]) => `${k.toLowerCase()}="${v}"`).join(", ")})` : parser;
}

function showCreateTable(t: Table): string {
  const lines = t.columns.map((c) => `  \`${c.name}\` ${c.typeText}${c.notNull ? " NOT NULL" : c.kind === "timestamp" ? " NULL" : ""}${c.default ? ` DEFAULT ${defaultText(c) ?? "NULL"}` : c.notNull ? "" : " DEFAULT NULL"}${c.onUpdateNow ? " ON UPDATE CURRENT_TIMESTAMP" : ""}${c.comment !== undefined ? ` COMMENT '${c.comment.replace(/'/g, "''")}'` : ""}`);
  for (const ix of t.indexes) {
    const cols = ix.columns.map((c) => `\`${c}\``).join(", ");
    if (ix.kind === "primary") lines.push(`  PRIMARY KEY (${cols})`);
    else if (ix.kind === "unique") lines.push(`  UNIQUE KEY \`${ix.name}\` (${cols}) BLOCK_SIZE 16384 LOCAL`);
    else if (ix.kind === "fulltext") lines.push(`  FULLTEXT KEY \`${ix.name}\` (${cols}) WITH PARSER ${fulltextOptions(ix.def)} BLOCK_SIZE 16384`);
    else if (ix.kind === "vector") lines.push(`  VECTOR KEY \`${ix.name}\` (${cols}) WITH (${vectorOptions(ix.def)}) BLOCK_SIZE 16384`);
    else lines.push(`  KEY \`${ix.name}\` (${cols}) BLOCK_SIZE 16384 LOCAL`);
  }
  const org = (t.options.ORGANIZATION ?? "").toUpperCase() === "HEAP" ? " ORGANIZATION HEAP" : "";
  const comment = t.options.COMMENT !== undefined ? ` COMMENT = '${t.options.COMMENT.replace(/'/g, "''")}'` : "";
  return `CREATE TABLE \`${t.name}\` (\n${lines.join(",\n")}\n)${org} DEFAULT CHARSET = utf8mb4 ROW_FORMAT = DYNAMIC COMPRESSION = 'zstd_1.3.8' BLOCK_SIZE = 16384 TABLET_SIZE = 134217728 PCTFREE = 0 LOB_INROW_THRESHOLD=78643${comment}`;
}

/** Replaces `param` nodes by the literals they stand for (for expressions kept after the statement). */
function bindParams(e: Expr, params: readonly Literal[]): Expr {
  switch (e.k) {
    case "param":
      return { k: "lit", lit: params[e.slot]! };
    case "cast":
      return { ...e, expr: bindParams(e.expr, params) };
    case "call":
      return { ...e, args: e.args.map((a) => bindParams(a, params)) };
    case "bin":
      return { ...e, l: bindParams(e.l, params), r: bindParams(e.r, params) };
    case "not":
    case "neg":
      return { ...e, e: bindParams(e.e, params) };
    case "in":
      return { ...e, e: bindParams(e.e, params), list: e.list.map((x) => bindParams(x, params)) };
    case "isnull":
      return { ...e, e: bindParams(e.e, params) };
    case "like":
      return { ...e, e: bindParams(e.e, params), pattern: bindParams(e.pattern, params) };
    default:
      return e;
  }
}
