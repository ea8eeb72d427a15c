// What a statement runs with, and the context its expressions are evaluated in.
import type { Expr, Literal } from "../sql/ast.ts";
import type { MatchScorer } from "./fulltext/match.ts";
import type { ExecResult } from "./result.ts";
import type { Catalog, Row } from "./catalog.ts";
import type { ColumnSource, EvalContext } from "./eval.ts";
import type { SessionState } from "./session.ts";

export interface StatementContext {
  readonly catalog: Catalog;
  readonly session: SessionState;
  /** The statement's literals, for its `param` nodes. */
  readonly params: readonly Literal[];
  /** The statement's text without its literals: what seekdb's plan cache keys its plans by. */
  readonly planKey?: string;
  /** The statement's MATCH expressions, prepared over its table (fulltext/match.ts). */
  readonly fulltext?: ReadonlyMap<Expr, MatchScorer>;
  /** Each row's place in its heap (1, 2, ...): seekdb's hidden __pk_increment, when a hint shows it. */
  readonly hiddenRowIds?: ReadonlyMap<Row, number>;
  /** Runs another statement in the session (DBMS_HYBRID_SEARCH.SEARCH runs the SQL GET_SQL writes). */
  readonly runSql?: (sql: string) => ExecResult;
}

/**
 * The context to evaluate the statement's expressions in: over `row` of `table`, or over no row.
 * `clause` names where an unknown column was met (error 1054). One object shape for every call
 * keeps evaluation fast.
 */
export function evalContext(ctx: StatementContext, clause: string, table?: ColumnSource, row?: Row): EvalContext {
  return { session: ctx.session, params: ctx.params, table, row, clause, fulltext: ctx.fulltext, hiddenRowIds: ctx.hiddenRowIds, globalVariables: ctx.catalog.globalVariables, catalog: ctx.catalog, runSql: ctx.runSql };
}
