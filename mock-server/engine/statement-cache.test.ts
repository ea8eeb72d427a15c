// The statement cache changes nothing but speed: random sequences of the statements the SDKs send,
// with random literals (quotes, backslashes, multi-byte UTF-8, X'..' bytes, numbers, NULL), give
// the same results and errors on an engine that reads statements through its cache and on one that
// parses every statement afresh.
import { fc, test } from "@fast-check/vitest";
import mysql from "mysql2";
import { describe, expect } from "vitest";
import { SqlError } from "../sql/errors.ts";
import { parse } from "../sql/parser.ts";
import { Engine } from "./engine.ts";
import type { ExecResult } from "./result.ts";
import type { SessionState } from "./session.ts";

const seed = process.env.FC_SEED && process.env.FC_SEED !== "random" ? Number(process.env.FC_SEED) : 20261124;
const numRuns = Number(process.env.FC_RUNS ?? 200);

/** Two collection tables and a catalog table; a collection table may be re-created with another primary key. */
const TABLES = ["`c$v2$aaaa`", "`c$v2$bbbb`"];
const CATALOG = "`sdk_collections`";
const collectionTable = (t: string, key: "_id" | "document") =>
  `CREATE TABLE ${t} (_id VARBINARY(512)${key === "_id" ? " PRIMARY KEY NOT NULL" : ""}, document ${key === "document" ? "VARCHAR(64) PRIMARY KEY" : "STRING"}, embedding VECTOR(3), metadata JSON, FULLTEXT INDEX idx_fts (document) WITH PARSER ik, VECTOR INDEX idx_vec (embedding) WITH(distance=l2, type=hnsw, lib=vsag)) ORGANIZATION = HEAP`;

const catalogTable = (defaultName: string | null) =>
  mysql.format(`CREATE TABLE IF NOT EXISTS ${CATALOG} (collection_id VARBINARY(512) PRIMARY KEY, collection_name STRING DEFAULT ?, settings JSON, UNIQUE INDEX idx_name(collection_name))`, [defaultName]);
const SETUP = [collectionTable(TABLES[0]!, "_id"), collectionTable(TABLES[1]!, "document"), catalogTable(null)];

const text = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("'", '"', "\\", "\0", "\n", "%", "_", "é", "中", "😀", "a", "A", " ") },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 8,
});
/** Mostly ids that recur, so that statements meet rows written before. */
const id = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("a", "b", "A", "a ", "é", "it's", "back\\slash", "😀") }, { weight: 1, arbitrary: text });
const bytes = fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b));
const number = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const literal = fc.oneof(text, bytes, number, fc.constant(null));
/** Mostly valid JSON (metadata as seekdb-js writes it), sometimes not. */
const json = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom("k", "tag", "a b", "é"), fc.oneof(fc.integer({ min: 0, max: 3 }), text)).map((o) => JSON.stringify(o)) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: text },
);
/** Mostly vectors of the right length, as seekdb-js's text and pyseekdb's float32 bytes, sometimes not. */
const vector = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.float({ noNaN: true }), { minLength: 3, maxLength: 3 }).map((v) => `[${v.join(",")}]`) },
  { weight: 3, arbitrary: fc.array(fc.float(), { minLength: 3, maxLength: 3 }).map((v) => Buffer.from(new Float32Array(v).buffer)) },
  { weight: 1, arbitrary: fc.oneof(text, fc.array(fc.float(), { maxLength: 4 }).map((v) => Buffer.from(new Float32Array(v).buffer))) },
);
const table = fc.constantFrom(...TABLES);
const ids = fc.array(id, { minLength: 1, maxLength: 3 });
const byIds = (n: number) => `(${Array.from({ length: n }, () => "_id = CAST(? AS BINARY)").join(" OR ")})`;

/** Scans reading only the key (rows in key order) or more (insertion order), depending on the table. */
const columns = fc.constantFrom("_id", "document", "_id, document");

/** seekdb-js's batch INSERT of add(): one statement, one to three rows. */
const insert = (t: string) =>
  fc.array(fc.tuple(id, fc.option(text), fc.option(json), vector), { minLength: 1, maxLength: 3 }).map((rows) =>
    mysql.format(`INSERT INTO ${t} (_id, document, metadata, embedding) VALUES ${rows.map(() => "(CAST(? AS BINARY), ?, ?, ?)").join(", ")}`, rows.flat()),
  );

const w = (weight: number, arbitrary: fc.Arbitrary<string>) => ({ weight, arbitrary: arbitrary.map((sql) => [sql]) });

/** A statement as the SDKs write it (a form and the values mysql2 escapes into it), or a few. */
const statements: fc.Arbitrary<string[]> = fc.oneof(
  // a collection's life cycle, as seekdb-js and pyseekdb send it; a collection re-created (with another key), filled and read
  {
    weight: 3,
    arbitrary: fc
      .tuple(table, fc.constantFrom<"_id" | "document">("_id", "document"), columns)
      .chain(([t, key, cols]) => fc.array(insert(t), { minLength: 1, maxLength: 3 }).map((inserts) => [`DROP TABLE IF EXISTS ${t}`, collectionTable(t, key), ...inserts, `SELECT ${cols} FROM ${t}`])),
  },
  w(1, table.map((t) => `DROP TABLE IF EXISTS ${t}`)),
  w(6, table.chain(insert)),
  w(3, fc.tuple(table, ids).map(([t, v]) => mysql.format(`SELECT _id, document, metadata, embedding FROM ${t} WHERE ${byIds(v.length)}`, v))),
  w(2, fc.tuple(table, fc.nat(3), fc.nat(2)).map(([t, limit, offset]) => `SELECT _id, document, metadata, embedding FROM ${t} LIMIT ${limit} OFFSET ${offset}`)),
  w(3, fc.tuple(table, columns).map(([t, cols]) => `SELECT ${cols} FROM ${t}`)),
  w(2, fc.tuple(table, fc.constantFrom("$.k", "$.tag", '$."a b"', "$[0]", "k"), literal).map(([t, path, v]) => mysql.format(`SELECT _id FROM ${t} WHERE JSON_EXTRACT(metadata, ?) = ?`, [path, v]))),
  w(2, fc.tuple(table, fc.option(text), fc.option(json), fc.option(vector), id).map(([t, d, m, e, i]) => mysql.format(`UPDATE ${t} SET document = ?, metadata = ?, embedding = ? WHERE _id = CAST(? AS BINARY)`, [d, m, e, i]))),
  w(2, fc.tuple(table, fc.option(text), id).map(([t, d, i]) => mysql.format(`UPDATE ${t} SET document = ? WHERE _id = CAST(? AS BINARY)`, [d, i]))),
  w(1, fc.tuple(table, ids).map(([t, v]) => mysql.format(`DELETE FROM ${t} WHERE ${byIds(v.length)}`, v))),
  w(1, table.map((t) => `SELECT COUNT(*) as cnt FROM ${t}`)),
  w(1, fc.oneof(table, text).map((p) => mysql.format("SHOW TABLES LIKE ?", [p.replaceAll("`", "")]))),
  // the collections' catalog
  w(1, fc.option(text).map(catalogTable)),
  w(2, fc.tuple(id, fc.option(text), json).map(([i, n, j]) => mysql.format(`INSERT INTO ${CATALOG} (collection_id, collection_name, settings) VALUES (?, ?, ?)`, [i, n, j]))),
  w(1, fc.tuple(text, fc.nat(2)).map(([n, l]) => mysql.format(`SELECT collection_id FROM ${CATALOG} WHERE collection_name = ? ORDER BY collection_id DESC LIMIT ${l}`, [n]))),
  w(1, text.map((n) => mysql.format(`DELETE FROM ${CATALOG} WHERE collection_name = ?`, [n]))),
  // literals the result depends on (labels), variables, transactions
  w(1, fc.tuple(literal, literal).map(([a, b]) => mysql.format("SELECT ?, ? AS labelled", [a, b]))),
  w(1, literal.map((a) => mysql.format("SET @v = ?", [a]))),
  w(1, fc.constant("SELECT @v AS v")),
  w(1, fc.constantFrom("BEGIN", "COMMIT", "ROLLBACK")),
);

type Outcome = { readonly result: ExecResult } | { readonly error: readonly [number, string, string] };

function outcome(run: () => ExecResult): Outcome {
  try {
    return { result: run() };
  } catch (e) {
    if (e instanceof SqlError) return { error: [e.errno, e.sqlState, e.message] };
    throw e;
  }
}

const session = (): SessionState => ({ db: "test", variables: new Map(), user: "root" });

describe("statement cache", () => {
  test.prop([fc.array(statements, { minLength: 1, maxLength: 40, size: "max" })], { seed, numRuns })("cached and uncached execution give the same results and errors", (script) => {
    const cached = new Engine();
    const uncached = new Engine();
    const s1 = session();
    const s2 = session();
    for (const [n, sql] of [...SETUP, ...script.flat()].entries()) {
      const viaCache = outcome(() => cached.execute(sql, s1));
      const fresh = outcome(() => {
        const p = parse(sql);
        return uncached.run(p.statement, s2, p.params);
      });
      expect(viaCache, `statement ${n}: ${sql}`).toEqual(fresh);
    }
  });
});
