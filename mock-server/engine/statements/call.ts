// CALL of the procedures the SDKs call: dbms_index_manager.refresh() (refresh_index in both SDKs:
// the vector indexes take in every pending row, vector-index.ts), answered as seekdb answers it (measured).
import type { StatementOf } from "../../sql/ast.ts";
import { mockLimit, SqlError, unknownDatabase } from "../../sql/errors.ts";
import type { StatementContext } from "../context.ts";
import { ok, type ExecResult } from "../result.ts";
import { shownText, systemVariable } from "../system-variables.ts";
import { refreshVectorIndexes } from "../vector-index.ts";
import { sessionText } from "./set.ts";

/** seekdb's system packages the mock answers, and the procedures of each it knows with their argument counts. */
const PACKAGES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  dbms_index_manager: { refresh: 0 },
};

export function call(stmt: StatementOf<"call">, { catalog, session }: StatementContext): ExecResult {
  const pkg = stmt.name.db?.toLowerCase();
  const proc = stmt.name.name.toLowerCase();
  if (pkg !== undefined && pkg in PACKAGES) {
    const arity = PACKAGES[pkg]![proc];
    if (arity === undefined) throw new SqlError(1305, "42000", `procedure ${pkg}.${proc} does not exist`);
    if (stmt.args.length !== arity) throw new SqlError(1318, "42000", "Incorrect number of arguments");
    refreshVectorIndexes(catalog);
    // a procedure runs with the session's sql_mode, client character set and database collation, and
    // seekdb reports them, and the schema once after a USE (measured; whether seekdb does varies
    // with state outside the session, so the probes do not compare it: maskSchema)
    const variables = ["sql_mode", "character_set_client", "collation_database"].map((n) => {
      const v = systemVariable(n);
      return [n, shownText(v, sessionText(session, v))] as const;
    });
    const schema = session.usedDatabase && session.db ? session.db : undefined;
    session.usedDatabase = false;
    return ok(0, "", 0, { variables, ...(schema !== undefined ? { schema } : {}) });
  }
  if (pkg?.startsWith("dbms_")) throw mockLimit(`CALL ${pkg}.${proc}`);
  const db = pkg ?? session.db;
  if (db === undefined || db === null) throw new SqlError(1046, "3D000", "No database selected");
  if (!catalog.database(db)) throw unknownDatabase(db);
  // the mock has no stored procedures
  throw new SqlError(1305, "42000", `procedure ${db.toLowerCase()}.${proc} does not exist`);
}
