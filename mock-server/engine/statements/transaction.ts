// BEGIN / START TRANSACTION / COMMIT / ROLLBACK [WORK]. Starting one ends the one open first.
import type { StatementOf } from "../../sql/ast.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";
import { commit, rollback } from "../transactions.ts";

export function transaction(stmt: StatementOf<"transaction">, { session }: StatementContext): ExecResult {
  if (stmt.word === "ROLLBACK") rollback(session);
  else commit(session);
  if (stmt.word === "BEGIN" || stmt.word === "START") session.tx = new Map();
  return ok();
}
