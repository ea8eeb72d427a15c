// Row order without ORDER BY, as measured on seekdb 1.4 (spec/findings.md): an index-organized
// table (the default) is scanned in key order; a HEAP table in heap order, except a scan that
// reads only primary-key columns (key order). In a HEAP table an UPDATE keeps a row's place,
// unless it sets a vector-indexed column: then the rows it changes go to the end.
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.ts";

const session = () => ({ db: "test", variables: new Map(), user: "root" });

function engineWith(...statements: string[]) {
  const engine = new Engine();
  const s = session();
  for (const sql of statements) engine.execute(sql, s);
  return {
    run: (sql: string) => engine.execute(sql, s),
    firstColumn: (sql: string) => {
      const r = engine.execute(sql, s);
      return r.kind === "rows" ? r.rows.map((row) => (Buffer.isBuffer(row[0]) ? row[0].toString() : row[0])) : [];
    },
  };
}

const COLLECTION = "CREATE TABLE t (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(3), metadata JSON, VECTOR INDEX idx_vec (embedding) WITH(distance=l2, type=hnsw, lib=vsag)) ORGANIZATION = HEAP";
const insert = (...ids: string[]) => ids.map((id) => `INSERT INTO t (_id, document, embedding) VALUES (CAST('${id}' AS BINARY), 'd', '[1,2,3]')`);

describe("row order", () => {
  it("follows the table's current primary key when a table is re-created under the same name", () => {
    const { run, firstColumn } = engineWith("CREATE TABLE t (a INT PRIMARY KEY, b INT) ORGANIZATION HEAP", "INSERT INTO t VALUES (2, 1), (1, 2)");
    expect(firstColumn("SELECT a FROM t")).toEqual([1n, 2n]); // only the key: key order
    run("DROP TABLE t");
    run("CREATE TABLE t (a INT, b INT PRIMARY KEY) ORGANIZATION HEAP");
    run("INSERT INTO t VALUES (1, 2), (2, 1)");
    expect(firstColumn("SELECT a FROM t")).toEqual([1n, 2n]); // not the key any more: heap order
  });

  it("scans an index-organized table (the default) in key order, by the key's values", () => {
    const { firstColumn } = engineWith("CREATE TABLE t (a INT PRIMARY KEY, b INT)", "INSERT INTO t VALUES (10, 1), (9, 2), (100, 3)");
    expect(firstColumn("SELECT a, b FROM t")).toEqual([9n, 10n, 100n]);
  });

  it("moves the rows an UPDATE of a vector-indexed column changes to the end of heap order, in the order it changed them", () => {
    const { run, firstColumn } = engineWith(COLLECTION, ...insert("m", "c", "z", "a", "b"));
    run("UPDATE t SET document = 'x' WHERE _id = CAST('m' AS BINARY)");
    expect(firstColumn("SELECT _id, document FROM t")).toEqual(["m", "c", "z", "a", "b"]);
    run("UPDATE t SET embedding = '[1,2,3]', metadata = '{}' WHERE _id = CAST('m' AS BINARY)"); // same vector, but the row changes
    run("UPDATE t SET embedding = X'0000803f0000803f0000803f' WHERE _id IN (CAST('z' AS BINARY), CAST('c' AS BINARY))");
    expect(firstColumn("SELECT _id, document FROM t")).toEqual(["a", "b", "m", "c", "z"]);
    run("UPDATE t SET embedding = '[1,2,3]' WHERE _id = CAST('a' AS BINARY)"); // changes nothing: stays
    expect(firstColumn("SELECT _id, document FROM t LIMIT 2 OFFSET 0")).toEqual(["a", "b"]);
    expect(firstColumn("SELECT _id FROM t")).toEqual(["a", "b", "c", "m", "z"]);
  });

  it("keeps a row's place when an UPDATE changes its primary key", () => {
    const { run, firstColumn } = engineWith(COLLECTION, ...insert("m", "c", "z"));
    run("UPDATE t SET _id = CAST('y' AS BINARY) WHERE _id = CAST('c' AS BINARY)");
    expect(firstColumn("SELECT _id, document FROM t")).toEqual(["m", "y", "z"]);
  });
});
