// Invariants every target must keep after every step, whatever its profile (Chroma's
// invariants.py is the anchor): checked on what the target itself returns, so they hold even
// where the model is wrong.
import { isWellFormedText } from "../../spec/model/values.ts";
import type { ObservedRecord } from "../drivers/driver.ts";

export interface InvariantViolation {
  readonly invariant: "count-equals-ids" | "no-duplicate-ids" | "embedding-dimension" | "acknowledged-readable";
  readonly detail: string;
}

export interface StateView {
  readonly dimension: number;
  /** get() of the whole collection. */
  readonly records: readonly ObservedRecord[];
  readonly count: number;
  /** Ids of the write acknowledged just before (upsert/add answered ok), as the server stores them. */
  readonly acknowledged: readonly string[];
}

export function checkInvariants(v: StateView): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  if (v.count !== v.records.length) out.push({ invariant: "count-equals-ids", detail: `count() is ${v.count}, get() returned ${v.records.length} records` });
  const seen = new Set<string>();
  for (const r of v.records) {
    if (seen.has(r.id)) out.push({ invariant: "no-duplicate-ids", detail: `id ${JSON.stringify(r.id)} appears twice` });
    seen.add(r.id);
    if (!r.embedding || r.embedding.length !== v.dimension) {
      out.push({ invariant: "embedding-dimension", detail: `id ${JSON.stringify(r.id)} has embedding ${JSON.stringify(r.embedding)}; the dimension is ${v.dimension}` });
    }
  }
  for (const id of v.acknowledged) {
    if (!seen.has(id)) out.push({ invariant: "acknowledged-readable", detail: `id ${JSON.stringify(id)} was acknowledged and is not readable` });
  }
  return out;
}

/**
 * The ids an acknowledged upsert or add must have made readable under the same text. Ids that
 * are not well-formed Unicode are left to the model (UPSERT-VAL-007): no server can store them unchanged.
 */
export function acknowledgedIds(ids: unknown): string[] {
  const list = Array.isArray(ids) ? ids : [ids];
  return list.filter((id) => (typeof id === "string" && isWellFormedText(id)) || typeof id === "number").map(String);
}
