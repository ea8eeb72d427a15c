// The engine: the catalog, the statement cache, and the table below that sends each kind of
// statement to the module in statements/ that runs it. Each statement is atomic: changes are
// staged and applied only when every row passed every check, as seekdb does per statement.
import type { Literal, Statement, StatementOf } from "../sql/ast.ts";
import { SqlError } from "../sql/errors.ts";
import { Catalog, SYSTEM_DATABASES, type Database } from "./catalog.ts";
import type { StatementContext } from "./context.ts";
import type { ExecResult } from "./result.ts";
import type { SessionState } from "./session.ts";
import { StatementCache } from "./statement-cache.ts";
import { call } from "./statements/call.ts";
import { createDatabase } from "./statements/create-database.ts";
import { forkDatabase, forkTable } from "./statements/fork.ts";
import { createIndex } from "./statements/create-index.ts";
import { createTable } from "./statements/create-table.ts";
import { deleteRows } from "./statements/delete.ts";
import { describe } from "./statements/describe.ts";
import { dropDatabase } from "./statements/drop-database.ts";
import { dropTable } from "./statements/drop-table.ts";
import { insert } from "./statements/insert.ts";
import { select } from "./statements/select.ts";
import { set } from "./statements/set.ts";
import { showCreateTable } from "./statements/show-create-table.ts";
import { showIndex } from "./statements/show-index.ts";
import { showDatabases, showTables, showVariables } from "./statements/show.ts";
import { transaction } from "./statements/transaction.ts";
import { update } from "./statements/update.ts";
import { use } from "./statements/use.ts";
import { commit, rollback } from "./transactions.ts";

/** Every kind of statement (sql/ast.ts) and what runs it. A new statement: its AST, its parser, a module, a line here. */
const RUN: { readonly [K in Statement["kind"]]: (stmt: StatementOf<K>, ctx: StatementContext) => ExecResult } = {
  select,
  insert,
  update,
  delete: deleteRows,
  create_table: createTable,
  create_index: createIndex,
  drop_table: dropTable,
  create_database: createDatabase,
  drop_database: dropDatabase,
  use,
  show_tables: showTables,
  show_databases: showDatabases,
  show_variables: showVariables,
  show_index: showIndex,
  show_create_table: showCreateTable,
  describe,
  set,
  transaction,
  fork_table: forkTable,
  fork_database: forkDatabase,
  call,
};

/** How long a written row stays out of vector-index searches: seekdb 1.4's median, measured on an idle server (vector-index.ts). */
export const VECTOR_INDEX_LAG_MS = 190;

export interface EngineOptions {
  /** Default VECTOR_INDEX_LAG_MS; 0 makes the vector indexes synchronous. */
  readonly vectorIndexLagMs?: number;
}

/** Statements that commit the open transaction first, as in MySQL. */
const DDL = new Set<Statement["kind"]>(["create_table", "create_index", "drop_table", "create_database", "drop_database", "fork_table", "fork_database"]);

export class Engine {
  private readonly catalog: Catalog;
  readonly databases: Map<string, Database>;
  private readonly statements = new StatementCache();

  constructor(databases: readonly string[] = ["test"], options: EngineOptions = {}) {
    this.catalog = new Catalog([...SYSTEM_DATABASES, ...databases.map((d) => d.toLowerCase())], options.vectorIndexLagMs ?? VECTOR_INDEX_LAG_MS);
    this.databases = this.catalog.databases;
  }

  /** Parses and runs one statement for a session. Throws SqlError. */
  execute(sql: string, session: SessionState): ExecResult {
    try {
      const { statement, params, shape } = this.statements.read(sql);
      return this.run(statement, session, params, shape);
    } catch (e) {
      // Nesting deeper than the parser's or evaluator's recursion can go (thousands of parentheses,
      // NOTs or minus signs) is seekdb's 4019 (measured: 5,000 NOTs or minus signs, 1,000 nested
      // calls); seekdb itself takes up to ~5,000 parentheses. Nothing was applied: statements stage
      // their changes until every check has passed.
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new SqlError(4019, "HY000", "Size overflow");
      throw e;
    }
  }

  /** Runs a parsed statement whose `param` nodes refer to `params`; `planKey` is its text without literals. Throws SqlError. */
  run(stmt: Statement, session: SessionState, params: readonly Literal[] = [], planKey?: string): ExecResult {
    if (session.tx && DDL.has(stmt.kind)) commit(session);
    const run = RUN[stmt.kind] as (stmt: Statement, ctx: StatementContext) => ExecResult;
    const runSql = (sql: string) => this.execute(sql, session);
    const r = run(stmt, { catalog: this.catalog, session, params, runSql, ...(planKey !== undefined ? { planKey } : {}) });
    // DDL changes the session's state as seekdb reports it (measured), with no variables
    return DDL.has(stmt.kind) && r.kind === "ok" && !r.sessionState ? { ...r, sessionState: { variables: [] } } : r;
  }

  /** The system variables a session starts with: those SET GLOBAL changed. */
  globalVariables(): Map<string, string | null> {
    return new Map(this.catalog.globalVariables);
  }

  database(name: string): Database | undefined {
    return this.catalog.database(name);
  }

  /** Ends the session's transaction, keeping its changes. */
  commit(session: SessionState): void {
    commit(session);
  }

  /** Ends the session's transaction, putting back every row it touched (a connection that closes loses it). */
  rollback(session: SessionState): void {
    rollback(session);
  }
}
