// What a statement runs with, and the context its expressions are evaluated in.
import type { Literal } from "../sql/ast.ts";
import type { Catalog, Row } from "./catalog.ts";
import type { ColumnSource, EvalContext } from "./eval.ts";
import type { SessionState } from "./session.ts";

export interface StatementContext {
  readonly catalog: Catalog;
  readonly session: SessionState;
  /** The statement's literals, for its `param` nodes. */
  readonly params: readonly Literal[];
}

/**
 * The context to evaluate the statement's expressions in: over `row` of `table`, or over no row.
 * `clause` names where an unknown column was met (error 1054). One object shape for every call
 * keeps evaluation fast.
 */
export function evalContext(ctx: StatementContext, clause: string, table?: ColumnSource, row?: Row): EvalContext {
  return { session: ctx.session, params: ctx.params, table, row, clause };
}
