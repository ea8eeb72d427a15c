// DELETE FROM t [WHERE ...].
import type { StatementOf } from "../../sql/ast.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";
import { withFulltext } from "../fulltext/match.ts";
import { matching } from "../rows.ts";
import { remember } from "../transactions.ts";

export function deleteRows(stmt: StatementOf<"delete">, ctx: StatementContext): ExecResult {
  const t = ctx.catalog.table(stmt.table, ctx.session.db);
  const matches = matching(t, stmt.where, withFulltext(ctx, t, [stmt.where]));
  for (const [k] of matches) {
    remember(ctx.session, t, k);
    t.rows.delete(k);
    t.vectorIndexPending.delete(k);
  }
  return ok(matches.length);
}
