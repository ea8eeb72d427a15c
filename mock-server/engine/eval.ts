// Expression evaluation with the MySQL semantics the SDKs rely on: NULL propagation, binary
// comparison for CAST(.. AS BINARY), case-insensitive text comparison (utf8mb4_general_ci),
// JSON_EXTRACT comparisons for metadata filters.
import { randomUUID } from "node:crypto";
import type { Expr, Literal } from "../sql/ast.ts";
import { collationKey, type Row } from "./catalog.ts";
import { SqlError, unknownColumn } from "../sql/errors.ts";
import { parseJson, type JsonNode } from "./json.ts";
import { JsonValue, toBytes, toNumber, toText, type SqlValue } from "./values.ts";

export const SERVER_VERSION = "5.7.25-OceanBase seekdb-v1.4.0.0";

export interface SessionState {
  db: string | null;
  readonly variables: Map<string, SqlValue>;
  readonly user: string;
  /** The client asked for CLIENT_FOUND_ROWS: UPDATE reports matched rather than changed rows. */
  readonly foundRows?: boolean;
  /** SET autocommit = 0: every change opens a transaction that COMMIT or ROLLBACK ends. */
  autocommit?: boolean;
  /** The open transaction: for each row it touched, the row before its first change (undefined: absent). */
  tx?: Map<import("./catalog.ts").Table, Map<string, import("./catalog.ts").Row | undefined>>;
}

/** Anything with named columns: a stored table, or a virtual one (SHOW INDEX, information_schema). */
export interface ColumnSource {
  columnIndex(name: string): number;
}

export interface EvalContext {
  readonly session: SessionState;
  /** The statement's literals, for `param` nodes. */
  readonly params: readonly Literal[];
  readonly table?: ColumnSource;
  readonly row?: Row;
  /** Where an unknown column was referenced, for error 1054. */
  readonly clause: string;
}

const TRUE = 1n;
const FALSE = 0n;

export function literalValue(lit: Literal): SqlValue {
  switch (lit.t) {
    case "null":
      return null;
    case "string":
      return lit.v;
    case "hex":
      return lit.v;
    case "bool":
      return lit.v ? TRUE : FALSE;
    case "number":
      return /^-?\d+$/.test(lit.v) && lit.v.length < 19 ? BigInt(lit.v) : Number(lit.v);
  }
}

export function truth(v: SqlValue): boolean | null {
  if (v === null) return null;
  if (typeof v === "bigint") return v !== 0n;
  if (v instanceof JsonValue) {
    const n = v.node;
    return !(n === false || n === 0n || n === 0);
  }
  return toNumber(v) !== 0;
}

function jsonCompare(a: JsonNode, b: JsonNode): number | null {
  if (a === null || b === null) return a === b ? 0 : null;
  const num = (x: JsonNode) => (typeof x === "bigint" ? Number(x) : typeof x === "number" ? x : undefined);
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return JSON.stringify(toPlainLoose(a)) === JSON.stringify(toPlainLoose(b)) ? 0 : null;
}
function toPlainLoose(v: JsonNode): unknown {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toPlainLoose);
  if (v instanceof Map) return Object.fromEntries([...v].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, toPlainLoose(x)]));
  return v;
}

/** A SQL scalar as a JSON node, for comparisons with JSON values. */
function asJsonNode(v: Exclude<SqlValue, null>): JsonNode {
  if (v instanceof JsonValue) return v.node;
  if (typeof v === "bigint" || typeof v === "number") return v;
  return toText(v);
}

/** -1/0/1, or null when either side is NULL. */
export function compare(a: SqlValue, b: SqlValue): number | null {
  if (a === null || b === null) return null;
  if (a instanceof JsonValue || b instanceof JsonValue) return jsonCompare(asJsonNode(a), asJsonNode(b));
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Math.sign(Buffer.compare(toBytes(a), toBytes(b)));
  const isNum = (x: unknown) => typeof x === "number" || typeof x === "bigint";
  if (isNum(a) || isNum(b)) {
    if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Date || b instanceof Date) {
    const x = a instanceof Date ? a.getTime() : new Date(toText(a).replace(" ", "T")).getTime();
    const y = b instanceof Date ? b.getTime() : new Date(toText(b).replace(" ", "T")).getTime();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = collationKey(toText(a));
  const y = collationKey(toText(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, caseInsensitive ? "iu" : "u");
}

export function like(value: SqlValue, pattern: SqlValue): SqlValue {
  if (value === null || pattern === null) return null;
  const binary = Buffer.isBuffer(value) || Buffer.isBuffer(pattern);
  return likeRegex(toText(pattern), !binary).test(toText(value)) ? TRUE : FALSE;
}

/** `$`, `$.a.b`, `$."a b"`, `$[0]`, `$.a[1].b` */
function jsonPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  let i = 1;
  if (path[0] !== "$") throw new SqlError(3143, "42000", `Invalid JSON path expression. The error is around character position ${1}.`);
  while (i < path.length) {
    if (path[i] === ".") {
      i++;
      if (path[i] === '"') {
        const end = path.indexOf('"', i + 1);
        if (end < 0) throw new SqlError(3143, "42000", `Invalid JSON path expression. The error is around character position ${i}.`);
        steps.push(path.slice(i + 1, end));
        i = end + 1;
      } else {
        const m = /^[A-Za-z_$][\w$]*|^\*/.exec(path.slice(i));
        if (!m) throw new SqlError(3143, "42000", `Invalid JSON path expression. The error is around character position ${i}.`);
        steps.push(m[0]);
        i += m[0].length;
      }
    } else if (path[i] === "[") {
      const end = path.indexOf("]", i);
      const n = Number(path.slice(i + 1, end));
      if (end < 0 || !Number.isInteger(n)) throw new SqlError(3143, "42000", `Invalid JSON path expression. The error is around character position ${i}.`);
      steps.push(n);
      i = end + 1;
    } else if (path[i] === " ") i++;
    else throw new SqlError(3143, "42000", `Invalid JSON path expression. The error is around character position ${i}.`);
  }
  return steps;
}

function jsonExtract(doc: SqlValue, path: SqlValue): SqlValue {
  if (doc === null || path === null) return null;
  let node: JsonNode | undefined = doc instanceof JsonValue ? doc.node : parseJson(toText(doc));
  for (const step of jsonPath(toText(path))) {
    if (typeof step === "number") node = Array.isArray(node) ? node[step] : step === 0 ? node : undefined;
    else node = node instanceof Map ? node.get(step) : undefined;
    if (node === undefined) return null;
  }
  return new JsonValue(node);
}

function callFunction(fn: string, args: SqlValue[], e: Extract<Expr, { k: "call" }>, ctx: EvalContext): SqlValue {
  const arity = (n: number) => {
    if (args.length !== n) throw new SqlError(1582, "42000", `Incorrect parameter count in the call to native function '${fn}'`);
  };
  switch (fn) {
    case "VERSION":
      arity(0);
      return SERVER_VERSION;
    case "DATABASE":
    case "SCHEMA":
      arity(0);
      return ctx.session.db;
    case "USER":
    case "CURRENT_USER":
      return `${ctx.session.user}@%`;
    case "UUID":
      arity(0);
      return randomUUID();
    case "NOW":
    case "CURRENT_TIMESTAMP":
      return new Date(Math.floor(Date.now() / 1000) * 1000);
    case "REPLACE":
      arity(3);
      if (args.some((a) => a === null)) return null;
      return toText(args[0]!).split(toText(args[1]!)).join(toText(args[2]!));
    case "LOWER":
    case "LCASE":
      arity(1);
      return args[0] === null ? null : toText(args[0]!).toLowerCase();
    case "UPPER":
    case "UCASE":
      arity(1);
      return args[0] === null ? null : toText(args[0]!).toUpperCase();
    case "LENGTH":
      arity(1);
      return args[0] === null ? null : BigInt(toBytes(args[0]!).length);
    case "CHAR_LENGTH":
      arity(1);
      return args[0] === null ? null : BigInt([...toText(args[0]!)].length);
    case "CONCAT":
      return args.some((a) => a === null) ? null : args.map((a) => toText(a!)).join("");
    case "IFNULL":
      arity(2);
      return args[0] ?? args[1]!;
    case "COALESCE":
      return args.find((a) => a !== null) ?? null;
    case "JSON_EXTRACT":
      if (args.length < 2) arity(2);
      return jsonExtract(args[0]!, args[1]!);
    case "JSON_UNQUOTE":
      arity(1);
      if (args[0] === null) return null;
      if (args[0] instanceof JsonValue) return typeof args[0].node === "string" ? args[0].node : toText(args[0]);
      return toText(args[0]!).replace(/^"(.*)"$/s, "$1");
    case "HEX":
      arity(1);
      return args[0] === null ? null : toBytes(args[0]!).toString("hex").toUpperCase();
    default:
      throw new SqlError(1305, "42000", `FUNCTION ${ctx.session.db ?? "test"}.${e.fn.toLowerCase()} does not exist`);
  }
}

export function evaluate(e: Expr, ctx: EvalContext): SqlValue {
  switch (e.k) {
    case "lit":
      return literalValue(e.lit);
    case "param":
      return literalValue(ctx.params[e.slot]!);
    case "keyword":
      return new Date(Math.floor(Date.now() / 1000) * 1000);
    case "col": {
      if (!ctx.table || !ctx.row) throw unknownColumn(e.name, ctx.clause);
      const i = ctx.table.columnIndex(e.name);
      if (i < 0) throw unknownColumn(e.table ? `${e.table}.${e.name}` : e.name, ctx.clause);
      return ctx.row[i] ?? null;
    }
    case "var": {
      const name = e.name.replace(/^@@(session\.|global\.)?/i, "@@").toLowerCase();
      if (name === "@@version") return SERVER_VERSION;
      return ctx.session.variables.get(name) ?? null;
    }
    case "call":
      if (e.fn === "COUNT") throw new SqlError(1111, "HY000", "Invalid use of group function");
      return callFunction(e.fn, e.args.map((a) => evaluate(a, ctx)), e, ctx);
    case "cast": {
      const v = evaluate(e.expr, ctx);
      if (v === null) return null;
      switch (e.to) {
        case "BINARY":
        case "VARBINARY":
          return toBytes(v);
        case "CHAR":
        case "VARCHAR":
        case "NCHAR":
          return toText(v);
        case "SIGNED":
        case "INTEGER":
        case "UNSIGNED":
          return BigInt(Math.trunc(toNumber(v)));
        case "DOUBLE":
        case "FLOAT":
        case "DECIMAL":
          return toNumber(v);
        case "JSON":
          return v instanceof JsonValue ? v : new JsonValue(parseJson(toText(v)));
        default:
          throw new SqlError(1064, "42000", `You have an error in your SQL syntax; CAST to ${e.to} is not supported by the seekdb mock server`);
      }
    }
    case "bin": {
      if (e.op === "AND") {
        const l = truth(evaluate(e.l, ctx));
        if (l === false) return FALSE;
        const r = truth(evaluate(e.r, ctx));
        if (r === false) return FALSE;
        return l === null || r === null ? null : TRUE;
      }
      if (e.op === "OR") {
        const l = truth(evaluate(e.l, ctx));
        if (l === true) return TRUE;
        const r = truth(evaluate(e.r, ctx));
        if (r === true) return TRUE;
        return l === null || r === null ? null : FALSE;
      }
      const l = evaluate(e.l, ctx);
      const r = evaluate(e.r, ctx);
      if (e.op === "<=>") return (l === null && r === null) || compare(l, r) === 0 ? TRUE : FALSE;
      if (["+", "-", "*", "/", "%"].includes(e.op)) {
        if (l === null || r === null) return null;
        const x = toNumber(l);
        const y = toNumber(r);
        switch (e.op) {
          case "+":
            return x + y;
          case "-":
            return x - y;
          case "*":
            return x * y;
          case "/":
            return y === 0 ? null : x / y;
          default:
            return y === 0 ? null : x % y;
        }
      }
      const c = compare(l, r);
      if (c === null) return null;
      switch (e.op) {
        case "=":
          return c === 0 ? TRUE : FALSE;
        case "!=":
          return c !== 0 ? TRUE : FALSE;
        case "<":
          return c < 0 ? TRUE : FALSE;
        case "<=":
          return c <= 0 ? TRUE : FALSE;
        case ">":
          return c > 0 ? TRUE : FALSE;
        case ">=":
          return c >= 0 ? TRUE : FALSE;
        default:
          throw new SqlError(1064, "42000", `You have an error in your SQL syntax; operator ${e.op} is not supported by the seekdb mock server`);
      }
    }
    case "not": {
      const t = truth(evaluate(e.e, ctx));
      return t === null ? null : t ? FALSE : TRUE;
    }
    case "neg": {
      const v = evaluate(e.e, ctx);
      return v === null ? null : typeof v === "bigint" ? -v : -toNumber(v);
    }
    case "isnull": {
      const isNull = evaluate(e.e, ctx) === null;
      return isNull !== e.not ? TRUE : FALSE;
    }
    case "in": {
      const v = evaluate(e.e, ctx);
      if (v === null) return null;
      let sawNull = false;
      for (const item of e.list) {
        const c = compare(v, evaluate(item, ctx));
        if (c === 0) return e.not ? FALSE : TRUE;
        if (c === null) sawNull = true;
      }
      return sawNull ? null : e.not ? TRUE : FALSE;
    }
    case "like": {
      const r = like(evaluate(e.e, ctx), evaluate(e.pattern, ctx));
      return r === null ? null : e.not ? (r === TRUE ? FALSE : TRUE) : r;
    }
  }
}
