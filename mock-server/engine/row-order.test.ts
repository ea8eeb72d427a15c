// Row order without ORDER BY: a scan that reads only primary-key columns returns key order, any
// other scan insertion order. What a statement reads depends on the table it runs on, not on the
// statement text alone.
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.ts";

const session = () => ({ db: "test", variables: new Map(), user: "root" });

describe("row order", () => {
  it("follows the table's current primary key when a table is re-created under the same name", () => {
    const engine = new Engine();
    const s = session();
    const rowsOf = (sql: string) => {
      const r = engine.execute(sql, s);
      return r.kind === "rows" ? r.rows : [];
    };
    engine.execute("CREATE TABLE t (a INT PRIMARY KEY, b INT)", s);
    engine.execute("INSERT INTO t VALUES (2, 1), (1, 2)", s);
    expect(rowsOf("SELECT a FROM t")).toEqual([[1n], [2n]]); // only the key: key order
    engine.execute("DROP TABLE t", s);
    engine.execute("CREATE TABLE t (a INT, b INT PRIMARY KEY)", s);
    engine.execute("INSERT INTO t VALUES (1, 2), (2, 1)", s);
    expect(rowsOf("SELECT a FROM t")).toEqual([[1n], [2n]]); // not the key any more: insertion order
  });
});
