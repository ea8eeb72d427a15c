// Which clauses decide what a write does to each id and field, as the spec reads the call. Used
// to name the clauses behind a difference the fuzzer finds (a difference at record X, field F,
// after a call → the clauses that decided X.F in that call, plus those about the call as a whole).
// Pure and independent of the executors: a bug in an executor cannot hide its own clauses.
import { isNullish, isWellFormedText, jsonHasIllFormedText, utf8ByteLength } from "./values.ts";
import type { CollectionState, WriteArgs, WriteOp } from "./types.ts";

export type Field = "document" | "metadata" | "embedding" | "existence";

/** Clauses that decide whether a call fails, and how. */
const ERROR_DECIDING = /^UPSERT-(ERR-\d+|VAL-007|WRITE-008|REL-003|EMBED-(005|006|007|009|011))$/;

export interface Explanation {
  /** Clauses about the call as a whole: the forms of its fields, its shape, batch rules. */
  readonly call: readonly string[];
  /** Per id (as text), per field: the clauses that decide what the call does to it. */
  readonly fields: ReadonlyMap<string, Readonly<Record<Field, readonly string[]>>>;
}

const FIELD_OF = { documents: "document", metadatas: "metadata", embeddings: "embedding" } as const;
type ArgField = keyof typeof FIELD_OF;

function isVector(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number");
}

/** The elements of a field for n ids, as the spec normalises them (undefined when not given). */
function elements(name: ArgField, v: unknown, n: number): unknown[] | undefined {
  if (isNullish(v)) return undefined;
  if (name === "embeddings") return isVector(v) || !Array.isArray(v) ? [v] : v;
  return Array.isArray(v) ? v : Array.from({ length: Math.min(n, 1) }, () => v);
}

/** How the clients store an id that is not a string, besides String(id). */
function storedSpellings(id: unknown): string[] {
  if (typeof id === "boolean") return id ? ["1", "True"] : ["0", "False"];
  if (id === null || id === undefined) return ["None"];
  return [];
}

export function explainWrite(state: CollectionState, op: WriteOp, args: WriteArgs): Explanation {
  const call = new Set<string>();
  const rawIds = args.ids;
  const ids: unknown[] = typeof rawIds === "string" ? [rawIds] : Array.isArray(rawIds) ? rawIds : [rawIds];
  call.add(typeof rawIds === "string" ? "UPSERT-NORM-001" : "UPSERT-NORM-006");
  if (!Array.isArray(rawIds) && typeof rawIds !== "string") call.add("UPSERT-ERR-006");
  if (ids.length === 0) call.add("UPSERT-ERR-001");
  if (state.dropped) call.add("UPSERT-ERR-012");
  if (op === "add") call.add("UPSERT-REL-001");
  if (op === "update") call.add("UPSERT-REL-002");
  const fieldsGiven = (Object.keys(FIELD_OF) as ArgField[]).filter((f) => !isNullish(args[f]));
  if (fieldsGiven.length === 0) call.add("UPSERT-ERR-003");
  const lists: Partial<Record<ArgField, unknown[] | undefined>> = {};
  for (const f of Object.keys(FIELD_OF) as ArgField[]) {
    const v = args[f];
    if (f in args && isNullish(v)) call.add("UPSERT-NORM-007");
    if (v === "" || (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)) call.add("UPSERT-NORM-007");
    if (!isNullish(v)) {
      const single = f === "embeddings" ? isVector(v) || !Array.isArray(v) : !Array.isArray(v);
      if (single) call.add(({ documents: "UPSERT-NORM-002", metadatas: "UPSERT-NORM-003", embeddings: "UPSERT-NORM-004" } as const)[f]);
      if (single !== (typeof rawIds === "string")) call.add("UPSERT-NORM-005");
      if (f === "embeddings" && Array.isArray(v) && !isVector(v)) call.add("UPSERT-NORM-004");
    }
    const list = elements(f, v, ids.length);
    lists[f] = list;
    if (list && list.length !== ids.length) call.add("UPSERT-ERR-002");
  }
  const seen = new Map<unknown, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  if ([...seen.values()].some((k) => k > 1)) call.add(op === "add" ? "UPSERT-REL-003" : "UPSERT-BATCH-002").add("UPSERT-BATCH-001");
  if (ids.length > 1) call.add("UPSERT-BATCH-003").add("UPSERT-ATOM-001");

  const fields = new Map<string, Record<Field, string[]>>();
  const known = new Set(state.records.keys());
  const ef = state.config.embeddingFunction;
  for (const [i, id] of ids.entries()) {
    const key = String(id);
    const r = fields.get(key) ?? { document: [], metadata: [], embedding: [], existence: [] };
    // A difference names the record by the id the server stored, which for an id that is not a
    // string is the client's spelling of it: true is '1' through seekdb-js, 'True' through pyseekdb.
    for (const alias of [key, ...storedSpellings(id)]) if (!fields.has(alias)) fields.set(alias, r);
    if (typeof id !== "string") r.existence.push("UPSERT-ERR-006");
    else if (id === "") r.existence.push("UPSERT-ERR-007");
    else if (utf8ByteLength(id) > 512 || id.length >= 128) r.existence.push("UPSERT-ERR-008");
    if (typeof id === "string" && /[^\x21-\x7e]|^$/.test(id)) r.existence.push("UPSERT-VAL-006");
    if (typeof id === "string" && !isWellFormedText(id)) r.existence.push("UPSERT-VAL-007");
    const exists = known.has(key);
    if (op === "add") r.existence.push(exists ? "UPSERT-REL-003" : "UPSERT-REL-001");
    else if (op === "update") r.existence.push(exists ? "UPSERT-REL-002" : "UPSERT-REL-004");
    else r.existence.push(exists ? "UPSERT-WRITE-002" : "UPSERT-WRITE-001");
    const d = lists.documents?.[i];
    const m = lists.metadatas?.[i];
    const e = lists.embeddings?.[i];
    const kept = exists ? "UPSERT-WRITE-003" : "UPSERT-WRITE-007";
    const elementNull = (list: unknown[] | undefined, v: unknown) => list !== undefined && isNullish(v);
    if (isNullish(d)) r.document.push(kept, ...(elementNull(lists.documents, d) ? ["UPSERT-NORM-008"] : []));
    else {
      r.document.push(typeof d !== "string" ? "UPSERT-ERR-009" : d === "" ? "UPSERT-VAL-001" : "UPSERT-VAL-005");
      if (typeof d === "string" && !isWellFormedText(d)) r.document.push("UPSERT-VAL-007");
      if (exists) r.document.push("UPSERT-WRITE-004");
    }
    if (isNullish(m)) r.metadata.push(kept, ...(elementNull(lists.metadatas, m) ? ["UPSERT-NORM-008"] : []));
    else {
      const plain = m !== null && typeof m === "object" && !Array.isArray(m);
      r.metadata.push(!plain ? "UPSERT-ERR-010" : Object.keys(m).length === 0 ? "UPSERT-VAL-002" : "UPSERT-VAL-004");
      if (jsonHasIllFormedText(m)) r.metadata.push("UPSERT-VAL-007");
      if (exists) r.metadata.push("UPSERT-WRITE-005");
    }
    if (!isNullish(e)) {
      r.embedding.push("UPSERT-VAL-003");
      if (!Array.isArray(e) || e.some((x) => typeof x !== "number")) r.embedding.push("UPSERT-ERR-011");
      else {
        if (e.length !== state.config.dimension) r.embedding.push("UPSERT-ERR-004");
        if (e.some((x) => !Number.isFinite(Math.fround(x as number)))) r.embedding.push("UPSERT-ERR-005");
      }
      if (!isNullish(d) && ef !== null) r.embedding.push("UPSERT-EMBED-003");
      if (exists) r.embedding.push("UPSERT-WRITE-006");
    } else if (typeof d === "string" && ef !== null) {
      r.embedding.push("UPSERT-EMBED-001", "UPSERT-EMBED-002");
      if (ef !== "length" && ef !== "http") r.embedding.push(...{ failing: ["UPSERT-EMBED-005"], short: ["UPSERT-EMBED-006"], long: ["UPSERT-EMBED-006"], wrong_dimension: ["UPSERT-EMBED-007"] }[ef]);
      if (ef === "http") r.embedding.push("UPSERT-EMBED-009", "UPSERT-EMBED-010", "UPSERT-EMBED-011");
      if (exists) r.embedding.push("UPSERT-WRITE-006");
    } else {
      r.embedding.push(kept, ...(elementNull(lists.embeddings, e) ? ["UPSERT-NORM-008"] : []));
      if (!exists && op !== "update") r.embedding.push(typeof d === "string" && ef === null ? "UPSERT-EMBED-008" : "UPSERT-WRITE-008");
      if (typeof d === "string" && ef === null) r.embedding.push("UPSERT-EMBED-008");
      if (ef !== null && isNullish(d)) r.embedding.push("UPSERT-EMBED-004");
    }
    if (seen.get(id)! > 1) for (const f of ["document", "metadata", "embedding"] as const) r[f].push("UPSERT-BATCH-002");
    if (typeof id === "string" && !exists && op !== "update") known.add(id);
  }
  return { call: [...call], fields };
}

/**
 * The clauses behind a difference at `path` ("... get()[\"a\"].metadata", "steps[3] upsert",
 * "steps[3] upsert.embeddingCalls"). `specError` is the clause of the spec's own error, if the
 * spec rejected the call.
 */
export function clausesAt(explanation: Explanation, path: string, specError?: string, narrow = true): string[] {
  const everyField = () => [...explanation.fields.values()].flatMap((f) => [...f.existence, ...f.document, ...f.metadata, ...f.embedding]);
  if (path.endsWith(".embeddingCalls")) {
    return [...new Set(["UPSERT-EMBED-002", ...[...explanation.fields.values()].flatMap((f) => f.embedding), ...explanation.call])];
  }
  const m = /\[("(?:[^"\\]|\\.)*")\](?:\.(document|metadata|embedding))?/.exec(path);
  // The outcome of the call itself (ok against an error, or another error class): the clauses
  // that can decide an error, else everything the call touched.
  if (!m) {
    const all = [...new Set([...(specError ? [specError] : []), ...explanation.call, ...everyField()])];
    const deciding = all.filter((c) => ERROR_DECIDING.test(c));
    return narrow && deciding.length > 0 ? deciding : all;
  }
  let id: string;
  try {
    id = JSON.parse(m[1]!) as string;
  } catch {
    return [...explanation.call];
  }
  const f = explanation.fields.get(id);
  if (!f) return ["UPSERT-ATOM-003", ...explanation.call];
  // A difference in one record's field: the clauses that decided that field (and whether the
  // record is inserted or updated), not everything else the call did.
  const field = (m[2] as Field | undefined) ?? "existence";
  const decided = field === "existence" ? f.existence : [...f[field], ...f.existence.filter((c) => /WRITE-00[12]|REL-00[1-4]/.test(c))];
  return [...new Set(decided.length > 0 ? decided : explanation.call)];
}

/**
 * The clauses behind a difference in a query's answer, by where it is (compare.ts names it): the
 * order or the count, a record that should not be there, one field of a hit, the embedding
 * function's calls, or the call's outcome (`specError`: the clause of the spec's own error).
 */
export function queryClausesAt(path: string, specError?: string): string[] {
  if (path.endsWith(".embeddingCalls")) return ["UPSERT-QUERY-007", "UPSERT-QUERY-010"];
  if (path.endsWith(".lists")) return ["UPSERT-QUERY-007", "UPSERT-QUERY-010"];
  if (/\.(order|length|ids)$/.test(path)) return ["UPSERT-QUERY-001", "UPSERT-QUERY-003", "UPSERT-QUERY-005", "UPSERT-QUERY-012"];
  const field = /\]\.(distance|document|metadata|embedding)$/.exec(path)?.[1];
  if (field === "distance") return ["UPSERT-QUERY-001", "UPSERT-QUERY-002", "UPSERT-QUERY-012"];
  if (field === "document") return ["UPSERT-QUERY-006", "UPSERT-VAL-001"];
  if (field === "metadata") return ["UPSERT-QUERY-006", "UPSERT-VAL-002"];
  if (field === "embedding") return ["UPSERT-QUERY-006", "UPSERT-VAL-003"];
  if (/\[\d+\]\[".*"\]$/.test(path)) return ["UPSERT-QUERY-004"];
  // The outcome itself: the spec's error clause, or every clause that can decide one.
  return specError ? [specError] : ["UPSERT-QUERY-003", "UPSERT-QUERY-007", "UPSERT-QUERY-008", "UPSERT-QUERY-009", "UPSERT-QUERY-010", "UPSERT-QUERY-011"];
}
