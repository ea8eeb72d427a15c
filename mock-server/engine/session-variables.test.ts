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
