// SET name = expr, ...: session and user variables; autocommit switches transactions on and off.
import type { StatementOf } from "../../sql/ast.ts";
import { evalContext, type StatementContext } from "../context.ts";
import { evaluate } from "../eval.ts";
import { ok, type ExecResult } from "../result.ts";
import { commit } from "../transactions.ts";
import { toText } from "../values.ts";

export function set(stmt: StatementOf<"set">, ctx: StatementContext): ExecResult {
  const { session } = ctx;
  for (const a of stmt.assignments) {
    const v = evaluate(a.expr, evalContext(ctx, "field list"));
    if (a.name.replace(/^@@(session\.)?/i, "").toLowerCase() === "autocommit") {
      const on = v !== null && !["0", "off", "false"].includes(toText(v).toLowerCase());
      if (on) commit(session);
      session.autocommit = on;
    }
    // @@x, @@session.x and @@global.x all set the session's x; @x is a user variable.
    session.variables.set(a.name.replace(/^@@(session\.|global\.)?/i, "").toLowerCase(), v);
  }
  return ok();
}
