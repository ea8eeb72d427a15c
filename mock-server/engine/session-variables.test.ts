// Variables: SET x (or @@x, @@session.x) is read back as @@x and @@session.x; @x is a user
// variable of its own. Types as seekdb sends them (an integer is a BIGINT; measured).
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.ts";
import type { ExecResult } from "./result.ts";
import { BIGINT_WIRE } from "./wire-types.ts";

const values = (r: ExecResult) => (r.kind === "rows" ? r.rows : []);

describe("session variables", () => {
  it("reads a system variable back as SET gave it, under @@x and @@session.x", () => {
    const engine = new Engine();
    const s = { db: "test", variables: new Map(), user: "root" };
    engine.execute("SET ob_query_timeout = 10000000", s);
    const r = engine.execute("SELECT @@ob_query_timeout, @@session.ob_query_timeout AS t", s);
    expect(values(r)).toEqual([[10000000n, 10000000n]]);
    expect(r.kind === "rows" && r.columns.map((c) => [c.name, c.wire])).toEqual([
      ["@@ob_query_timeout", BIGINT_WIRE],
      ["t", BIGINT_WIRE],
    ]);
    engine.execute("SET @@session.ob_query_timeout = 5", s);
    expect(values(engine.execute("SELECT @@OB_QUERY_TIMEOUT", s))).toEqual([[5n]]);
    engine.execute("SET @ob_query_timeout = 7", s);
    expect(values(engine.execute("SELECT @ob_query_timeout, @@ob_query_timeout", s))).toEqual([[7n, 5n]]);
  });
});

describe("system variables as seekdb has them", () => {
  it("reads defaults before any SET, refuses unknown, global-only and read-only ones with seekdb's errors", () => {
    const engine = new Engine();
    const s = { db: "test", variables: new Map(), user: "root" };
    expect(values(engine.execute("SELECT @@autocommit, @@sql_mode, @@time_zone", s))).toEqual([[1n, "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_AUTO_CREATE_USER", "+08:00"]]);
    const errno = (sql: string) => {
      try {
        engine.execute(sql, s);
        return 0;
      } catch (e) {
        return (e as { errno: number }).errno;
      }
    };
    expect([errno("SELECT @@nosuch"), errno("SET nosuch = 1"), errno("SET activate_all_roles_on_login = 0"), errno("SET auto_generate_certs = 1"), errno("SET max_allowed_packet = 1")]).toEqual([1193, 1193, 1229, 1238, 1621]);
  });

  it("reports in the session state what seekdb reports: tracked variables always, others when they change", () => {
    const engine = new Engine();
    const s = { db: "test", variables: new Map(), user: "root" };
    const state = (sql: string) => {
      const r = engine.execute(sql, s);
      return r.kind === "ok" ? r.sessionState : undefined;
    };
    expect(state("SET time_zone = '+08:00'")).toEqual({ variables: [["time_zone", "+08:00"]] });
    expect(state("SET ob_query_timeout = 10000000")).toEqual({ variables: [] });
    expect(state("SET autocommit = 0")).toEqual({ variables: [["autocommit", "OFF"]] });
    expect(state("USE test")).toEqual({ variables: [["character_set_database", "utf8mb4"], ["collation_database", "utf8mb4_general_ci"]], schema: "test" });
  });
});
