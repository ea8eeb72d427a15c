// SQL fuzzing (fast-check, fixed seed unless FC_SEED says otherwise): 4,000 statements per run,
// sent through mysql2 (the client seekdb-js uses) to the mock in a process of its own, as `npm run
// serve` runs it. The statements are the fidelity probes' SQL and setup (suites/fidelity/probes.ts)
// and what seekdb-js sends for a collection (create, insert, get, update, delete, count), as they
// are, mutated token by token or character by character, spliced together, or random token soup.
//
// Oracle: each statement gets an answer or a seekdb error packet (a numeric errno that is not the
// mock's 4016 internal error, a five-character SQLSTATE, a message without JavaScript's words)
// within STATEMENT_TIMEOUT_MS, on a connection that stays open. After each batch the process is
// alive, a fresh connection is answered and no internal error was logged.
import fc from "fast-check";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBES } from "../fidelity/probes.ts";
import { FC_SEED } from "../properties/settings.ts";
import { startMockProcess, type MockProcess } from "./mock-process.ts";

const BATCHES = 4;
const RUNS_PER_BATCH = 125;
const STATEMENTS_PER_RUN = 8; // 4 × 125 × 8 = 4,000 statements
const STATEMENT_TIMEOUT_MS = 5000;
/** JavaScript's words, which a seekdb error message never holds. */
const JS_WORDS = /TypeError|RangeError|ReferenceError|SyntaxError: |undefined|is not a function|Cannot read prop|Maximum call stack|\bat .*\.ts:\d+/;

// ---- the corpus ----

const T = "c$v2$0123456789abcdef0123456789abcdef";
const named = (sql: string) => sql.replaceAll("{t}", "fz_t").replaceAll("{t2}", "fz_t2");
const COLLECTION = `CREATE TABLE IF NOT EXISTS \`${T}\` (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(3), metadata JSON, FULLTEXT INDEX idx_fts (document) WITH PARSER ik, VECTOR INDEX idx_vec (embedding) WITH(distance=l2, type=hnsw, lib=vsag)) ORGANIZATION = HEAP`;
/** What seekdb-js 1.4.0 sends for a collection (shared/notes/seekdb-wire.md), on table T. */
const SDK_STATEMENTS = [
  COLLECTION,
  `INSERT INTO \`${T}\` (_id, document, metadata, embedding) VALUES (CAST('a' AS BINARY), 'doc a', '{"k": 1, "tag": "x"}', '[1,2,3]'), (CAST('b' AS BINARY), NULL, NULL, '[4,5,6]')`,
  `INSERT INTO \`${T}\` (_id, document, metadata, embedding) VALUES (CAST('it\\'s \\\\ é 😀' AS BINARY), 'line\\nbreak', '{"a": [1, 2.5, null, true], "b": {"c": "d"}}', '[0.1,-2e-7,3.4e38]')`,
  `SELECT _id, document, metadata, embedding FROM \`${T}\` WHERE (_id = CAST('a' AS BINARY) OR _id = CAST('b' AS BINARY))`,
  `SELECT _id, document, metadata, embedding FROM \`${T}\` WHERE (_id = CAST('a' AS BINARY)) AND (JSON_EXTRACT(metadata, '$.k') >= 1 AND JSON_EXTRACT(metadata, '$.tag') IN ('x', 'y')) LIMIT 10 OFFSET 0`,
  `SELECT _id, document, metadata, embedding FROM \`${T}\` WHERE document LIKE '%doc%' LIMIT 5`,
  `UPDATE \`${T}\` SET document = 'new', metadata = '{"k": 2}', embedding = '[7,8,9]' WHERE _id = CAST('a' AS BINARY)`,
  `DELETE FROM \`${T}\` WHERE (_id = CAST('a' AS BINARY) OR _id = CAST('zz' AS BINARY))`,
  `SELECT COUNT(*) as cnt FROM \`${T}\``,
  `SHOW TABLES LIKE '${T}'`,
  `DESCRIBE \`${T}\``,
  `SHOW CREATE TABLE \`${T}\``,
  "SELECT collection_id, collection_name, settings, created_at, updated_at FROM sdk_collections WHERE collection_name = 'fz'",
  "SET ob_query_timeout = 1000000",
  "SELECT VERSION() AS version",
];
const CORPUS = [...new Set([...SDK_STATEMENTS, ...PROBES.flatMap((p) => [...(p.setup ?? []), p.sql]).map(named)])];

/** Tokens as a SQL lexer sees them, near enough: comments, (prefixed) strings and quoted names whole, words, operators, single characters. */
const tokens = (sql: string) => sql.match(/\/\*[\s\S]*?(?:\*\/|$)|--[^\n]*|(?:[xXbBnN]|_\w+)?'(?:[^'\\]|\\.|'')*'?|`(?:[^`]|``)*`?|"(?:[^"\\]|\\.|"")*"?|[\w$@.]+|<=>|[<>!:]=|<>|<<|>>|\S/gu) ?? [];
const VOCABULARY = [
  ...["SELECT", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "ESCAPE", "BETWEEN", "CAST", "AS", "BINARY", "CHAR", "JSON", "ORDER", "BY", "DESC", "LIMIT", "OFFSET", "GROUP", "HAVING", "DISTINCT", "UNION", "CASE", "WHEN", "THEN", "ELSE", "END", "TABLE", "CREATE", "DROP", "IF", "EXISTS", "PRIMARY", "KEY", "INDEX", "VECTOR", "DEFAULT", "BEGIN", "COMMIT", "ROLLBACK", "SHOW", "DESCRIBE", "USE"],
  ...["JSON_EXTRACT(", "COUNT(*)", "COUNT(", "LENGTH(", "CONCAT(", "replace(", "uuid()", "VERSION()", "DATABASE()", "l2_distance(", "cosine_distance(", "JSON_OBJECT(", "JSON_VALID("],
  ...["(", ")", ",", ";", "=", "<>", "!=", "<", "<=", ">", ">=", "<=>", "+", "-", "*", "/", "%", "!", "~", "&", "|", "^", "<<", ">>", ".", "?", "@", "@@", ":=", "'", '"', "`", "\\", "#", "--", "/*", "*/"],
  ...["0", "1", "-1", "2147483648", "9223372036854775807", "18446744073709551616", "1e308", "-1e-308", "1.5", ".5e3", "0x41", "X'00ff'", "b'101'", "TRUE", "FALSE", "''", "'[1,2,3]'", "'[1,2]'", "'[]'", "'[1e39,2,3]'", "'{\"a\": 1}'", "'{bad'", "'$.k'", "'$[*]'", "'%'", "'_'", "'\\''", "'é😀'", "'\\0\\Z'", "N'x'", "_utf8mb4'x'"],
  ...["_id", "document", "embedding", "metadata", "fz_t", "fz_t2", `\`${T}\``, "sdk_collections", "information_schema.tables", "@@wait_timeout", "@@session.autocommit", "@x"],
];
const NOISE_CHARS = ["'", '"', "`", "\\", "(", ")", ",", ";", " ", "\n", "\t", "\0", "\u00e9", "\u{1F600}", "\uFFFD", "%", "*", "-", "#", "/", "0", "9", "e", "x", "N"];

type Mutation =
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "duplicate"; readonly at: number }
  | { readonly kind: "swap"; readonly at: number; readonly with: number }
  | { readonly kind: "replace"; readonly at: number; readonly token: string }
  | { readonly kind: "insert"; readonly at: number; readonly token: string };

function mutateTokens(sql: string, mutations: readonly Mutation[]): string {
  const t: string[] = [...tokens(sql)];
  for (const m of mutations) {
    if (t.length === 0) t.push("SELECT");
    const at = m.at % t.length;
    if (m.kind === "delete") t.splice(at, 1);
    else if (m.kind === "duplicate") t.splice(at, 0, t[at]!);
    else if (m.kind === "swap") [t[at], t[m.with % t.length]] = [t[m.with % t.length]!, t[at]!];
    else if (m.kind === "replace") t[at] = m.token;
    else t.splice(at, 0, m.token);
  }
  return t.join(" ");
}

type CharEdit = { readonly kind: "insert"; readonly at: number; readonly text: string } | { readonly kind: "delete"; readonly at: number; readonly length: number } | { readonly kind: "truncate"; readonly at: number };

function editChars(sql: string, edits: readonly CharEdit[]): string {
  let s = sql;
  for (const e of edits) {
    const at = s.length === 0 ? 0 : e.at % (s.length + 1);
    if (e.kind === "insert") s = s.slice(0, at) + e.text + s.slice(at);
    else if (e.kind === "delete") s = s.slice(0, at) + s.slice(at + e.length);
    else s = s.slice(0, at);
  }
  return s;
}

const corpusArb = fc.constantFrom(...CORPUS);
const vocabularyArb = fc.constantFrom(...VOCABULARY);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), token: vocabularyArb }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), token: vocabularyArb }),
);
const charEditArb: fc.Arbitrary<CharEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NOISE_CHARS), fc.string({ maxLength: 4, unit: "binary" })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
);

const statementArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: corpusArb },
  { weight: 3, arbitrary: fc.tuple(corpusArb, mutationArb).map(([sql, m]) => mutateTokens(sql, [m])) },
  { weight: 3, arbitrary: fc.tuple(corpusArb, fc.array(mutationArb, { minLength: 2, maxLength: 4 })).map(([sql, ms]) => mutateTokens(sql, ms)) },
  { weight: 3, arbitrary: fc.tuple(corpusArb, fc.array(charEditArb, { minLength: 1, maxLength: 3 })).map(([sql, es]) => editChars(sql, es)) },
  { weight: 1, arbitrary: fc.tuple(corpusArb, corpusArb, fc.nat(), fc.nat()).map(([a, b, i, j]) => a.slice(0, i % (a.length + 1)) + b.slice(j % (b.length + 1))) },
  { weight: 1, arbitrary: fc.array(vocabularyArb, { minLength: 1, maxLength: 24 }).map((t) => t.join(" ")) },
);

// ---- running a statement ----

/** What the statements got: answers, and error packets by errno (shrinking's runs included). */
let answers = 0;
const errnos = new Map<number, number>();

interface SqlFailure {
  readonly errno?: number;
  readonly sqlState?: string;
  readonly message: string;
  readonly fatal?: boolean;
  readonly code?: string;
}

/** Why `sql`'s outcome is wrong, or undefined when it is an answer or a seekdb error packet. */
async function problemWith(c: mysql.Connection, sql: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), STATEMENT_TIMEOUT_MS)));
  const outcome = await Promise.race([c.query(sql).then(() => "answer" as const, (e: unknown) => e as SqlFailure), timeout]);
  clearTimeout(timer);
  if (outcome === "answer") {
    answers++;
    return undefined;
  }
  if (outcome === "hang") return `no answer within ${STATEMENT_TIMEOUT_MS} ms`;
  if (outcome.fatal || typeof outcome.errno !== "number") return `the connection failed: ${outcome.code ?? ""} ${outcome.message}`;
  if (outcome.errno === 4016) return `internal error 4016: ${outcome.message}`;
  if (!/^[0-9A-Z]{5}$/.test(outcome.sqlState ?? "")) return `SQLSTATE '${outcome.sqlState}' (errno ${outcome.errno})`;
  if (JS_WORDS.test(outcome.message)) return `JavaScript in the message: ${outcome.errno} ${outcome.message}`;
  errnos.set(outcome.errno, (errnos.get(outcome.errno) ?? 0) + 1);
  return undefined;
}

const show = (sql: string) => JSON.stringify(sql.length > 400 ? `${sql.slice(0, 400)}…` : sql);

// ---- the batches ----

let mock: MockProcess;
let connection: mysql.Connection;
let statementsRun = 0;
const connect = () => mysql.createConnection({ host: "127.0.0.1", port: mock.port, user: "root", password: "", database: "test" });

/** The database and tables the corpus names, made afresh: fuzzed DROPs (of tables, or of the database itself) and DELETEs must not starve later batches. */
async function freshTables(c: mysql.Connection): Promise<void> {
  await c.query("CREATE DATABASE IF NOT EXISTS test");
  await c.query("USE test");
  await c.query(`DROP TABLE IF EXISTS fz_t, fz_t2, \`${T}\``);
  await c.query(named(COLLECTION.replace(`\`${T}\``, "`{t}`")));
  await c.query(COLLECTION);
  await c.query(SDK_STATEMENTS[1]!);
}

beforeAll(async () => {
  mock = await startMockProcess();
  connection = await connect();
}, 60_000);

afterAll(async () => {
  await connection?.end().catch(() => undefined);
  if (mock) expect(await mock.stop()).toBe(0);
});

describe("SQL fuzzing through mysql2 (mock in its own process)", () => {
  it("the corpus is the probes' SQL and seekdb-js's statements", () => {
    expect(CORPUS.length).toBeGreaterThan(150);
    expect(CORPUS).toContain(named(PROBES[0]!.sql));
  });

  for (let batch = 0; batch < BATCHES; batch++) {
    const name = `batch ${batch + 1}/${BATCHES}: ${RUNS_PER_BATCH * STATEMENTS_PER_RUN} statements`;
    it(name, async () => {
      const seed = FC_SEED + 100 + batch;
      const started = Date.now();
      await freshTables(connection);
      const result = await fc.check(
        fc.asyncProperty(fc.array(statementArb, { minLength: STATEMENTS_PER_RUN, maxLength: STATEMENTS_PER_RUN }), async (statements) => {
          for (const [i, sql] of statements.entries()) {
            const problem = await problemWith(connection, sql);
            if (problem !== undefined) {
              // A fresh connection for what comes next (shrinking runs the property again).
              await connection.end().catch(() => undefined);
              connection = await connect();
              throw new Error(`statement ${i + 1} of ${statements.length}: ${problem}\n  sql: ${show(sql)}`);
            }
            statementsRun++;
          }
        }),
        { seed, numRuns: RUNS_PER_BATCH, ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) },
      );
      if (result.failed) {
        const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        throw new Error(`${why}\nseed ${seed}, path ${result.counterexamplePath}\nreplay: FC_SEED=${seed - 100 - batch} FC_PATH=${result.counterexamplePath} npx vitest run suites/mock-server/sql-fuzz.test.ts -t "${name}"`);
      }
      // The server is alive, answers a fresh connection, logged no failure of its own.
      const fresh = await connect();
      expect((await fresh.query("SELECT 1 AS one"))[0]).toEqual([{ one: 1 }]);
      await fresh.end();
      const stats = await mock.stats();
      expect(stats.internalErrors).toEqual([]);
      console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}; server rss ${(stats.rss / 2 ** 20).toFixed(0)} MiB`);
    }, 120_000);
  }

  it("every statement was sent and got its answer; the fuzz reaches past the parser (answers and many kinds of error)", () => {
    expect(statementsRun).toBe(BATCHES * RUNS_PER_BATCH * STATEMENTS_PER_RUN);
    const top = [...errnos].sort((a, b) => b[1] - a[1]).map(([errno, n]) => `${errno}×${n}`);
    console.log(`${statementsRun} statements: ${answers} answers; errors ${top.join(", ")}`);
    expect(answers).toBeGreaterThan(statementsRun / 20);
    expect(errnos.size).toBeGreaterThanOrEqual(8);
  });
});
