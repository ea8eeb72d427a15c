// The lexer reads back exactly what the clients' escaping wrote, for any string; the parser turns
// any input into a statement or a SqlError, never a crash.
import { fc, test } from "@fast-check/vitest";
import mysql from "mysql2";
import { describe, expect } from "vitest";
import { SqlError } from "./errors.ts";
import { tokenize } from "./lexer.ts";
import { parse } from "./parser.ts";

const seed = process.env.FC_SEED && process.env.FC_SEED !== "random" ? Number(process.env.FC_SEED) : 20261124;
const numRuns = Number(process.env.FC_RUNS ?? 500);
const params = { seed, numRuns };

/** Strings rich in what escaping must get right. */
const nasty = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("'", '"', "\\", "\0", "\n", "\r", "\t", "\x1a", "\b", "%", "_", "`", "😀", "é", "中", "\u2028", "\ufeff", "--", "/*", "#") },
    { weight: 5, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 40,
});

/** PyMySQL's escape_string: backslash-escapes \\0 \\n \\r \\x1a ' " and backslash. */
function pymysqlEscape(s: string): string {
  return `'${s.replace(/[\0\n\r\x1a'"\\]/g, (c) => ({ "\0": "\\0", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z", "'": "\\'", '"': '\\"', "\\": "\\\\" })[c]!)}'`;
}

describe("lexer", () => {
  test.prop([nasty], params)("reads back mysql2.escape(s) as s", (s) => {
    const tokens = tokenize(mysql.escape(s));
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatchObject({ kind: "string", value: s });
  });

  test.prop([nasty], params)("reads back PyMySQL-style escaping as s", (s) => {
    expect(tokenize(pymysqlEscape(s))[0]).toMatchObject({ kind: "string", value: s });
  });

  test.prop([fc.uint8Array({ maxLength: 64 })], params)("reads back mysql2.escape(Buffer) as the same bytes", (bytes) => {
    const t = tokenize(mysql.escape(Buffer.from(bytes)))[0]!;
    expect(t.kind).toBe("hex");
    expect(Buffer.compare((t as { value: Buffer }).value, Buffer.from(bytes))).toBe(0);
  });

  test.prop([fc.array(nasty, { minLength: 1, maxLength: 5 })], params)("reads every literal of a formatted statement in order", (values) => {
    const sql = mysql.format(`INSERT INTO t (a) VALUES ${values.map(() => "(?)").join(", ")}`, values);
    const strings = tokenize(sql).filter((t) => t.kind === "string").map((t) => (t as { value: string }).value);
    expect(strings).toEqual(values);
  });

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })], params)("reads numbers as mysql2 prints them", (x) => {
    const tokens = tokenize(`SELECT ${mysql.escape(x)}`).filter((t) => t.kind !== "eof");
    const text = tokens.slice(1).map((t) => (t as { value: string }).value).join("");
    expect(Number(text)).toBe(x === 0 ? 0 : x);
  });
});

describe("parser", () => {
  const soup = fc.array(
    fc.oneof(
      fc.constantFrom("SELECT", "INSERT", "INTO", "VALUES", "FROM", "WHERE", "CREATE", "TABLE", "(", ")", ",", "=", "OR", "AND", "CAST", "AS", "BINARY", "LIMIT", "`t`", "_id", "*", "'x'", "1", "NULL", "VECTOR", "JSON", "SET", "SHOW", "TABLES", "LIKE", ";", "X'00'", "DROP", "IF", "EXISTS", "UPDATE", "DELETE"),
      nasty,
    ),
    { maxLength: 20 },
  );
  test.prop([fc.oneof(soup.map((p) => p.join(" ")), nasty)], params)("returns a statement or throws SqlError for any input", (sql) => {
    try {
      parse(sql);
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
    }
  });
});
