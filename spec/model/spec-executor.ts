// The spec profile: what the clauses say. Every check runs before the first write (UPSERT-ATOM-001),
// then the ids are applied in order to a scratch copy of the immutable state (UPSERT-BATCH-001).
import { runEmbeddingFunction } from "../embedding-functions.ts";
import type {
  CallResult,
  ClassifiedError,
  CollectionState,
  JsonValue,
  StoredRecord,
  WriteArgs,
  WriteEnv,
  WriteOp,
} from "./types.ts";
import { copyJsonValue, describeType, INVALID, isNullish, isPlainObject, isWellFormedText, jsonHasIllFormedText, toFloat32, utf8ByteLength } from "./values.ts";

export const MAX_ID_BYTES = 512;
const OK = { ok: true } as const;

const fault = (cls: ClassifiedError["class"], clause: string, message: string): ClassifiedError => ({
  class: cls,
  clause,
  message,
});

interface Shape {
  readonly ids: readonly unknown[];
  readonly embeddings: readonly unknown[] | undefined;
  readonly documents: readonly unknown[] | undefined;
  readonly metadatas: readonly unknown[] | undefined;
}

/** UPSERT-NORM-007: only undefined and null mean "not given". */
const given = (v: unknown): boolean => v !== undefined && v !== null;

/** UPSERT-NORM-004: the form is decided by the whole value: any array element makes it a list. */
function embeddingList(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) return [v];
  let sawNumber = false;
  for (const e of v) {
    if (Array.isArray(e)) return v;
    if (typeof e === "number") sawNumber = true;
  }
  return sawNumber ? [v] : v;
}

function documentList(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [v];
}

function normaliseShape(args: WriteArgs): Shape | ClassifiedError {
  const rawIds = args.ids;
  let ids: readonly unknown[];
  if (typeof rawIds === "string") ids = [rawIds];
  else if (Array.isArray(rawIds)) ids = rawIds;
  else return fault("validation", "UPSERT-ERR-006", `ids must be a string or an array of strings, got ${describeType(rawIds)}`);

  const embeddings = given(args.embeddings) ? embeddingList(args.embeddings) : undefined;
  const documents = given(args.documents) ? documentList(args.documents) : undefined;
  const metadatas = given(args.metadatas) ? documentList(args.metadatas) : undefined;
  if (!embeddings && !documents && !metadatas) {
    return fault("validation", "UPSERT-ERR-003", "at least one of embeddings, documents or metadatas must be given");
  }
  if (ids.length === 0) return fault("validation", "UPSERT-ERR-001", "ids must not be empty");
  const n = ids.length;
  if (embeddings && embeddings.length !== n) return lengthFault("embeddings", embeddings.length, n);
  if (documents && documents.length !== n) return lengthFault("documents", documents.length, n);
  if (metadatas && metadatas.length !== n) return lengthFault("metadatas", metadatas.length, n);
  return { ids, embeddings, documents, metadatas };
}

function lengthFault(name: string, length: number, ids: number): ClassifiedError {
  return fault("validation", "UPSERT-ERR-002", `${name} has ${length} elements for ${ids} ids`);
}

function checkId(id: unknown): ClassifiedError | undefined {
  if (typeof id !== "string") return fault("validation", "UPSERT-ERR-006", `id must be a string, got ${describeType(id)}`);
  if (id.length === 0) return fault("validation", "UPSERT-ERR-007", "id must not be empty");
  if (!isWellFormedText(id)) return fault("validation", "UPSERT-VAL-007", "id holds a lone surrogate (not well-formed Unicode)");
  // A UTF-16 unit is at most 3 UTF-8 bytes: short ids need no byte count.
  if (id.length * 3 > MAX_ID_BYTES && utf8ByteLength(id) > MAX_ID_BYTES) {
    return fault("validation", "UPSERT-ERR-008", `id is ${utf8ByteLength(id)} bytes; the limit is ${MAX_ID_BYTES}`);
  }
  return undefined;
}

function checkEmbedding(e: unknown, dimension: number): ClassifiedError | undefined {
  if (!Array.isArray(e)) return fault("validation", "UPSERT-ERR-011", `embedding must be an array of numbers, got ${describeType(e)}`);
  for (const x of e) {
    if (typeof x !== "number") return fault("validation", "UPSERT-ERR-011", `embedding element must be a number, got ${describeType(x)}`);
    // float32 is what is stored: 1e39 is finite in JavaScript but not in float32.
    if (!Number.isFinite(Math.fround(x))) return fault("validation", "UPSERT-ERR-005", `embedding element ${x} is not a finite float32`);
  }
  if (e.length !== dimension) return fault("dimension", "UPSERT-ERR-004", `embedding has ${e.length} elements; the collection's dimension is ${dimension}`);
  return undefined;
}

/**
 * Checks every element in id order (UPSERT-ERR-013) and returns deep copies of the metadata
 * objects, so later changes to the caller's objects cannot reach the state.
 */
function checkElements(shape: Shape, dimension: number): ClassifiedError | (JsonValue | undefined)[] | undefined {
  const { ids, embeddings, documents, metadatas } = shape;
  const metadataCopies: (JsonValue | undefined)[] | undefined = metadatas ? new Array(ids.length) : undefined;
  for (let i = 0; i < ids.length; i++) {
    const idFault = checkId(ids[i]);
    if (idFault) return idFault;
    const e = embeddings?.[i];
    if (!isNullish(e)) {
      const f = checkEmbedding(e, dimension);
      if (f) return f;
    }
    const d = documents?.[i];
    if (!isNullish(d) && typeof d !== "string") {
      return fault("validation", "UPSERT-ERR-009", `document must be a string, got ${describeType(d)}`);
    }
    if (typeof d === "string" && !isWellFormedText(d)) return fault("validation", "UPSERT-VAL-007", "document holds a lone surrogate (not well-formed Unicode)");
    const m = metadatas?.[i];
    if (!isNullish(m)) {
      const copy = isPlainObject(m) ? copyJsonValue(m) : INVALID;
      if (copy === INVALID) return fault("validation", "UPSERT-ERR-010", `metadata must be a plain JSON object, got ${describeType(m)}`);
      if (jsonHasIllFormedText(copy)) return fault("validation", "UPSERT-VAL-007", "metadata holds a lone surrogate (not well-formed Unicode)");
      metadataCopies![i] = copy;
    }
  }
  return metadataCopies;
}

// Top-level, not a closure in specWrite: tsx/esbuild wraps every closure it creates in a naming
// helper, which cost a third of the hot path.
function reject(state: CollectionState, error: ClassifiedError, embeddingCalls: readonly (readonly unknown[])[] = NO_CALLS): CallResult {
  return { state, outcome: { ok: false, error }, embeddingCalls };
}
const NO_CALLS: readonly (readonly unknown[])[] = Object.freeze([]);

export function specWrite(state: CollectionState, op: WriteOp, args: WriteArgs, env?: WriteEnv): CallResult {
  const { dimension, embeddingFunction } = state.config;
  const shape = normaliseShape(args);
  if (!("ids" in shape)) return reject(state, shape);
  const checked = checkElements(shape, dimension);
  if (checked && !Array.isArray(checked)) return reject(state, checked);
  // UPSERT-ERR-013: the arguments first, then the collection, then the embedding function.
  if (state.dropped) return reject(state, fault("not_found", "UPSERT-ERR-012", "the collection has been deleted"));
  const metadataCopies = checked;

  const ids = shape.ids as readonly string[];
  const { embeddings, documents } = shape;
  const records = state.records;

  // UPSERT-EMBED-001/002: one call, with the documents of the ids that need a vector, in id order.
  let embeddingCalls: (readonly unknown[])[] | typeof NO_CALLS = NO_CALLS;
  let generated: (readonly number[] | undefined)[] | undefined;
  if (embeddingFunction !== null && documents) {
    const need: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (isNullish(embeddings?.[i]) && typeof documents[i] === "string") {
        // update never inserts, so only stored ids need a vector (UPSERT-REL-004).
        if (op !== "update" || records.has(ids[i]!)) need.push(i);
      }
    }
    if (need.length > 0) {
      const texts: unknown[] = [];
      for (const i of need) texts.push(documents[i]);
      embeddingCalls = [texts];
      const run = runEmbeddingFunction(embeddingFunction, texts, dimension, env?.faults);
      if (!run.ok) return reject(state, fault("embedding_function", "UPSERT-EMBED-005", run.message), embeddingCalls);
      if (run.vectors.length !== need.length) {
        return reject(
          state,
          fault("embedding_function", "UPSERT-EMBED-006", `embedding function returned ${run.vectors.length} vectors for ${need.length} documents`),
          embeddingCalls,
        );
      }
      generated = new Array(ids.length);
      for (let k = 0; k < need.length; k++) {
        const v = run.vectors[k]!;
        if (v.length !== dimension) {
          return reject(
            state,
            fault("dimension", "UPSERT-EMBED-007", `embedding function returned ${v.length} elements; the collection's dimension is ${dimension}`),
            embeddingCalls,
          );
        }
        generated[need[k]!] = v;
      }
    }
  }

  // Apply in order on a scratch copy; a fault here still writes nothing (UPSERT-ATOM-001).
  // A mutable scratch copy pays off only for batches; a single id is one persistent set.
  let next = ids.length > 1 ? records.asMutable() : records;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const existing = next.get(id);
    if (op === "add" && existing) {
      return reject(state, fault("duplicate", "UPSERT-REL-003", `Duplicate entry '${id}' for key '_id'`), embeddingCalls);
    }
    if (op === "update" && !existing) continue;
    const e = embeddings?.[i];
    const vector = !isNullish(e) ? (e as readonly number[]) : generated?.[i];
    const d = documents?.[i];
    const m = metadataCopies?.[i];
    let record: StoredRecord;
    if (existing) {
      record = {
        id,
        document: isNullish(d) ? existing.document : (d as string),
        embedding: vector ? toFloat32(vector) : existing.embedding,
        metadata: m === undefined ? existing.metadata : m,
      };
    } else {
      if (!vector) {
        return reject(state, fault("validation", "UPSERT-WRITE-008", `id '${id}' would be inserted without an embedding`), embeddingCalls);
      }
      record = {
        id,
        document: isNullish(d) ? null : (d as string),
        embedding: toFloat32(vector),
        metadata: m === undefined ? null : m,
      };
    }
    next = next.set(id, record);
  }
  return { state: { config: state.config, records: next.asImmutable() }, outcome: OK, embeddingCalls };
}
