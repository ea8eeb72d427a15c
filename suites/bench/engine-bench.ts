// The engine alone, without sockets: the statements of a seekdb-js upsert of a new id (a SELECT by
// id that finds nothing, then a one-row INSERT), as text, with a new id each time.
import { Engine } from "../../mock-server/index.ts";
import type { Measurement } from "./model-bench.ts";

const TABLE = "`c$v2$0123456789abcdef0123456789abcdef`";
const CREATE = `CREATE TABLE ${TABLE} (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(3), metadata JSON, FULLTEXT INDEX idx_fts (document) WITH PARSER ik, VECTOR INDEX idx_vec (embedding) WITH(distance=l2, type=hnsw, lib=vsag)) ORGANIZATION = HEAP`;

/** Rounds of `roundPairs` pairs, each on a fresh table (so that rounds measure alike); the best and the median round. */
export function engineSelectInsertPairs(rounds = 7, roundPairs = 50_000): Measurement {
  const engine = new Engine();
  const session = { db: "test", variables: new Map(), user: "root" };
  const pairs = (n: number) => {
    engine.execute(`DROP TABLE IF EXISTS ${TABLE}`, session);
    engine.execute(CREATE, session);
    for (let i = 0; i < n; i++) {
      engine.execute(`SELECT _id, document, metadata, embedding FROM ${TABLE} WHERE (_id = CAST('id-${i}' AS BINARY))`, session);
      engine.execute(`INSERT INTO ${TABLE} (_id, document, metadata, embedding) VALUES (CAST('id-${i}' AS BINARY), 'doc ${i}', '{\\"i\\":${i}}', '[1,2,${i}]')`, session);
    }
  };
  pairs(roundPairs); // warm-up: JIT
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    pairs(roundPairs);
    rates.push(roundPairs / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const best = rates[rates.length - 1]!;
  return { name: "engine: SELECT-by-id + INSERT pairs", value: best, unit: "pairs/s", detail: `best of ${rounds} rounds of ${roundPairs} pairs (median ${Math.round(rates[Math.floor(rounds / 2)]!)})` };
}
