// SET: user variables (@x), the session's system variables (checked against seekdb's table:
// 1193 unknown, 1229 global only, 1238 read only, 1621), GLOBAL ones (for sessions that start
// later), NAMES; autocommit switches transactions on and off. The OK reports, to clients that
// track the session, the variables seekdb reports (system-variables.ts, measured).
import type { SetAssignment, StatementOf } from "../../sql/ast.ts";
import { SqlError } from "../../sql/errors.ts";
import { evalContext, type StatementContext } from "../context.ts";
import { evaluate } from "../eval.ts";
import { ok, type ExecResult } from "../result.ts";
import type { SessionState } from "../session.ts";
import { reportedBy, shownText, storedText, systemVariable, type SystemVariable } from "../system-variables.ts";
import { commit } from "../transactions.ts";
import { toText } from "../values.ts";

/** seekdb's refusal to SET a variable in this scope (measured messages). */
function refusal(v: SystemVariable, scope: SetAssignment["scope"]): SqlError | undefined {
  if (v.set === 1238) return new SqlError(1238, "HY000", `Variable '${v.name}' is a read only variable`);
  if (scope === "global") return undefined;
  if (v.set === 1229) return new SqlError(1229, "HY000", `Variable '${v.name}' is a GLOBAL variable and should be set with SET GLOBAL`);
  if (v.set === 1621) return new SqlError(1621, "HY000", `SESSION variable '${v.name}' is read-only. Use SET GLOBAL to assign the value`);
  return undefined;
}

/** The session's text of a system variable (its SET, else the default it started with). */
export function sessionText(session: SessionState, v: SystemVariable): string | null {
  return session.systemVariables?.has(v.name) ? session.systemVariables.get(v.name)! : v.value;
}

export function set(stmt: StatementOf<"set">, ctx: StatementContext): ExecResult {
  const { session, catalog } = ctx;
  const reported: string[] = [];
  const report = (names: readonly string[]) => {
    for (const n of names) if (!reported.includes(n)) reported.push(n);
  };
  for (const a of stmt.assignments) {
    if (a.scope === "user") {
      session.variables.set(`@${a.name}`, evaluate(a.expr!, evalContext(ctx, "field list")));
      continue;
    }
    const values = session.systemVariables ?? (session.systemVariables = new Map());
    if (a.scope === "names") {
      const charset = toText(evaluate(a.expr!, evalContext(ctx, "field list")) ?? "").toLowerCase();
      for (const n of ["character_set_client", "character_set_results", "character_set_connection"]) values.set(n, charset);
      report(["character_set_client", "character_set_results", "character_set_connection"]);
      continue;
    }
    const v = systemVariable(a.name);
    const refused = refusal(v, a.scope);
    if (refused) throw refused;
    // a bare word is its name (SET foreign_key_checks = OFF)
    const value = !a.expr ? v.value : a.expr.k === "col" && a.expr.table === undefined ? a.expr.name : evaluate(a.expr, evalContext(ctx, "field list"));
    const text = a.expr ? storedText(v, value, value === null ? null : toText(value)) : v.value;
    if (a.scope === "global") {
      catalog.globalVariables.set(v.name, text);
      continue;
    }
    const changed = sessionText(session, v) !== text;
    values.set(v.name, text);
    if (v.name === "autocommit") {
      const on = text !== "0";
      if (on) commit(session);
      session.autocommit = on;
    }
    report(reportedBy(v, changed));
  }
  return ok(0, "", 0, { variables: reported.map((n) => [n, shownText(systemVariable(n), sessionText(session, systemVariable(n)))] as const) });
}
