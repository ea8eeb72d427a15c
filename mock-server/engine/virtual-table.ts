// A result-shaped table the server makes up (SHOW INDEX, information_schema.TABLES) that a WHERE
// can filter like a stored one.
import type { Expr } from "../sql/ast.ts";
import { evalContext, type StatementContext } from "./context.ts";
import { evaluate, truth, type ColumnSource } from "./eval.ts";
import type { SqlValue } from "./values.ts";

export class VirtualTable implements ColumnSource {
  constructor(
    readonly names: readonly string[],
    readonly rows: SqlValue[][],
  ) {}

  columnIndex(name: string): number {
    const lower = name.toLowerCase();
    return this.names.findIndex((n) => n.toLowerCase() === lower);
  }

  /** The rows a WHERE keeps (all of them without one). */
  filter(where: Expr | undefined, ctx: StatementContext): SqlValue[][] {
    return where ? this.rows.filter((row) => truth(evaluate(where, evalContext(ctx, "where clause", this, row))) === true) : this.rows;
  }
}
