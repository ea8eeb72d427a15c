// The SQL functions the SDKs and the fidelity probes call, with seekdb's results and errors.
import { randomUUID } from "node:crypto";
import type { Expr } from "../sql/ast.ts";
import { jsonTooDeep, mockLimit, SqlError } from "../sql/errors.ts";
import { compare } from "./compare.ts";
import { hybridSearchJson, hybridSearchSql, hybridTable } from "./hybrid-search.ts";
import type { EvalContext } from "./eval.ts";
import { AS_ARGUMENT, parseJson, type JsonNode, type JsonReading } from "./json.ts";
import { regexpLike } from "./regexp.ts";
import { FALSE, JsonValue, toBytes, toText, TRUE, type SqlValue } from "./values.ts";
import { DISTANCE_FUNCTIONS, distanceFunction } from "./vector-functions.ts";

export const SERVER_VERSION = "5.7.25-OceanBase seekdb-v1.4.0.0";

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
  let node: JsonNode | undefined = doc instanceof JsonValue ? doc.node : parseJson(toText(doc), AS_ARGUMENT);
  for (const step of jsonPath(toText(path))) {
    if (typeof step === "number") node = Array.isArray(node) ? node[step] : step === 0 ? node : undefined;
    else node = node instanceof Map ? node.get(step) : undefined;
    if (node === undefined) return null;
  }
  return new JsonValue(node);
}

/** Thrown inside JSON_VALID's parse for text that is not JSON (the function answers 0). */
class NotJson extends SqlError {
  constructor() {
    super(3140, "22032", "Invalid JSON text.");
  }
}

/** JSON_VALID reads strictly (no bare-word keys) and errs on depth beyond 100 instead of answering 0 (measured). */
const FOR_JSON_VALID: JsonReading = { maxDepth: 100, bareKeys: false, invalid: () => new NotJson(), tooDeep: jsonTooDeep };

/** JSON_VALID(x): NULL for NULL, 1 for a JSON document or text that is JSON, 0 for anything else (numbers and binary strings too). */
function jsonValid(v: SqlValue): SqlValue {
  if (v === null) return null;
  if (v instanceof JsonValue) return TRUE;
  if (typeof v !== "string") return FALSE;
  try {
    parseJson(v, FOR_JSON_VALID);
    return TRUE;
  } catch (e) {
    if (e instanceof NotJson) return FALSE;
    throw e;
  }
}

/** JSON equality as JSON_OVERLAPS sees it: numbers by value (1 = 1.0), strings by bytes, containers deeply. */
function sameJson(a: JsonNode, b: JsonNode): boolean {
  const isNumber = (x: JsonNode) => typeof x === "number" || typeof x === "bigint";
  if (isNumber(a) && isNumber(b)) return typeof a === "bigint" && typeof b === "bigint" ? a === b : Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]!));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, x]) => b.has(k) && sameJson(x, b.get(k)!));
  return a === b;
}

/**
 * JSON_OVERLAPS(a, b), as pyseekdb's $eq/$in/$ne/$nin filters use it (measured): arrays share an
 * element; objects are equal or share a key with an equal value; an array and a scalar or object:
 * the array holds it; two scalars are equal. [] and [] do not overlap, {} and {} do.
 */
function jsonOverlaps(a: JsonNode, b: JsonNode): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.some((x) => b.some((y) => sameJson(x, y)));
  if (Array.isArray(a)) return a.some((x) => sameJson(x, b));
  if (Array.isArray(b)) return b.some((y) => sameJson(a, y));
  if (a instanceof Map && b instanceof Map) return sameJson(a, b) || [...a].some(([k, x]) => b.has(k) && sameJson(x, b.get(k)!));
  return sameJson(a, b);
}

/** A JSON function's argument: a document, or text read as JSON (3141); anything else is 3146. */
function jsonArgument(v: Exclude<SqlValue, null>, position: number, fn: string): JsonNode {
  if (v instanceof JsonValue) return v.node;
  if (typeof v === "string") return parseJson(v, AS_ARGUMENT);
  throw new SqlError(3146, "22032", `Invalid data type for JSON data in argument ${position} to function ${fn.toLowerCase()}; a JSON string or JSON type is required.`);
}

/** seekdb's vector distances the mock does not compute (no SDK sends them): its limit, not "does not exist". */
const UNIMPLEMENTED_DISTANCES = new Set(["L1_DISTANCE", "VECTOR_DISTANCE"]);

/** 1582 unless the call has n arguments (a module function: a closure made per call cost 6% of an exact vector search). */
function arity(fn: string, args: readonly SqlValue[], n: number): void {
  if (args.length !== n) throw new SqlError(1582, "42000", `Incorrect parameter count in the call to native function '${fn}'`);
}

export function callFunction(fn: string, args: SqlValue[], e: Extract<Expr, { k: "call" }>, ctx: EvalContext): SqlValue {
  switch (fn) {
    case "VERSION":
      arity(fn, args, 0);
      return SERVER_VERSION;
    case "DATABASE":
    case "SCHEMA":
      arity(fn, args, 0);
      return ctx.session.db;
    case "USER":
    case "SESSION_USER":
    case "SYSTEM_USER":
      arity(fn, args, 0);
      // the user and the client's address; CURRENT_USER() the account matched (measured)
      return `${ctx.session.user}@${ctx.session.clientHost ?? "127.0.0.1"}`;
    case "CURRENT_USER":
      arity(fn, args, 0);
      return `${ctx.session.user}@%`;
    case "CONNECTION_ID":
      arity(fn, args, 0);
      return BigInt(ctx.session.connectionId ?? 0);
    case "SLEEP": {
      arity(fn, args, 1);
      // the mock does not wait: SLEEP answers what seekdb answers, 0 (NULL for NULL)
      const seconds = args[0] === null ? Number.NaN : Number(toText(args[0]!));
      // NULL is refused, a negative or non-numeric time answers 0 at once (measured)
      if (args[0] === null) throw new SqlError(1210, "HY000", "Incorrect arguments to sleep");
      void seconds;
      return 0n;
    }
    case "UUID":
      arity(fn, args, 0);
      return randomUUID();
    case "NOW":
    case "CURRENT_TIMESTAMP":
      return new Date(Math.floor(Date.now() / 1000) * 1000);
    case "REPLACE":
      arity(fn, args, 3);
      if (args.some((a) => a === null)) return null;
      return toText(args[0]!).split(toText(args[1]!)).join(toText(args[2]!));
    case "LOWER":
    case "LCASE":
      arity(fn, args, 1);
      return args[0] === null ? null : toText(args[0]!).toLowerCase();
    case "UPPER":
    case "UCASE":
      arity(fn, args, 1);
      return args[0] === null ? null : toText(args[0]!).toUpperCase();
    case "LENGTH":
      arity(fn, args, 1);
      return args[0] === null ? null : BigInt(toBytes(args[0]!).length);
    case "CHAR_LENGTH":
      arity(fn, args, 1);
      return args[0] === null ? null : BigInt([...toText(args[0]!)].length);
    case "CONCAT":
      return args.some((a) => a === null) ? null : args.map((a) => toText(a!)).join("");
    case "ROUND": {
      // Hybrid search's knn SQL rounds its scores, ROUND(double, 8): MySQL's my_double_round,
      // rint(x * 10^d) / 10^d (ties to even). Other argument types are the mock's limit.
      if (args.length < 1 || args.length > 2) throw new SqlError(1582, "42000", `Incorrect parameter count in the call to native function '${fn}'`);
      const [x, d = 0n] = args;
      if (x === null || d === null) return null;
      if (typeof x !== "number" || typeof d !== "bigint") throw mockLimit("ROUND() of a value that is not a DOUBLE, or to a place that is not an integer");
      return roundDouble(x, Number(d));
    }
    case "GREATEST":
    case "LEAST": {
      if (args.length < 2) throw new SqlError(1582, "42000", `Incorrect parameter count in the call to native function '${fn}'`);
      if (args.some((a) => a === null)) return null;
      const pick = fn === "GREATEST" ? 1 : -1;
      return args.reduce((best, a) => ((compare(a, best) ?? 0) * pick > 0 ? a : best));
    }
    case "IFNULL":
      arity(fn, args, 2);
      return args[0] ?? args[1]!;
    case "COALESCE":
      return args.find((a) => a !== null) ?? null;
    case "REGEXP_LIKE":
      if (args.length < 2 || args.length > 3) arity(fn, args, 2);
      return regexpLike(args[0]!, args[1]!, args[2]);
    case "DBMS_HYBRID_SEARCH.GET_SQL":
    case "DBMS_HYBRID_SEARCH.SEARCH": {
      arity(fn, args, 2);
      if (!ctx.catalog || !ctx.runSql) throw mockLimit(fn);
      if (args[0] === null) throw new SqlError(1210, "HY000", "Invalid argument");
      const table = hybridTable(ctx.catalog, toText(args[0]!), ctx.session.db);
      const sql = hybridSearchSql(table, args[1] === null ? null : toText(args[1]!));
      if (fn.endsWith("GET_SQL")) return sql;
      const r = ctx.runSql(sql);
      return r.kind === "rows" ? hybridSearchJson(r.columns.map((c) => c.name), r.rows) : null;
    }
    case "JSON_EXTRACT":
      if (args.length < 2) arity(fn, args, 2);
      return jsonExtract(args[0]!, args[1]!);
    case "JSON_OVERLAPS":
      arity(fn, args, 2);
      if (args[0] == null || args[1] == null) return null;
      return jsonOverlaps(jsonArgument(args[0], 1, fn), jsonArgument(args[1], 2, fn)) ? TRUE : FALSE;
    case "JSON_VALID":
      arity(fn, args, 1);
      return jsonValid(args[0]!);
    case "JSON_UNQUOTE":
      arity(fn, args, 1);
      if (args[0] === null) return null;
      if (args[0] instanceof JsonValue) return typeof args[0].node === "string" ? args[0].node : toText(args[0]);
      return toText(args[0]!).replace(/^"(.*)"$/s, "$1");
    case "HEX":
      arity(fn, args, 1);
      return args[0] === null ? null : toBytes(args[0]!).toString("hex").toUpperCase();
    default:
      if (DISTANCE_FUNCTIONS.has(fn)) return distanceFunction(fn, args);
      if (UNIMPLEMENTED_DISTANCES.has(e.fn)) throw mockLimit(`${e.fn.toLowerCase()}() (vector search)`);
      throw new SqlError(1305, "42000", `FUNCTION ${ctx.session.db ?? "test"}.${e.fn.toLowerCase()} does not exist`);
  }
}

/** rint(): to the nearest integer, ties to even (the C library's default rounding mode). */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** MySQL's my_double_round(value, dec) without truncation. */
function roundDouble(value: number, dec: number): number {
  const scale = 10 ** Math.abs(dec);
  if (dec < 0) return Number.isFinite(scale) ? rint(value / scale) * scale : 0;
  const scaled = value * scale;
  return Number.isFinite(scaled) ? rint(scaled) / scale : value;
}
