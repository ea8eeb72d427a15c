// The one place where observations are compared with expectations (design: ids as a set,
// documents exact, metadata as JSON, embeddings as float32, errors by class; query results in
// order up to ties, distances exact or within tolerance).
import { exactKey } from "../../spec/codec.ts";
import type { ExpectedRecord, Expectation } from "../../spec/load.ts";
import type { QueryHit, QueryRanking, RankedHit } from "../../spec/model/types.ts";
import type { Observation, ObservedRecord, QueryResult } from "../drivers/driver.ts";

export interface Difference {
  readonly path: string;
  readonly expected: unknown;
  readonly observed: unknown;
  /** "tolerance": equal only within the 6 significant digits seekdb prints floats with. */
  readonly kind: "mismatch" | "tolerance";
}

/** seekdb prints float32 with 6 significant digits, so a text round trip may move the value this much. */
const TEXT_ROUND_TRIP_RELATIVE = 5e-6;

export function compareEmbedding(path: string, expected: readonly number[] | null, observed: readonly number[] | null): Difference[] {
  if (expected === null || observed === null || expected.length !== observed.length) {
    return expected === observed ? [] : [{ path, expected, observed, kind: "mismatch" }];
  }
  let kind: Difference["kind"] | undefined;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.fround(expected[i]!);
    const o = Math.fround(observed[i]!);
    // Object.is: NaN only equals NaN, and -0 is not 0 (seekdb prints -0 as "-0").
    if (Object.is(e, o)) continue;
    if (!Number.isFinite(e) || !Number.isFinite(o)) return [{ path, expected, observed, kind: "mismatch" }];
    const close = Math.abs(e - o) <= TEXT_ROUND_TRIP_RELATIVE * Math.max(Math.abs(e), Math.abs(o));
    if (!close) return [{ path, expected, observed, kind: "mismatch" }];
    kind = "tolerance";
  }
  return kind ? [{ path, expected, observed, kind }] : [];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function compareRecords(path: string, expected: readonly ExpectedRecord[], observed: readonly ObservedRecord[]): Difference[] {
  const diffs: Difference[] = [];
  const want = new Map(expected.map((r) => [r.id, r]));
  const got = new Map(observed.map((r) => [r.id, r]));
  if (got.size !== observed.length) {
    diffs.push({ path: `${path}.ids`, expected: "distinct ids", observed: observed.map((r) => r.id), kind: "mismatch" });
  }
  for (const e of [...expected].sort(byId)) {
    const o = got.get(e.id);
    const at = `${path}[${JSON.stringify(e.id)}]`;
    if (!o) {
      diffs.push({ path: at, expected: e, observed: "missing", kind: "mismatch" });
      continue;
    }
    if (e.document !== o.document) diffs.push({ path: `${at}.document`, expected: e.document, observed: o.document, kind: "mismatch" });
    if (exactKey(e.metadata) !== exactKey(o.metadata)) {
      diffs.push({ path: `${at}.metadata`, expected: e.metadata, observed: o.metadata, kind: "mismatch" });
    }
    diffs.push(...compareEmbedding(`${at}.embedding`, e.embedding, o.embedding));
  }
  for (const o of [...observed].sort(byId)) {
    if (!want.has(o.id)) diffs.push({ path: `${path}[${JSON.stringify(o.id)}]`, expected: "absent", observed: o, kind: "mismatch" });
  }
  return diffs;
}

/**
 * Distances. seekdb computes them from float32 vectors in float32 lanes and double sums and sends
 * them as DOUBLE text with every significant digit (measured: 17, not the 6 of a vector element),
 * so no text round trip blurs them. The model computes them as seekdb does on x86-64 — every
 * dimension up to 8, all the fuzzer draws, takes the same path on every such CPU — and reads them
 * as each client reads them (mysql2's digit-by-digit parse included), so they are compared
 * exactly. A difference within 2^-19 of the larger (a few float32 roundings of a partial sum:
 * what another SIMD path gives past 8 elements) is reported as "tolerance", never hidden;
 * anything more, or null against a number, is a mismatch.
 */
const DISTANCE_RELATIVE = 2 ** -19;

export function compareDistance(path: string, expected: number | null, observed: number | null): Difference[] {
  if (Object.is(expected, observed)) return [];
  if (expected === null || observed === null || !Number.isFinite(expected) || !Number.isFinite(observed)) return [{ path, expected, observed, kind: "mismatch" }];
  const close = Math.abs(expected - observed) <= DISTANCE_RELATIVE * Math.max(Math.abs(expected), Math.abs(observed));
  return [{ path, expected, observed, kind: close ? "tolerance" : "mismatch" }];
}

/** Whether two expected distances are equal for ordering (a tie): the same, or within the distance tolerance. */
const tied = (a: number | null, b: number | null) => compareDistance("", a, b).every((d) => d.kind === "tolerance");

/** One hit's fields against the ranked candidate with its id: those the expectation has, and no others. */
function compareHit(at: string, e: RankedHit, o: QueryHit): Difference[] {
  const diffs = compareDistance(`${at}.distance`, e.distance, o.distance);
  for (const field of ["document", "metadata", "embedding"] as const) {
    if ((field in e) !== (field in o)) diffs.push({ path: `${at}.${field}`, expected: field in e ? e[field] : "absent", observed: field in o ? o[field] : "absent", kind: "mismatch" });
  }
  const both = (field: "document" | "metadata" | "embedding") => field in e && field in o;
  if (both("document") && e.document !== o.document) diffs.push({ path: `${at}.document`, expected: e.document, observed: o.document, kind: "mismatch" });
  if (both("metadata") && exactKey(e.metadata) !== exactKey(o.metadata)) diffs.push({ path: `${at}.metadata`, expected: e.metadata, observed: o.metadata, kind: "mismatch" });
  if (both("embedding")) diffs.push(...compareEmbedding(`${at}.embedding`, e.embedding ?? null, o.embedding ?? null));
  return diffs;
}

/**
 * One query vector's hits against the model's ranking (UPSERT-QUERY-001/005/012): as many hits as
 * nResults allows; the ordered ones are the nearest candidates in order, where candidates at equal
 * distance (a tie) may come in any order and any of them may fill the last places; a candidate
 * without a place (`unordered`: a NULL distance in an index's order) may stand anywhere or be left
 * out. Then each hit's fields.
 */
export function compareRanking(path: string, expected: QueryRanking, hits: readonly QueryHit[]): Difference[] {
  const diffs: Difference[] = [];
  const byId = new Map(expected.ranked.map((h) => [h.id, h]));
  const want = Math.min(expected.nResults, expected.ranked.length);
  const ids = hits.map((h) => h.id);
  if (hits.length !== want) diffs.push({ path: `${path}.length`, expected: want, observed: hits.length, kind: "mismatch" });
  if (new Set(ids).size !== ids.length) diffs.push({ path: `${path}.ids`, expected: "distinct ids", observed: ids, kind: "mismatch" });
  const unknown = hits.filter((h) => !byId.has(h.id));
  for (const h of unknown) diffs.push({ path: `${path}[${JSON.stringify(h.id)}]`, expected: "absent", observed: h, kind: "mismatch" });
  // The ordered hits must be the ordered candidates' first places, each tie group as a set.
  const placed = ids.filter((id) => byId.has(id) && !byId.get(id)!.unordered);
  const ordered = expected.ranked.filter((h) => !h.unordered);
  let p = 0;
  for (let g = 0; g < ordered.length && p < placed.length; ) {
    let end = g + 1;
    while (end < ordered.length && tied(ordered[end - 1]!.distance, ordered[end]!.distance)) end++;
    const group = new Set(ordered.slice(g, end).map((h) => h.id));
    const taken = placed.slice(p, p + (end - g));
    if (!taken.every((id) => group.has(id)) || (taken.length < end - g && p + taken.length < placed.length)) {
      diffs.push({ path: `${path}.order`, expected: ordered.slice(0, placed.length).map((h) => h.id), observed: placed, kind: "mismatch" });
      break;
    }
    p += taken.length;
    g = end;
  }
  for (const h of hits) {
    const e = byId.get(h.id);
    if (e) diffs.push(...compareHit(`${path}[${JSON.stringify(h.id)}]`, e, h));
  }
  return diffs;
}

/** A query's lists (one per query vector) against the model's rankings. */
export function compareQuery(path: string, expected: readonly QueryRanking[], observed: QueryResult): Difference[] {
  if (observed.length !== expected.length) return [{ path: `${path}.lists`, expected: expected.length, observed: observed.length, kind: "mismatch" }];
  return expected.flatMap((r, i) => compareRanking(`${path}[${i}]`, r, observed[i]!.hits));
}

const describeError = (e: { class: string; errno?: number | undefined; message?: string }) =>
  `${e.class}${e.errno ? ` ${e.errno}` : ""}${e.message !== undefined ? `: ${e.message}` : ""}`;

/** Compares one step's observation with its expectation. */
export function compareStep(path: string, expect: Expectation, observed: Observation<unknown>): Difference[] {
  const diffs: Difference[] = [];
  if ("ok" in expect || "error" in expect) {
    if ("ok" in expect) {
      if (!observed.ok) {
        diffs.push({ path, expected: "ok", observed: describeError(observed.error), kind: "mismatch" });
      } else if (observed.value !== undefined) {
        // UPSERT-WRITE-009: writes return nothing.
        diffs.push({ path: `${path}.returned`, expected: undefined, observed: observed.value, kind: "mismatch" });
      }
    } else if (observed.ok) {
      diffs.push({ path, expected: describeError({ class: expect.error, errno: expect.errno }), observed: "ok", kind: "mismatch" });
    } else if (observed.error.class !== expect.error || (expect.errno !== undefined && observed.error.errno !== expect.errno)) {
      diffs.push({
        path,
        expected: describeError({ class: expect.error, errno: expect.errno }),
        observed: describeError(observed.error),
        kind: "mismatch",
      });
    }
    if (expect.embeddingCalls && exactKey(expect.embeddingCalls) !== exactKey(observed.embeddingCalls)) {
      diffs.push({ path: `${path}.embeddingCalls`, expected: expect.embeddingCalls, observed: observed.embeddingCalls, kind: "mismatch" });
    }
    return diffs;
  }
  if (!observed.ok) {
    return [{ path, expected: "a result", observed: `${observed.error.class}: ${observed.error.message}`, kind: "mismatch" }];
  }
  if ("records" in expect) return compareRecords(path, expect.records, observed.value as ObservedRecord[]);
  if ("query" in expect) {
    diffs.push(...compareQuery(path, expect.query, observed.value as QueryResult));
    if (expect.embeddingCalls && exactKey(expect.embeddingCalls) !== exactKey(observed.embeddingCalls)) {
      diffs.push({ path: `${path}.embeddingCalls`, expected: expect.embeddingCalls, observed: observed.embeddingCalls, kind: "mismatch" });
    }
    return diffs;
  }
  if (observed.value !== expect.count) return [{ path, expected: expect.count, observed: observed.value, kind: "mismatch" }];
  return [];
}

export const hasMismatch = (diffs: readonly Difference[]): boolean => diffs.some((d) => d.kind === "mismatch");

/**
 * The expectation an observation stands for, so that one target's observation (the model's) can
 * judge another's with the same rules: ok with its embedding calls, an error class (with errno
 * when the model names one), records, or a count.
 */
export function expectationOf(o: Observation<unknown>, kind: "write" | "records" | "count" | "query"): Expectation {
  if (!o.ok) {
    return { error: o.error.class, ...(o.error.errno !== undefined ? { errno: o.error.errno } : {}), embeddingCalls: o.embeddingCalls };
  }
  if (kind === "records") return { records: o.value as ExpectedRecord[] };
  // The model's lists carry their ranking; another observation stands for its hits, in its order.
  if (kind === "query") return { query: (o.value as QueryResult).map((l) => l.ranking ?? { nResults: l.hits.length, ranked: l.hits }), embeddingCalls: o.embeddingCalls };
  if (kind === "count") return { count: o.value as number };
  return { ok: true, embeddingCalls: o.embeddingCalls };
}
