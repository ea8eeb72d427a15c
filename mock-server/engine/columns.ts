// Columns: seekdb's column types with the wire metadata seekdb 1.4 sends for each (measured: type
// code, charset, length, flags), how a value is stored in one (with seekdb's errors), and how
// values compare in an index on one.
import type { ColumnDef, Expr } from "../sql/ast.ts";
import { dataTooLong, SqlError, unsupported } from "../sql/errors.ts";
import { toBytes, toJson, toNumber, toText, toVector, type SqlValue } from "./values.ts";
import {
  CHARSET_BINARY,
  CHARSET_UTF8MB4_BIN,
  CHARSET_UTF8MB4_GENERAL_CI,
  FLAG_BINARY,
  FLAG_BLOB,
  FLAG_NOT_NULL,
  FLAG_TIMESTAMP,
  type WireColumn,
} from "./wire-types.ts";

export type ColumnKind = "binary" | "text" | "json" | "vector" | "timestamp" | "integer" | "double";

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  /** As DESCRIBE shows it: varbinary(512), string, VECTOR(3), json, char(32), timestamp. */
  readonly typeText: string;
  /** Bytes for binary columns, characters for text columns. */
  readonly maxLength?: number;
  readonly dimension?: number;
  readonly notNull: boolean;
  readonly default?: Expr;
  readonly onUpdateNow: boolean;
  readonly comment?: string;
  readonly wire: WireColumn;
}

/** Integer types as DESCRIBE and SHOW CREATE TABLE print them, with MySQL's display widths (measured). */
const INTEGER_TYPE_TEXT: Readonly<Record<string, string>> = { INT: "int(11)", INTEGER: "int(11)", BIGINT: "bigint(20)", TINYINT: "tinyint(4)", SMALLINT: "smallint(6)" };

/** A column from its definition; `keyFlags` are the wire flags of the keys it is part of. */
export function columnFromDef(def: ColumnDef, keyFlags: number): Column {
  const t = def.type;
  const arg = (i: number) => {
    const n = Number(t.args[i]);
    if (!Number.isInteger(n) || n < 0) throw unsupported(`column ${def.name} ${t.name}(${t.args.join(",")})`);
    return n;
  };
  const notNull = def.notNull || def.primaryKey;
  const flags = (notNull ? FLAG_NOT_NULL : 0) | keyFlags;
  const base = { name: def.name, notNull, onUpdateNow: def.onUpdateCurrentTimestamp, ...(def.default ? { default: def.default } : {}), ...(def.comment !== undefined ? { comment: def.comment } : {}) };
  switch (t.name) {
    case "VARBINARY":
    case "BINARY": {
      const n = arg(0);
      return { ...base, kind: "binary", typeText: `${t.name.toLowerCase()}(${n})`, maxLength: n, wire: { type: t.name === "BINARY" ? 254 : 253, charset: CHARSET_BINARY, length: n, flags: flags | FLAG_BINARY, decimals: 0 } };
    }
    case "BLOB":
    case "LONGBLOB":
    case "MEDIUMBLOB":
      return { ...base, kind: "binary", typeText: t.name.toLowerCase(), wire: { type: 252, charset: CHARSET_BINARY, length: 4294967295, flags: flags | FLAG_BLOB | FLAG_BINARY, decimals: 0 } };
    case "CHAR":
    case "VARCHAR": {
      const n = t.args.length ? arg(0) : 1;
      return { ...base, kind: "text", typeText: `${t.name.toLowerCase()}(${n})`, maxLength: n, wire: { type: t.name === "CHAR" ? 254 : 253, charset: CHARSET_UTF8MB4_GENERAL_CI, length: n * 4, flags, decimals: 0 } };
    }
    case "STRING":
    case "TEXT":
    case "MEDIUMTEXT":
    case "LONGTEXT":
    case "TINYTEXT":
    case "SPARSEVECTOR":
      return { ...base, kind: "text", typeText: t.name.toLowerCase(), wire: { type: 252, charset: CHARSET_UTF8MB4_GENERAL_CI, length: t.name === "LONGTEXT" ? 4294967295 : 16777215, flags: flags | FLAG_BLOB, decimals: 0 } };
    case "JSON":
      return { ...base, kind: "json", typeText: "json", wire: { type: 245, charset: CHARSET_BINARY, length: 4294967295, flags: flags | FLAG_BLOB | FLAG_BINARY, decimals: 0 } };
    case "VECTOR": {
      const d = arg(0);
      if (d < 1 || d > 16000) throw new SqlError(1210, "HY000", "Invalid argument");
      return { ...base, kind: "vector", typeText: `VECTOR(${d})`, dimension: d, wire: { type: 254, charset: CHARSET_UTF8MB4_BIN, length: 536870911, flags: flags | FLAG_BINARY, decimals: 0 } };
    }
    case "TIMESTAMP":
    case "DATETIME":
      return { ...base, kind: "timestamp", typeText: t.name.toLowerCase(), wire: { type: t.name === "TIMESTAMP" ? 7 : 12, charset: CHARSET_BINARY, length: 19, flags: flags | FLAG_BINARY | (t.name === "TIMESTAMP" ? FLAG_TIMESTAMP : 0), decimals: 0 } };
    case "INT":
    case "INTEGER":
    case "BIGINT":
    case "TINYINT":
    case "SMALLINT":
      return { ...base, kind: "integer", typeText: INTEGER_TYPE_TEXT[t.name]!, wire: { type: t.name === "BIGINT" ? 8 : 3, charset: CHARSET_BINARY, length: 20, flags: flags | FLAG_BINARY, decimals: 0 } };
    case "DOUBLE":
    case "FLOAT":
      return { ...base, kind: "double", typeText: t.name.toLowerCase(), wire: { type: t.name === "FLOAT" ? 4 : 5, charset: CHARSET_BINARY, length: 22, flags: flags | FLAG_BINARY, decimals: 31 } };
    default:
      throw unsupported(`column type ${t.name}`);
  }
}

const weights = new Map<string, string>();

/**
 * A character's weight under utf8mb4_general_ci (measured): letters by their upper case, a letter
 * with accents as its base letter (é = e, ǎ = a, İ = i, й = и), ß = s, every character beyond the
 * BMP alike (😀 = 😁); no expansions (Æ ≠ AE, ﬀ ≠ ff, ǅ ≠ DZ) and no width folding (Ａ ≠ A).
 */
function weight(ch: string): string {
  let w = weights.get(ch);
  if (w !== undefined) return w;
  const cp = ch.codePointAt(0)!;
  if (cp > 0xffff) w = "\ufffd";
  else if (ch === "ß") w = "S";
  else {
    const decomposed = ch.normalize("NFD");
    const base = decomposed.length > 1 && /^[\u0300-\u036f]+$/.test(decomposed.slice(1)) ? decomposed[0]! : ch;
    const upper = base.toUpperCase();
    w = upper.length === 1 ? upper : base;
  }
  weights.set(ch, w);
  return w;
}

/** Each character of `s` by its utf8mb4_general_ci weight. */
export function foldText(s: string): string {
  // most text is ASCII: its weights are its upper case
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  let out = "";
  for (const ch of s) out += weight(ch);
  return out;
}

/** Text as utf8mb4_general_ci compares it: each character by its weight, trailing spaces ignored (PAD SPACE). */
export function collationKey(s: string): string {
  return foldText(s.replace(/ +$/, ""));
}

/** The key under which a value is unique in an index on this column. */
export function indexKey(column: Column, v: Exclude<SqlValue, null>): string {
  switch (column.kind) {
    case "binary":
      return toBytes(v).toString("latin1");
    case "text":
      return collationKey(toText(v));
    default:
      return toText(v);
  }
}

/**
 * `s` in a string of its own. A literal is cut out of its statement's text, and V8 keeps a cut of 13
 * characters or more as a pointer into the whole text: a stored 'document 12345' held its whole
 * INSERT alive (measured with `npm run bench`: 250-row INSERTs of VECTOR(384) rows kept ~2.4 KB of
 * statement text per stored row, 451 MiB per 100k rows in all). Joining flattens it into a copy.
 */
function ownText(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/** Converts a value into what the column stores, with seekdb's errors. `row` is 1-based. */
export function storeValue(column: Column, v: SqlValue, row: number): SqlValue {
  if (v === null) return null;
  switch (column.kind) {
    case "binary": {
      const b = toBytes(v);
      if (column.maxLength !== undefined && b.length > column.maxLength) throw dataTooLong(column.name, row);
      return b;
    }
    case "text": {
      const s = toText(v);
      if (column.maxLength !== undefined && [...s].length > column.maxLength) throw dataTooLong(column.name, row);
      return ownText(s);
    }
    case "json":
      return toJson(v);
    case "vector":
      return toVector(v, column.dimension!);
    case "timestamp":
      if (v instanceof Date) return v;
      {
        const d = new Date(toText(v).replace(" ", "T"));
        if (Number.isNaN(d.getTime())) throw new SqlError(1292, "22007", `Incorrect datetime value: '${toText(v)}' for column '${column.name}' at row ${row}`);
        return d;
      }
    case "integer":
      return typeof v === "bigint" ? v : BigInt(Math.trunc(toNumber(v)));
    case "double":
      return toNumber(v);
  }
}

/** A column's default as DESCRIBE prints it: the value of a literal, else the expression's text. */
export function defaultText(c: Column): string | null {
  const d = c.default!;
  if (d.k === "lit") return d.lit.t === "null" ? null : d.lit.t === "string" || d.lit.t === "number" ? d.lit.v : null;
  return exprText(d);
}

/** A column's DEFAULT clause as SHOW CREATE TABLE prints it: literals quoted, expressions in parentheses. */
export function defaultClause(c: Column): string {
  const d = c.default!;
  if (d.k === "keyword") return "DEFAULT CURRENT_TIMESTAMP";
  if (d.k === "lit") return d.lit.t === "null" ? "DEFAULT NULL" : `DEFAULT ${quoteText(defaultText(c) ?? "")}`;
  return `DEFAULT (${exprText(d)})`;
}

/** A string quoted as seekdb prints it in SHOW CREATE TABLE (backslash before quotes and backslashes). */
export const quoteText = (s: string): string => `'${s.replace(/[\\']/g, "\\$&")}'`;

/** A default expression as seekdb prints it (measured: `replace(uuid(),'-','')`). */
function exprText(e: Expr): string {
  switch (e.k) {
    case "keyword":
      return e.word;
    case "lit": {
      const l = e.lit;
      return l.t === "string" ? quoteText(l.v) : l.t === "number" ? l.v : l.t === "bool" ? (l.v ? "1" : "0") : l.t === "hex" ? `0x${l.v.toString("hex")}` : "NULL";
    }
    case "call":
      return `${e.fn.toLowerCase()}(${e.star ? "*" : e.args.map(exprText).join(",")})`;
    case "col":
      return `\`${e.name}\``;
    default:
      return "(expression)";
  }
}
