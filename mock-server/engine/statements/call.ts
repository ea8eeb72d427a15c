// CALL: the one procedure the SDKs call, dbms_index_manager.refresh() (both SDKs' refresh_index());
// any other is refused as a statement the mock does not support.
import type { StatementOf } from "../../sql/ast.ts";
import { unsupported } from "../../sql/errors.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";
import { refreshVectorIndexes } from "../vector-index.ts";

export function call(stmt: StatementOf<"call">, ctx: StatementContext): ExecResult {
  const name = `${stmt.procedure.db ?? ""}.${stmt.procedure.name}`.toLowerCase();
  if (name !== "dbms_index_manager.refresh" || stmt.args.length > 0) throw unsupported(stmt.text);
  refreshVectorIndexes(ctx.catalog);
  return ok();
}
