// DBMS_HYBRID_SEARCH.GET_SQL(table, search_parm) and .SEARCH: the SQL seekdb 1.4 writes for a
// search parameter without knn (measured, probes hybrid-*), text for text — the query string and
// term values go in unescaped, as seekdb puts them, so a quote in them makes SQL that fails — and
// SEARCH's JSON of that SQL's rows. knn and rank (vector search fused by rank) are the mock's limit
// error. Objects are read in seekdb's JSON key order (by length, then bytes), which decides the
// order of range bounds and of bool's must, filter, should and must_not.
import { mockLimit, SqlError, unknownTable } from "../sql/errors.ts";
import type { Catalog } from "./catalog.ts";
import { compareKeys, parseJson, printJson, type JsonNode } from "./json.ts";
import { JsonValue, toText, type SqlValue } from "./values.ts";

const notSupported = () => new SqlError(1235, "0A000", "Not supported feature or function");
const invalidArgument = () => new SqlError(1210, "HY000", "Invalid argument");
const syntax = () => new SqlError(1149, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use");

/** An expression of the generated SQL and how tightly it binds, for parentheses as seekdb writes them. */
interface Sql {
  readonly text: string;
  readonly kind: "atom" | "comparison" | "and" | "or" | "not";
}

const entries = (node: JsonNode): [string, JsonNode][] => (node instanceof Map ? [...node].sort(([a], [b]) => compareKeys(a, b)) : []);

/** C's printf("%.15g"), how seekdb writes a number bound or term value. */
function g15(n: number): string {
  if (n === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 15) {
    const [mantissa, exp] = n.toExponential(14).split("e");
    const m = mantissa!.replace(/\.?0+$/, "");
    const e = Number(exp);
    return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return n.toPrecision(15).replace(/\.?0+$/, "").replace(/\.$/, "");
}

/** A field: a column name is backquoted, an expression (JSON_EXTRACT(...)) written as it is (measured). */
const column = (f: string) => (/^\w+$/.test(f) ? `\`${f}\`` : f);

function value(v: JsonNode): string {
  if (typeof v === "bigint") return g15(Number(v));
  if (typeof v === "number") return g15(v);
  if (typeof v === "string") return `'${v}'`;
  if (v === null) return "'null'";
  if (typeof v === "boolean") return `'${v}'`;
  throw invalidArgument();
}

const and = (parts: readonly Sql[]): Sql => (parts.length === 1 ? parts[0]! : { text: parts.map((p) => (p.kind === "or" ? `(${p.text})` : p.text)).join(" AND "), kind: "and" });
const or = (parts: readonly Sql[]): Sql => (parts.length === 1 ? parts[0]! : { text: parts.map((p) => (p.kind === "and" ? `(${p.text})` : p.text)).join(" OR "), kind: "or" });
const not = (p: Sql): Sql => ({ text: p.kind === "atom" ? `NOT ${p.text}` : `NOT (${p.text})`, kind: "not" });
/** A condition as a term of the score sum: a comparison in parentheses, a MATCH as it is. */
const scoreTerm = (p: Sql) => (p.kind === "atom" ? p.text : `(${p.text})`);

interface Clause {
  readonly where: Sql;
  /** The terms this clause adds to the score (none in filter and must_not). */
  readonly score: readonly string[];
}

function clause(node: JsonNode): Clause {
  const [kind, body = null] = entries(node)[0] ?? [];
  if (kind === undefined || entries(node).length !== 1) throw syntax();
  switch (kind) {
    case "query_string": {
      const fields = body instanceof Map ? body.get("fields") : undefined;
      const query = body instanceof Map ? body.get("query") : undefined;
      if (!Array.isArray(fields) || query === undefined) throw new SqlError(4182, "HY000", "Value not found");
      if (typeof query !== "string" || query === "") throw invalidArgument();
      const boost = body instanceof Map ? body.get("boost") : undefined;
      // the index is checked when the SQL runs, not here (measured)
      const matches = fields.map((f) => `match(\`${String(f)}\`) against('${query}' in natural language mode)`);
      const m = matches.length === 1 ? matches[0]! : `GREATEST(${matches.join(", ")})`;
      const where = or(matches.map((text) => ({ text, kind: "atom" as const })));
      return { where, score: [boost === undefined ? m : `(${m} * ${value(boost)})`] };
    }
    case "term": {
      const [f, spec] = entries(body)[0] ?? [];
      if (f === undefined) throw syntax();
      const v = spec instanceof Map ? spec.get("value") : spec;
      if (v === undefined) throw new SqlError(4182, "HY000", "Value not found");
      const where: Sql = { text: `${column(f)} = ${value(v)}`, kind: "comparison" };
      return { where, score: [scoreTerm(where)] };
    }
    case "terms": {
      const [f, list] = entries(body)[0] ?? [];
      if (f === undefined || !Array.isArray(list)) throw syntax();
      const where: Sql = { text: `${column(f)} IN (${list.map(value).join(", ")})`, kind: "comparison" };
      return { where, score: [scoreTerm(where)] };
    }
    case "range": {
      const [f, bounds] = entries(body)[0] ?? [];
      if (f === undefined) throw syntax();
      const ops: Readonly<Record<string, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };
      const parts = entries(bounds!).map(([op, v]): Sql => {
        if (!(op in ops)) throw syntax();
        if (typeof v !== "number" && typeof v !== "bigint") throw invalidArgument();
        return { text: `${column(f)} ${ops[op]} ${value(v)}`, kind: "comparison" };
      });
      if (!parts.length) throw syntax();
      const where = and(parts);
      return { where, score: [scoreTerm(where)] };
    }
    case "bool":
      return boolClause(body!);
    default:
      throw notSupported();
  }
}

function boolClause(body: JsonNode): Clause {
  const conds: Sql[] = [];
  const score: string[] = [];
  for (const [occurs, list] of entries(body)) {
    const items = (Array.isArray(list) ? list : [list]).map((n) => clause(n));
    if (!items.length) continue;
    switch (occurs) {
      case "must":
        conds.push(...items.map((c) => c.where));
        score.push(...items.flatMap((c) => c.score));
        break;
      case "filter":
        conds.push(...items.map((c) => c.where));
        break;
      case "should":
        conds.push(or(items.map((c) => c.where)));
        score.push(...items.flatMap((c) => c.score));
        break;
      case "must_not":
        conds.push(not(or(items.map((c) => c.where))));
        break;
      default:
        throw syntax();
    }
  }
  return { where: conds.length ? and(conds) : { text: "", kind: "atom" }, score };
}

export interface HybridTable {
  readonly db: string;
  readonly name: string;
}

/** The table GET_SQL names: `name` or `db.name`, in the current database by default; 1146 when missing. */
export function hybridTable(catalog: Catalog, tableArg: string, current: string | null): HybridTable {
  const [db, name] = tableArg.includes(".") ? (tableArg.split(".", 2) as [string, string]) : [current ?? "", tableArg];
  const t = catalog.database(db)?.get(name);
  if (!t) throw unknownTable(db, name);
  return { db: t.db, name: t.name };
}

/** GET_SQL: the SELECT seekdb writes for a search parameter (JSON text). */
export function hybridSearchSql(table: HybridTable, parameter: string | null): string {
  if (parameter === null) throw invalidArgument();
  let parm: JsonNode;
  try {
    parm = parseJson(parameter);
  } catch {
    throw invalidArgument();
  }
  if (!(parm instanceof Map)) throw invalidArgument();
  let query: Clause | undefined;
  let size = "10";
  let from: string | undefined;
  let source = ["_id", "document", "embedding", "metadata"];
  for (const [key, v] of entries(parm)) {
    if (key === "query") query = clause(v);
    else if (key === "knn" || key === "rank") throw mockLimit("DBMS_HYBRID_SEARCH with knn or rank (vector search fused with full text)");
    else if (key === "size") size = typeof v === "string" ? v : printJson(v);
    else if (key === "from") from = printJson(v);
    else if (key === "_source") {
      if (!Array.isArray(v)) throw syntax();
      source = v.map(String);
    } else throw syntax();
  }
  const columns = source.map((c) => `\`${c}\``).join(", ");
  const limit = `LIMIT ${from !== undefined ? `${from}, ` : ""}${size}`;
  const target = `\`${table.db}\`.\`${table.name}\``;
  if (!query) return `SELECT ${columns}, 1 as \`_score\` FROM ${target} ${limit}`;
  const hint = "SELECT /*+ opt_param('hidden_column_visible', 'true') */";
  const where = query.where.text ? ` WHERE ${query.where.text}` : "";
  if (!query.score.length) {
    const constant = query.where.text ? "0" : "1"; // an empty bool scores 1 (measured)
    return `${hint}${columns}, ${constant} as \`_score\` FROM ${target}${where} ORDER BY \`__pk_increment\` ${limit}`;
  }
  const score = query.score.length === 1 ? query.score[0]! : `(${query.score.join(" + ")})`;
  return `${hint}${columns}, ${score} as \`_score\` FROM ${target}${where} ORDER BY \`_score\` DESC, \`__pk_increment\` ${limit}`;
}

/** SEARCH: the rows of GET_SQL's statement as a JSON array of objects (NULL when there is none), vectors as their text (measured). */
export function hybridSearchJson(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): JsonValue | null {
  if (!rows.length) return null;
  const toNode = (v: SqlValue): JsonNode => {
    if (v === null) return null;
    if (v instanceof JsonValue) return v.node;
    if (typeof v === "bigint" || typeof v === "number") return v;
    return toText(v);
  };
  return new JsonValue(rows.map((row) => new Map(columns.map((c, i) => [c, toNode(row[i] ?? null)]))));
}
