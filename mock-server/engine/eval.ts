// Expression evaluation with the MySQL semantics the SDKs rely on: NULL propagation, binary
// comparison for CAST(.. AS BINARY), case-insensitive text comparison (utf8mb4_general_ci),
// JSON_EXTRACT comparisons for metadata filters. Comparisons live in compare.ts, functions in
// functions.ts.
import type { Expr, Literal } from "../sql/ast.ts";
import { SqlError, unknownColumn } from "../sql/errors.ts";
import type { Catalog, Row } from "./catalog.ts";
import type { ExecResult } from "./result.ts";
import { compare, like } from "./compare.ts";
import type { MatchScorer } from "./fulltext/match.ts";
import { regexpLike } from "./regexp.ts";
import { callFunction } from "./functions.ts";
import { instanceValue, readValue, systemVariable } from "./system-variables.ts";
import { AS_ARGUMENT, parseJson } from "./json.ts";
import type { SessionState } from "./session.ts";
import { FALSE, JsonValue, TRUE, toBytes, toJson, toNumber, toText, type SqlValue } from "./values.ts";

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
  readonly fulltext?: ReadonlyMap<Expr, MatchScorer> | undefined;
  /** SET GLOBAL values, for @@global.x. */
  readonly globalVariables?: ReadonlyMap<string, string | null> | undefined;
  /** For functions that read the catalog or run SQL (DBMS_HYBRID_SEARCH). */
  readonly catalog?: Catalog | undefined;
  readonly runSql?: ((sql: string) => ExecResult) | undefined;
  readonly hiddenRowIds?: ReadonlyMap<Row, number> | undefined;
}

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

/**
 * TRUE and FALSE compared with a JSON value are JSON booleans (measured: `JSON_EXTRACT(m, '$.f') =
 * true` matches {"f": true} and not {"f": 1}; `= 1` matches neither), elsewhere the integers 1 and 0.
 */
function asJsonBoolean(e: Expr, v: SqlValue, other: SqlValue): SqlValue {
  return other instanceof JsonValue && e.k === "lit" && e.lit.t === "bool" ? new JsonValue(e.lit.v) : v;
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
      if (ctx.hiddenRowIds && e.name.toLowerCase() === "__pk_increment") return BigInt(ctx.hiddenRowIds.get(ctx.row) ?? 0);
      const i = ctx.table.columnIndex(e.name);
      if (i < 0) throw unknownColumn(e.table ? `${e.table}.${e.name}` : e.name, ctx.clause);
      return ctx.row[i] ?? null;
    }
    case "var": {
      // @x is a user variable; @@x, @@session.x and @@local.x the session's system variable x, @@global.x the server's.
      if (!e.name.startsWith("@@")) return ctx.session.variables.get(e.name.toLowerCase()) ?? null;
      const m = /^@@(?:(global|session|local)\.)?(.*)$/i.exec(e.name)!;
      const v = systemVariable(m[2]!);
      const text =
        m[1]?.toLowerCase() === "global" ? (ctx.globalVariables?.has(v.name) ? ctx.globalVariables.get(v.name)! : v.value) : ctx.session.systemVariables?.has(v.name) ? ctx.session.systemVariables.get(v.name)! : v.value;
      return readValue(v, text ?? instanceValue(v.name, ctx.session.serverPort ?? 2881));
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
          // A number becomes a JSON number as it is (exact); only text is read as JSON text.
          if (v instanceof JsonValue || typeof v === "number" || typeof v === "bigint") return toJson(v);
          return new JsonValue(parseJson(toText(v), AS_ARGUMENT));
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
      const l0 = evaluate(e.l, ctx);
      const r0 = evaluate(e.r, ctx);
      const l = asJsonBoolean(e.l, l0, r0);
      const r = asJsonBoolean(e.r, r0, l0);
      if (e.op === "<=>") return (l === null && r === null) || compare(l, r) === 0 ? TRUE : FALSE;
      if (["+", "-", "*", "/", "%"].includes(e.op)) {
        if (l === null || r === null) return null;
        // integers stay integers (BIGINT) under + - * and % (measured: TRUE + 1 is BIGINT)
        if (typeof l === "bigint" && typeof r === "bigint" && e.op !== "/") {
          if (e.op === "+") return l + r;
          if (e.op === "-") return l - r;
          if (e.op === "*") return l * r;
          return r === 0n ? null : l % r;
        }
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
        const c = compare(v, asJsonBoolean(item, evaluate(item, ctx), v));
        if (c === 0) return e.not ? FALSE : TRUE;
        if (c === null) sawNull = true;
      }
      return sawNull ? null : e.not ? TRUE : FALSE;
    }
    case "match": {
      const scorer = ctx.fulltext?.get(e);
      if (!scorer || !ctx.row) throw new SqlError(1191, "HY000", "Can't find FULLTEXT index matching the column list");
      return scorer.score(ctx.row);
    }
    case "regexp": {
      const v = evaluate(e.e, ctx);
      const p = evaluate(e.pattern, ctx);
      const r = regexpLike(v, e.binary && p !== null ? toBytes(p) : p);
      return r === null ? null : e.not ? (r === TRUE ? FALSE : TRUE) : r;
    }
    case "like": {
      const r = like(evaluate(e.e, ctx), evaluate(e.pattern, ctx));
      return r === null ? null : e.not ? (r === TRUE ? FALSE : TRUE) : r;
    }
  }
}
