// MATCH(columns) AGAINST (query IN NATURAL LANGUAGE MODE) over a table's FULLTEXT index, as seekdb
// 1.4 answers it (measured, probes fulltext-*): the query and each document tokenized by the
// index's parser (ik: ik.ts, space: space.ts), a row matches when it holds one of the query's
// tokens, and its score is BM25 (bm25.ts). A statement's MATCHes are prepared once per execution:
// the table's document frequencies now, and its row count as the statement's plan saw it — seekdb
// takes N when it makes a plan and keeps it in its plan cache for every later execution of the
// same statement text (with other literals too), so the mock keeps it per statement shape.
import type { Expr } from "../../sql/ast.ts";
import { mockLimit, SqlError, unknownColumn } from "../../sql/errors.ts";
import type { Row, Table } from "../catalog.ts";
import type { StatementContext } from "../context.ts";
import { evalContext } from "../context.ts";
import { evaluate } from "../eval.ts";
import { operands } from "../rows.ts";
import { toText } from "../values.ts";
import { idf, termScore } from "./bm25.ts";
import { ikTokens, type IkMode } from "./ik.ts";
import { spaceTokens } from "./space.ts";

/** A prepared MATCH: the score of any row of its table. */
export interface MatchScorer {
  score(row: Row): number;
}

type MatchExpr = Extract<Expr, { k: "match" }>;

const noFulltextIndex = () => new SqlError(1191, "HY000", "Can't find FULLTEXT index matching the column list");

interface Analyzer {
  readonly key: string;
  tokens(text: string): { readonly tokens: readonly string[]; readonly cjk: boolean };
}

/** The tokenizer of a FULLTEXT index, from its parser and properties as CREATE TABLE gave them. */
function analyzerOf(parser: string | undefined, properties: Readonly<Record<string, string>> | undefined): Analyzer {
  const name = (parser ?? "space").toLowerCase();
  if (name === "ik") {
    const mode = (properties?.IK_MODE ?? "smart").toLowerCase();
    if (mode !== "smart" && mode !== "max_word") throw mockLimit(`the ik parser's ik_mode '${mode}'`);
    return { key: `ik:${mode}`, tokens: (t) => ikTokens(t, mode as IkMode) };
  }
  if (name === "space") {
    const min = Number(properties?.MIN_TOKEN_SIZE ?? 3);
    const max = Number(properties?.MAX_TOKEN_SIZE ?? 84);
    return { key: `space:${min}:${max}`, tokens: (t) => ({ tokens: spaceTokens(t, min, max), cjk: false }) };
  }
  throw mockLimit(`MATCH ... AGAINST over an index with the ${name} parser (the mock tokenizes for ik and space)`);
}

/** Tokenized documents, by analyzer and text: the SDKs query the same documents again and again. */
const tokenCache = new Map<string, { readonly tokens: readonly string[]; readonly cjk: boolean }>();
function tokensOf(analyzer: Analyzer, text: string) {
  const key = `${analyzer.key}\u0000${text}`;
  let t = tokenCache.get(key);
  if (!t) {
    t = analyzer.tokens(text);
    if (tokenCache.size > 20000) tokenCache.clear();
    tokenCache.set(key, t);
  }
  return t;
}

const cjkLimit = () => mockLimit("MATCH ... AGAINST with the ik parser over CJK text (IK segments it with a dictionary the mock does not have)");

/** MATCH nodes in the order they appear. */
function matchesIn(exprs: readonly (Expr | "*" | undefined)[]): MatchExpr[] {
  const out: MatchExpr[] = [];
  const walk = (e: Expr) => {
    if (e.k === "match") out.push(e);
    for (const o of operands(e)) walk(o);
  };
  for (const e of exprs) if (e && e !== "*") walk(e);
  return out;
}

function prepare(m: MatchExpr, position: number, t: Table, ctx: StatementContext, clause: string): MatchScorer {
  const positions = m.columns.map((c) => {
    const i = t.columnIndex(c);
    if (i < 0) throw unknownColumn(c, clause);
    return i;
  });
  const wanted = new Set(positions.map((i) => t.columns[i]!.name.toLowerCase()));
  const index = t.indexes.find((ix) => ix.kind === "fulltext" && ix.columns.length === wanted.size && ix.columns.every((c) => wanted.has(c.toLowerCase())));
  if (!index) throw noFulltextIndex();
  if (m.mode === "expansion") throw new SqlError(1235, "0A000", "search modes other than NATURAL_LANGUAGE_MODE, BOOLEAN_MODE or MATCH_PHRASE_MODE not supported");
  if (m.mode === "boolean") throw mockLimit("MATCH ... AGAINST (... IN BOOLEAN MODE)");
  const analyzer = analyzerOf(index.def.parser, index.def.parserProperties);
  const columns = index.columns.map((c) => t.columnIndex(c));
  const q = evaluate(m.query, evalContext(ctx, clause));
  const query = q === null ? { tokens: [], cjk: false } : tokensOf(analyzer, toText(q));
  if (query.cjk) throw cjkLimit();
  const terms = [...new Set(query.tokens)];
  /** A row's tokens over the index's columns. */
  const rowTokens = (row: Row) => {
    const tokens: string[] = [];
    let cjk = false;
    for (const i of columns) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      const r = tokensOf(analyzer, toText(v));
      tokens.push(...r.tokens);
      cjk ||= r.cjk;
    }
    return { tokens, cjk };
  };
  const documents = t.planDocumentCount(ctx.planKey !== undefined ? `${ctx.planKey}#${position}` : undefined);
  const holding = new Map<string, number>(terms.map((term) => [term, 0]));
  if (terms.length) {
    for (const row of t.rows.values()) {
      const seen = new Set(rowTokens(row).tokens);
      for (const term of terms) if (seen.has(term)) holding.set(term, holding.get(term)! + 1);
    }
  }
  const idfs = terms.map((term) => idf(documents, holding.get(term)!));
  return {
    score(row: Row): number {
      if (!terms.length) return 0;
      const { tokens, cjk } = rowTokens(row);
      let score = 0;
      let matched = false;
      for (const [k, term] of terms.entries()) {
        let tf = 0;
        for (const token of tokens) if (token === term) tf++;
        if (tf === 0) continue;
        matched = true;
        score += termScore(idfs[k]!, tf, tokens.length);
      }
      if (matched && cjk) throw cjkLimit();
      return score;
    },
  };
}

/**
 * The statement context with the MATCHes among `exprs` prepared over table `t` (the same context
 * when there are none). `clause` names where an unknown MATCH column is reported.
 */
export function withFulltext(ctx: StatementContext, t: Table, exprs: readonly (Expr | "*" | undefined)[], clause = "where clause"): StatementContext {
  const found = matchesIn(exprs);
  if (!found.length) return ctx;
  const fulltext = new Map<Expr, MatchScorer>();
  for (const [position, m] of found.entries()) fulltext.set(m, prepare(m, position, t, ctx, clause));
  return { ...ctx, fulltext };
}
