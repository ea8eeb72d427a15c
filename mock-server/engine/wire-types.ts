// The column metadata the wire carries (type code, charset, length, flags, decimals), chosen as
// seekdb 1.4 chooses it (measured with the fidelity probes): for stored columns by their type
// (columns.ts), for computed ones here. The protocol layer writes whatever it is given.
import type { Expr } from "../sql/ast.ts";
import { SYSTEM_VARIABLES } from "./system-variables.ts";
import { JsonValue, type SqlValue } from "./values.ts";
import { DISTANCE_FUNCTIONS } from "./vector-functions.ts";

/** Column definition as the MySQL protocol describes it. */
export interface WireColumn {
  readonly type: number;
  readonly charset: number;
  readonly length: number;
  readonly flags: number;
  readonly decimals: number;
}

export const CHARSET_BINARY = 63;
export const CHARSET_UTF8MB4_GENERAL_CI = 45;
export const CHARSET_UTF8MB4_BIN = 46;

export const FLAG_NOT_NULL = 1;
export const FLAG_PRIMARY_KEY = 2;
export const FLAG_UNIQUE_KEY = 4;
export const FLAG_BLOB = 16;
export const FLAG_BINARY = 128;
export const FLAG_TIMESTAMP = 1024;
export const FLAG_PART_KEY = 16384;

/** VARCHAR text of up to `length` bytes: the columns of SHOW and DESCRIBE results. */
export const textWire = (length: number): WireColumn => ({ type: 253, charset: CHARSET_UTF8MB4_GENERAL_CI, length, flags: 0, decimals: 0 });
export const BIGINT_WIRE: WireColumn = { type: 8, charset: CHARSET_BINARY, length: 20, flags: FLAG_BINARY, decimals: 0 };
/** LONGTEXT, as SHOW CREATE TABLE sends its statement. */
export const LONGTEXT_WIRE: WireColumn = { type: 252, charset: CHARSET_UTF8MB4_GENERAL_CI, length: 4294967295, flags: FLAG_NOT_NULL | FLAG_BLOB, decimals: 0 };

const DOUBLE_WIRE: WireColumn = { type: 5, charset: CHARSET_BINARY, length: 23, flags: FLAG_BINARY, decimals: 31 };

/** A computed value's column, by the value's type. */
export function wireForValue(v: SqlValue): WireColumn {
  if (typeof v === "bigint") return BIGINT_WIRE;
  if (typeof v === "number") return DOUBLE_WIRE;
  if (Buffer.isBuffer(v)) return { type: 253, charset: CHARSET_BINARY, length: 16384, flags: FLAG_BINARY, decimals: 0 };
  if (v instanceof JsonValue) return { type: 245, charset: CHARSET_BINARY, length: 4294967295, flags: FLAG_BLOB | FLAG_BINARY, decimals: 0 };
  if (v instanceof Date) return { type: 12, charset: CHARSET_BINARY, length: 19, flags: FLAG_BINARY, decimals: 0 };
  return textWire(16384);
}

/**
 * seekdb types a comparison, JSON_VALID and JSON_OVERLAPS as INT(1), LIKE as BIGINT(1) and a
 * vector distance as DOUBLE, NULL or not (measured); the rest by value.
 */
export function wireForExpr(e: Expr | "*", sample: SqlValue): WireColumn {
  if (e !== "*") {
    if (e.k === "call" && DISTANCE_FUNCTIONS.has(e.fn)) return DOUBLE_WIRE;
    if ((e.k === "bin" && ["=", "!=", "<", "<=", ">", ">=", "<=>", "AND", "OR"].includes(e.op)) || e.k === "isnull" || e.k === "in" || e.k === "not" || (e.k === "call" && (e.fn === "JSON_VALID" || e.fn === "JSON_OVERLAPS"))) {
      return { type: 3, charset: CHARSET_BINARY, length: 1, flags: FLAG_BINARY, decimals: 0 };
    }
    if (e.k === "regexp") return { type: 3, charset: CHARSET_BINARY, length: 1, flags: FLAG_BINARY, decimals: 0 };
    // REGEXP_LIKE is TINYINT (measured), the REGEXP operator INT
    if (e.k === "call" && e.fn === "REGEXP_LIKE") return { type: 1, charset: CHARSET_BINARY, length: 1, flags: FLAG_BINARY, decimals: 0 };
    if (e.k === "like") return { type: 8, charset: CHARSET_BINARY, length: 1, flags: FLAG_BINARY, decimals: 0 };
    // GET_SQL is LONGTEXT, SEARCH JSON (measured)
    if (e.k === "call" && e.fn === "DBMS_HYBRID_SEARCH.GET_SQL") return LONGTEXT_WIRE;
    if (e.k === "call" && e.fn === "DBMS_HYBRID_SEARCH.SEARCH") return { type: 245, charset: CHARSET_BINARY, length: 4294967295, flags: FLAG_BLOB | FLAG_BINARY, decimals: 0 };
    // CONNECTION_ID() is INT; @@x has the type its variable has (measured)
    if (e.k === "call" && e.fn === "CONNECTION_ID") return { type: 3, charset: CHARSET_BINARY, length: 10, flags: FLAG_BINARY, decimals: 0 };
    if (e.k === "var" && e.name.startsWith("@@")) {
      const type = SYSTEM_VARIABLES.get(e.name.replace(/^@@((global|session|local)\.)?/i, "").toLowerCase())?.type;
      if (type === 8) return BIGINT_WIRE;
      if (type === 246) return { type: 246, charset: CHARSET_BINARY, length: 65, flags: FLAG_BINARY, decimals: 30 };
      if (type === 253) return textWire(65536);
    }
    // an unset user variable is a binary NULL (measured)
    if (e.k === "var" && sample === null) return { type: 253, charset: CHARSET_BINARY, length: 0, flags: FLAG_BINARY, decimals: 0 };
    // TRUE and FALSE are TINYINT(1) (measured)
    if (e.k === "lit" && e.lit.t === "bool") return { type: 1, charset: CHARSET_BINARY, length: 1, flags: FLAG_BINARY, decimals: 0 };
  }
  return wireForValue(sample);
}
