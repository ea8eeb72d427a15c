// query as the clauses say (UPSERT-QUERY-*), and what every profile's query shares: turning a
// search's ranked records into the hits a client returns. Checks in the order UPSERT-QUERY-009
// gives: the arguments, then the collection, then the embedding function.
import { runEmbeddingFunction } from "../embedding-functions.ts";
import { Fault } from "./fault.ts";
import { ServerTable, type SearchHit } from "./server-table.ts";
import type { ClassifiedError, CollectionState, QueryArgs, QueryCallResult, QueryHit, QueryRanking, RankedHit, StoredRecord, WriteEnv } from "./types.ts";
import { describeType, isNullish } from "./values.ts";

/** What `include` asks for beyond ids and distances. */
export interface Included {
  readonly documents: boolean;
  readonly metadatas: boolean;
  readonly embeddings: boolean;
}

/** The most nResults may be: seekdb's limit for an approximate search (measured: 1235 beyond). */
export const MAX_N_RESULTS = 16384;

/** The hit a client returns for a ranked record, its fields read as that client reads them. */
export type ReadHit = (record: StoredRecord, distance: number | null, included: Included) => QueryHit;

/** The record's stored values, as the spec returns them (UPSERT-QUERY-006). */
export const storedHit: ReadHit = (r, distance, inc) => ({
  id: r.id,
  distance,
  ...(inc.documents ? { document: r.document } : {}),
  ...(inc.metadatas ? { metadata: r.metadata } : {}),
  ...(inc.embeddings ? { embedding: r.embedding } : {}),
});

/**
 * A search's candidates as the ranking one query vector must return. The client reads the rows it
 * gets — the first nResults; a read that fails there fails the call — and a candidate further
 * down, which only a tie could bring back, keeps its stored values when the client cannot read it.
 */
export function rankingOf(hits: readonly SearchHit[], nResults: number, included: Included, read: ReadHit): QueryRanking {
  return {
    nResults,
    ranked: hits.map((h, i): RankedHit => {
      let hit: QueryHit;
      try {
        hit = read(h.record, h.distance, included);
      } catch (e) {
        if (i < nResults || !(e instanceof Fault)) throw e;
        hit = storedHit(h.record, h.distance, included);
      }
      return h.unordered ? { ...hit, unordered: true } : hit;
    }),
  };
}

/** The hits a client returns from a ranking: the first nResults (a client read of the model). */
export const hitsOf = (r: QueryRanking): QueryHit[] => r.ranked.slice(0, r.nResults).map(({ unordered: _, ...hit }) => hit);

const invalid = (clause: string, message: string): ClassifiedError => ({ class: "validation", clause, message });

function reject(error: ClassifiedError, embeddingCalls: readonly (readonly unknown[])[] = []): QueryCallResult {
  return { outcome: { ok: false, error }, embeddingCalls };
}

/** UPSERT-QUERY-007/008/009: the query vectors given, as a list, or the error they earn. */
function queryVectors(v: unknown, dimension: number): number[][] | ClassifiedError {
  if (!Array.isArray(v)) return invalid("UPSERT-QUERY-009", `queryEmbeddings must be a vector or a list of vectors, got ${describeType(v)}`);
  if (v.length === 0) return invalid("UPSERT-QUERY-009", "queryEmbeddings must hold at least one vector");
  const list: unknown[] = v.some(Array.isArray) ? v : [v];
  for (const q of list) {
    if (!Array.isArray(q) || q.length === 0) return invalid("UPSERT-QUERY-009", `a query vector must be a non-empty array of numbers, got ${Array.isArray(q) ? "[]" : describeType(q)}`);
    for (const x of q) {
      if (typeof x !== "number") return invalid("UPSERT-QUERY-009", `a query vector element must be a number, got ${describeType(x)}`);
      if (!Number.isFinite(Math.fround(x))) return invalid("UPSERT-QUERY-009", `query vector element ${x} is not a finite float32`);
    }
    if (q.length !== dimension) return { class: "dimension", clause: "UPSERT-QUERY-008", message: `query vector has ${q.length} elements; the collection's dimension is ${dimension}` };
  }
  return list as number[][];
}

/** UPSERT-QUERY-007: the texts to embed, or the error they earn. */
function queryTexts(v: unknown): string[] | ClassifiedError {
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) return invalid("UPSERT-QUERY-009", `queryTexts must be a text or a non-empty list of texts, got ${Array.isArray(list) ? "[]" : describeType(v)}`);
  for (const t of list) if (typeof t !== "string") return invalid("UPSERT-QUERY-009", `a query text must be a string, got ${describeType(t)}`);
  return list as string[];
}

/** UPSERT-QUERY-003/006: nResults and include. */
function options(args: QueryArgs): { nResults: number; included: Included } | ClassifiedError {
  const n = args.nResults === undefined ? 10 : args.nResults;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_N_RESULTS) return invalid("UPSERT-QUERY-003", `nResults must be a whole number from 1 to ${MAX_N_RESULTS}, got ${String(n)}`);
  const inc = args.include;
  if (inc === undefined) return { nResults: n, included: { documents: true, metadatas: true, embeddings: false } };
  if (!Array.isArray(inc)) return invalid("UPSERT-QUERY-009", `include must be a list of field names, got ${describeType(inc)}`);
  // Other names ("distances": always returned) change nothing.
  return { nResults: n, included: { documents: inc.includes("documents"), metadatas: inc.includes("metadatas"), embeddings: inc.includes("embeddings") } };
}

export function specQuery(state: CollectionState, args: QueryArgs, env?: WriteEnv): QueryCallResult {
  const { dimension, embeddingFunction } = state.config;
  const opts = options(args);
  if ("class" in opts) return reject(opts);
  let vectors: number[][] | undefined;
  let texts: string[] | undefined;
  if (!isNullish(args.queryEmbeddings)) {
    const v = queryVectors(args.queryEmbeddings, dimension);
    if (!Array.isArray(v)) return reject(v);
    vectors = v;
  } else if (!isNullish(args.queryTexts)) {
    const t = queryTexts(args.queryTexts);
    if (!Array.isArray(t)) return reject(t);
    if (embeddingFunction === null) return reject(invalid("UPSERT-QUERY-007", "queryTexts need the collection's embedding function; this collection has none"));
    texts = t;
  } else return reject(invalid("UPSERT-QUERY-009", "query needs queryEmbeddings or queryTexts"));
  if (state.dropped) return reject({ class: "not_found", clause: "UPSERT-QUERY-011", message: "the collection has been deleted" });
  const embeddingCalls: unknown[][] = [];
  if (texts) {
    embeddingCalls.push(texts);
    const run = runEmbeddingFunction(embeddingFunction!, texts, dimension, env?.faults);
    if (!run.ok) return reject({ class: "embedding_function", clause: "UPSERT-QUERY-010", message: run.message }, embeddingCalls);
    if (run.vectors.length !== texts.length) return reject({ class: "embedding_function", clause: "UPSERT-QUERY-010", message: `embedding function returned ${run.vectors.length} vectors for ${texts.length} texts` }, embeddingCalls);
    const wrong = run.vectors.find((x) => x.length !== dimension);
    if (wrong) return reject({ class: "dimension", clause: "UPSERT-QUERY-008", message: `embedding function returned ${wrong.length} elements; the collection's dimension is ${dimension}` }, embeddingCalls);
    vectors = run.vectors;
  }
  // UPSERT-QUERY-001: nearest first — ascending distance, descending inner product.
  const table = new ServerTable(state);
  const metric = state.config.distance ?? "l2";
  const rankings = vectors!.map((values) =>
    rankingOf(table.search({ vector: { kind: "text", values }, metric, descending: metric === "inner_product", limit: opts.nResults }), opts.nResults, opts.included, storedHit),
  );
  return { outcome: { ok: true, rankings }, embeddingCalls };
}
