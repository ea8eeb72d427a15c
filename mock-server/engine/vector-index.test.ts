// The vector index's lag as the mock plays it (vector-index.ts; measured on seekdb 1.4 by
// suites/fidelity/index-lag.real.test.ts): an approximate search through the index misses a row
// inserted or re-vectored within the lag, until the lag passes or CALL dbms_index_manager.refresh()
// runs; a delete, or an update that keeps the vector, shows at once; an exact scan sees everything.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Engine } from "./engine.ts";

const LAG = 200;
const COLLECTION = "CREATE TABLE t (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(2), metadata JSON, VECTOR INDEX idx_vec (embedding) WITH(distance=l2, type=hnsw, lib=vsag)) ORGANIZATION = HEAP";
const APPROXIMATE = "SELECT _id FROM t ORDER BY l2_distance(embedding, '[0,0]') APPROXIMATE LIMIT 10";
const EXACT = "SELECT _id FROM t ORDER BY l2_distance(embedding, '[0,0]') LIMIT 10";

function engine(lagMs = LAG) {
  const e = new Engine(["test"], { vectorIndexLagMs: lagMs });
  const s = { db: "test", variables: new Map(), user: "root" };
  const run = (sql: string) => e.execute(sql, s);
  const ids = (sql: string) => {
    const r = run(sql);
    return r.kind === "rows" ? r.rows.map((row) => (row[0] as Buffer).toString()) : [];
  };
  run(COLLECTION);
  return { run, ids };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the vector index's lag", () => {
  it("keeps an inserted row out of approximate searches until the lag has passed; an exact scan sees it at once", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { run, ids } = engine();
    run("INSERT INTO t (_id, embedding) VALUES (CAST('a' AS BINARY), '[1,0]')");
    expect(ids(APPROXIMATE)).toEqual([]);
    expect(ids(EXACT)).toEqual(["a"]);
    vi.advanceTimersByTime(LAG - 1);
    expect(ids(APPROXIMATE)).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ids(APPROXIMATE)).toEqual(["a"]);
  });

  it("takes every row in at CALL dbms_index_manager.refresh()", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { run, ids } = engine();
    run("INSERT INTO t (_id, embedding) VALUES (CAST('a' AS BINARY), '[1,0]'), (CAST('b' AS BINARY), '[2,0]')");
    expect(run("CALL dbms_index_manager.refresh()")).toMatchObject({ kind: "ok", affectedRows: 0 });
    expect(ids(APPROXIMATE)).toEqual(["a", "b"]);
  });

  it("drops a re-vectored row until the lag passes, keeps one whose vector did not change, and drops a deleted one at once", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { run, ids } = engine();
    run("INSERT INTO t (_id, embedding) VALUES (CAST('a' AS BINARY), '[1,0]'), (CAST('b' AS BINARY), '[2,0]'), (CAST('c' AS BINARY), '[3,0]')");
    run("CALL dbms_index_manager.refresh()");
    run("UPDATE t SET embedding = '[0.5,0]' WHERE _id = CAST('b' AS BINARY)");
    run("UPDATE t SET embedding = '[3,0]', metadata = '{}' WHERE _id = CAST('c' AS BINARY)");
    run("DELETE FROM t WHERE _id = CAST('a' AS BINARY)");
    expect(ids(APPROXIMATE)).toEqual(["c"]);
    expect(ids(EXACT)).toEqual(["b", "c"]);
    vi.advanceTimersByTime(LAG);
    expect(ids(APPROXIMATE)).toEqual(["b", "c"]);
  });

  it("follows a row to a new _id without losing its place in the index", () => {
    const { run, ids } = engine(60_000);
    run("INSERT INTO t (_id, embedding) VALUES (CAST('a' AS BINARY), '[1,0]')");
    run("CALL dbms_index_manager.refresh()");
    run("UPDATE t SET _id = CAST('z' AS BINARY) WHERE _id = CAST('a' AS BINARY)");
    expect(ids(APPROXIMATE)).toEqual(["z"]);
  });

  it("is synchronous with a lag of 0; a row without a vector is never in the index", () => {
    const { run, ids } = engine(0);
    run("INSERT INTO t (_id, embedding) VALUES (CAST('a' AS BINARY), '[1,0]'), (CAST('n' AS BINARY), NULL)");
    expect(ids(APPROXIMATE)).toEqual(["a"]);
    expect(ids(EXACT)).toEqual(["n", "a"]);
  });

  it("refuses CALLs of other procedures: seekdb's 1305/1318 in the package it knows, the mock's limit (9500) in other system packages", () => {
    const { run } = engine();
    expect(() => run("CALL dbms_index_manager.rebuild()")).toThrow(/procedure dbms_index_manager.rebuild does not exist/);
    expect(() => run("CALL dbms_index_manager.refresh(1)")).toThrow(/Incorrect number of arguments/);
    expect(() => run("CALL dbms_vector.refresh_index('idx_vec', 't')")).toThrow(/cannot answer CALL dbms_vector.refresh_index/);
  });
});
