// The one place where observations are compared with expectations (design: ids as a set,
// documents exact, metadata as JSON, embeddings as float32, errors by class).
import { exactKey } from "../../spec/codec.ts";
import type { ExpectedRecord, Expectation } from "../../spec/load.ts";
import type { Observation, ObservedRecord } from "../drivers/driver.ts";

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
  if (observed.value !== expect.count) return [{ path, expected: expect.count, observed: observed.value, kind: "mismatch" }];
  return [];
}

export const hasMismatch = (diffs: readonly Difference[]): boolean => diffs.some((d) => d.kind === "mismatch");

/**
 * The expectation an observation stands for, so that one target's observation (the model's) can
 * judge another's with the same rules: ok with its embedding calls, an error class (with errno
 * when the model names one), records, or a count.
 */
export function expectationOf(o: Observation<unknown>, kind: "write" | "records" | "count"): Expectation {
  if (!o.ok) {
    return { error: o.error.class, ...(o.error.errno !== undefined ? { errno: o.error.errno } : {}), embeddingCalls: o.embeddingCalls };
  }
  if (kind === "records") return { records: o.value as ExpectedRecord[] };
  if (kind === "count") return { count: o.value as number };
  return { ok: true, embeddingCalls: o.embeddingCalls };
}
