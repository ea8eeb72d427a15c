// A small SQL lexer for the MySQL dialect the SDKs emit: mysql2/PyMySQL-escaped string literals
// (backslash escapes and doubled quotes), X'..' and 0x.. hex literals, backquoted identifiers,
// numbers, comments. General SQL parsers reject seekdb's dialect (VECTOR(3), WITH(...), STRING,
// ORGANIZATION = HEAP), so this is hand-written and fuzzed (mock-server/sql/lexer.test.ts).
import { SqlError, syntaxError } from "./errors.ts";

export type Token =
  | { readonly kind: "ident"; readonly value: string; readonly quoted: boolean; readonly pos: number }
  | { readonly kind: "string"; readonly value: string; readonly pos: number }
  | { readonly kind: "hex"; readonly value: Buffer; readonly pos: number }
  | { readonly kind: "number"; readonly value: string; readonly pos: number }
  | { readonly kind: "punct"; readonly value: string; readonly pos: number }
  | { readonly kind: "variable"; readonly value: string; readonly pos: number }
  /** The end of the statement; `unlexable` when the text from `pos` on is no token (the parser fails there, if not before). */
  | { readonly kind: "eof"; readonly pos: number; readonly unlexable?: true };

/** Text no token starts with, at `pos`: seekdb's syntax error quoting the text from there on. */
class Unlexable extends SqlError {
  constructor(
    sql: string,
    readonly pos: number,
  ) {
    const e = syntaxError(sql, pos);
    super(e.errno, e.sqlState, e.message);
  }
}

const unlexable = (sql: string, pos: number) => new Unlexable(sql, pos);

/**
 * A quote, backquote, X' or comment opened at `start` and never closed: seekdb quotes the text
 * after its opener (after blanks too, for a comment), or the opener itself when nothing follows (measured).
 */
function unterminated(sql: string, start: number, openerLength: number, skipBlanks = false): Unlexable {
  let pos = start + openerLength;
  if (skipBlanks) while (pos < sql.length && /\s/.test(sql[pos]!)) pos++;
  return unlexable(sql, sql.slice(pos).trim() === "" ? start : pos);
}

const PUNCT3 = ["<=>"];
const PUNCT2 = ["<=", ">=", "<>", "!=", "||", "&&", ":=", "->"];
const PUNCT1 = "(),;.=<>*+-/%!@:?{}[]&|^~";

/** MySQL's backslash escapes in string literals; any other escaped character stands for itself. */
const ESCAPES: Record<string, string> = { "0": "\0", b: "\b", n: "\n", r: "\r", t: "\t", Z: "\x1a", "\\": "\\", "'": "'", '"': '"' };

const SPACE = 1;
const IDENT_START = 2;
const IDENT_PART = 4;
/** Character classes of ASCII: identifiers are [A-Za-z_$][A-Za-z0-9_$]*, and any non-ASCII character. */
const CLASS = new Uint8Array(128);
for (const ch of " \t\n\r\f\v") CLASS[ch.charCodeAt(0)] = SPACE;
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) CLASS[c] = IDENT_START | IDENT_PART;
  else if (/[0-9]/.test(ch)) CLASS[c] = IDENT_PART;
}

const isIdentStart = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The string literal opening at `i` (a ' or "): its value with MySQL's backslash escapes and
 * doubled quotes resolved, and the index after its closing quote. Throws 1064 if unterminated.
 */
function readQuoted(sql: string, i: number): [string, number] {
  const quote = sql[i]!;
  const n = sql.length;
  let out = "";
  let j = i + 1;
  while (j < n) {
    const ch = sql[j]!;
    if (ch === "\\") {
      if (j + 1 >= n) break;
      const e = sql[j + 1]!;
      out += ESCAPES[e] ?? e;
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[j + 1] === quote) {
        out += quote;
        j += 2;
        continue;
      }
      return [out, j + 1];
    }
    // copy the run of ordinary characters up to the next quote or backslash at once
    let q = sql.indexOf(quote, j + 1);
    let b = sql.indexOf("\\", j + 1);
    if (q < 0) q = n;
    if (b < 0) b = n;
    const k = q < b ? q : b;
    out += sql.slice(j, k);
    j = k;
  }
  throw unterminated(sql, i, 1); // unterminated string literal
}

/** Receives tokens as the lexer finds them (no token objects unless the sink makes them). */
export interface TokenSink {
  /** An identifier at [start, end); `quoted` holds the name of a backquoted one. */
  ident(start: number, end: number, quoted?: string): void;
  literal(kind: "string", value: string, start: number, end: number): void;
  literal(kind: "number", value: string, start: number, end: number): void;
  literal(kind: "hex", value: Buffer, start: number, end: number): void;
  punct(value: string, pos: number): void;
  variable(value: string, pos: number): void;
}

class TokenList implements TokenSink {
  readonly tokens: Token[] = [];
  constructor(private readonly sql: string) {}
  ident(start: number, end: number, quoted?: string): void {
    this.tokens.push({ kind: "ident", value: quoted ?? this.sql.slice(start, end), quoted: quoted !== undefined, pos: start });
  }
  literal(kind: "string" | "number" | "hex", value: string | Buffer, pos: number): void {
    this.tokens.push({ kind, value, pos } as Token);
  }
  punct(value: string, pos: number): void {
    this.tokens.push({ kind: "punct", value, pos });
  }
  variable(value: string, pos: number): void {
    this.tokens.push({ kind: "variable", value, pos });
  }
}

/**
 * The tokens of `sql`, ending with an eof token. Text that is no token ends the list there, as an
 * unlexable eof: seekdb's parser reads tokens as it goes, so an error before it is reported first.
 */
export function tokenize(sql: string): Token[] {
  const list = new TokenList(sql);
  try {
    scan(sql, list);
  } catch (e) {
    if (!(e instanceof Unlexable)) throw e;
    list.tokens.push({ kind: "eof", pos: e.pos, unlexable: true });
    return list.tokens;
  }
  list.tokens.push({ kind: "eof", pos: sql.length });
  return list.tokens;
}

/** Lexes `sql`, handing each token to `sink`; throws SqlError 1064. */
export function scan(sql: string, sink: TokenSink): void {
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    // The common cases first, by a class table: whitespace, then words (not X'..' hex literals).
    const cls = c < 128 ? CLASS[c]! : IDENT_START | IDENT_PART;
    if (cls & SPACE) {
      i++;
      continue;
    }
    if (cls & IDENT_START && !((c === 88 || c === 120) && sql.charCodeAt(i + 1) === 39)) {
      let j = i + 1;
      while (j < n) {
        const d = sql.charCodeAt(j);
        if (d < 128 && !(CLASS[d]! & IDENT_PART)) break;
        j++;
      }
      sink.ident(i, j);
      i = j;
      continue;
    }
    // comments: -- (followed by space/control/end), #, /* */
    if (c === 45 && sql.charCodeAt(i + 1) === 45 && (i + 2 >= n || sql.charCodeAt(i + 2) <= 32)) {
      while (i < n && sql[i] !== "\n") i++;
      continue;
    }
    if (c === 35) {
      while (i < n && sql[i] !== "\n") i++;
      continue;
    }
    if (c === 47 && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end < 0) throw unterminated(sql, i, 2, true); // unterminated comment
      i = end + 2;
      continue;
    }
    const start = i;
    // hex literals: X'0A1b' and 0x0A1b
    if ((c === 88 || c === 120) && sql[i + 1] === "'") {
      const end = sql.indexOf("'", i + 2);
      if (end < 0) throw unterminated(sql, i, 2); // unterminated hex literal
      const hex = sql.slice(i + 2, end);
      if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw unlexable(sql, i); // not whole bytes
      i = end + 1;
      sink.literal("hex", Buffer.from(hex, "hex"), start, i);
      continue;
    }
    if (c === 48 && (sql[i + 1] === "x" || sql[i + 1] === "X") && /[0-9a-fA-F]/.test(sql[i + 2] ?? "")) {
      let j = i + 2;
      while (j < n && /[0-9a-fA-F]/.test(sql[j]!)) j++;
      if (j < n && isIdentPart(sql.charCodeAt(j))) {
        // 0x1g is an identifier in MySQL; fall through to identifiers below
      } else {
        let hex = sql.slice(i + 2, j);
        if (hex.length % 2 !== 0) hex = `0${hex}`;
        sink.literal("hex", Buffer.from(hex, "hex"), start, j);
        i = j;
        continue;
      }
    }
    // strings
    if (c === 39 || c === 34) {
      const [value, end] = readQuoted(sql, i);
      sink.literal("string", value, start, end);
      i = end;
      continue;
    }
    // backquoted identifiers
    if (c === 96) {
      let out = "";
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf("`", j);
        if (end < 0) throw unterminated(sql, i, 1); // unterminated quoted identifier
        out += sql.slice(j, end);
        if (sql[end + 1] === "`") {
          out += "`";
          j = end + 2;
          continue;
        }
        j = end + 1;
        break;
      }
      sink.ident(start, j, out);
      i = j;
      continue;
    }
    // numbers: 12, 1.5, .5, 1e10, 1.5E-3
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i;
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
      if (sql[j] === ".") {
        j++;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
      }
      if ((sql[j] === "e" || sql[j] === "E") && (isDigit(sql.charCodeAt(j + 1)) || ((sql[j + 1] === "+" || sql[j + 1] === "-") && isDigit(sql.charCodeAt(j + 2))))) {
        j += 2;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
      }
      // "1abc" is an identifier in MySQL, not a number followed by a word
      if (j < n && isIdentStart(sql.charCodeAt(j)) && !sql.slice(i, j).includes(".")) {
        let k = j;
        while (k < n && isIdentPart(sql.charCodeAt(k))) k++;
        sink.ident(start, k);
        i = k;
        continue;
      }
      sink.literal("number", sql.slice(i, j), start, j);
      i = j;
      continue;
    }
    // @var and @@var
    if (c === 64) {
      let j = i + 1;
      if (sql[j] === "@") j++;
      const nameStart = j;
      while (j < n && (isIdentPart(sql.charCodeAt(j)) || sql[j] === ".")) j++;
      if (j > nameStart) {
        sink.variable(sql.slice(i, j), start);
        i = j;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(sql.charCodeAt(j))) j++;
      sink.ident(start, j);
      i = j;
      continue;
    }
    if (c === 40 || c === 41 || c === 44 || c === 46 || c === 59 || c === 42) {
      // ( ) , . ; * — the common single-character punctuation, without slicing
      sink.punct(sql[i]!, start);
      i++;
      continue;
    }
    const three = sql.slice(i, i + 3);
    if (PUNCT3.includes(three)) {
      sink.punct(three, start);
      i += 3;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      sink.punct(two, start);
      i += 2;
      continue;
    }
    if (PUNCT1.includes(sql[i]!)) {
      sink.punct(sql[i]!, start);
      i++;
      continue;
    }
    throw unlexable(sql, i); // a character no token starts with
  }
}
