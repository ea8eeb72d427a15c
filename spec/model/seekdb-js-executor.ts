// The seekdb-js@1.4.0 profile: the client-side algorithm of `Collection.upsert/add/update` in
// node_modules/seekdb/dist/index.mjs, replayed on the model's state, plus the server checks its SQL
// meets (NOT NULL 1048, VARBINARY(512) 1406, duplicate key 1062, VECTOR(d) 7600). Every statement
// commits on its own, so a fault at id k leaves ids < k written: that is the SDK's behaviour.
import { ClientRun, clientQuery, clientWrite } from "./client-run.ts";
import { fail, UnmodelledInput } from "./fault.ts";
import { seekdbDoubleText, seekdbStoreJson } from "./server-values.ts";
import type { InsertRow, JsonCell, UpdateSet } from "./server-table.ts";
import { rankingOf, storedHit, type Included, type ReadHit } from "./query.ts";
import type { ClassifiedError, JsonValue, QueryArgs, QueryFn, StoredRecord, WriteArgs, WriteFn } from "./types.ts";
import { toWellFormedText } from "./values.ts";

export { UnmodelledInput };

/** How mysql2 escapes a value and seekdb casts it: the `_id` bytes a statement reaches. */
function idKey(id: unknown): string | null {
  if (id === null || id === undefined) return null;
  // mysql2 encodes text as UTF-8: a lone surrogate becomes U+FFFD (two ids can meet this way).
  if (typeof id === "string") return toWellFormedText(id);
  if (typeof id === "number" && Number.isSafeInteger(id)) return String(id);
  if (typeof id === "boolean") return id ? "1" : "0";
  throw new UnmodelledInput(`id of type ${typeof id} through mysql2 escaping`);
}

/** What a STRING column holds after mysql2 escapes the value. */
function documentValue(doc: unknown): string | null {
  if (doc === null || doc === undefined) return null;
  if (typeof doc === "string") return toWellFormedText(doc);
  if (typeof doc === "number" && Number.isSafeInteger(doc)) return String(doc);
  if (typeof doc === "boolean") return doc ? "1" : "0";
  throw new UnmodelledInput(`document of type ${typeof doc} through mysql2 escaping`);
}

/**
 * serializeMetadata is JSON.stringify; the JSON column then holds what seekdb makes of that text
 * (server-values.ts) — refused only when the statement converts the value, i.e. for rows it writes.
 */
function metadataValue(meta: unknown): JsonCell {
  const text = JSON.stringify(meta);
  if (text === undefined) throw new UnmodelledInput(`metadata ${typeof meta} that JSON.stringify drops`);
  return seekdbStoreJson(JSON.parse(text) as JsonValue);
}

/** vectorToSqlString: arrays of finite numbers only. */
function vectorText(vec: unknown): number[] {
  if (!Array.isArray(vec)) fail("validation", "Vector must be an array");
  for (const v of vec as unknown[]) {
    if (!Number.isFinite(v)) fail("validation", `Vector contains invalid value: ${String(v)}`);
  }
  return vec as number[];
}

const truthy = (v: unknown): boolean => Boolean(v);

/** `embeddings ? Array.isArray(embeddings[0]) ? embeddings : [embeddings] : undefined` */
function embeddingsArray(v: unknown): unknown[] | undefined {
  if (!truthy(v)) return undefined;
  const first = (v as { [k: number]: unknown })[0];
  return Array.isArray(first) ? (v as unknown[]) : [v];
}
function listOrWrap(v: unknown): unknown[] | undefined {
  if (!truthy(v)) return undefined;
  return Array.isArray(v) ? v : [v];
}

class Run extends ClientRun {
  generate(texts: readonly unknown[]): unknown[] {
    const run = this.embed(texts);
    if (!run.ok) fail("embedding_function", run.message);
    return (run as { vectors: number[][] }).vectors;
  }
  /**
   * upsert's existence check for each id is the SDK's own get() of that id, so it decodes the
   * stored record as get() does: a metadata get() cannot read (a JSON string that is not JSON
   * text) makes the upsert itself throw there.
   */
  exists(key: string | null): boolean {
    const record = this.table.select(key);
    if (!record) return false;
    const read = seekdbJsRead([record]);
    if (!read.ok) fail(read.error.class, read.error.message);
    return true;
  }
}

function add(run: Run, args: WriteArgs): void {
  const ids = Array.isArray(args.ids) ? args.ids : [args.ids];
  if (ids.length === 0) fail("validation", "ids cannot be empty");
  let embeddings = embeddingsArray(args.embeddings);
  const metadatas = listOrWrap(args.metadatas);
  const documents = listOrWrap(args.documents);
  if (!embeddings && documents) {
    if (run.hasEmbeddingFunction) embeddings = run.generate(documents);
    else fail("validation", "Documents provided but no embeddings and no embedding function");
  }
  if (!embeddings) fail("validation", "Either embeddings or documents must be provided");
  const vectors = embeddings!;
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    if (v === null || v === undefined) fail("crash", `TypeError: Cannot read properties of ${String(v)} (reading 'length')`);
    if ((v as { length?: unknown }).length !== run.dimension) {
      fail("dimension", `Dimension mismatch at index ${i}. Expected ${run.dimension}, got ${String((v as { length?: unknown }).length)}`);
    }
  }
  // buildInsert serialises every row before the one statement runs.
  const rows = ids.map((id, i): InsertRow => {
    const meta = metadatas?.[i] ?? null;
    return {
      key: idKey(id),
      document: documentValue(documents?.[i] ?? null),
      metadata: meta ? metadataValue(meta) : null,
      vector: { kind: "text", values: vectorText(vectors[i]) },
    };
  });
  run.table.insert(rows);
}

/**
 * The start update() and upsert() share: wrap single values, call the embedding function on all
 * documents when embeddings is absent, require one field.
 */
function normalise(run: Run, args: WriteArgs) {
  const ids = Array.isArray(args.ids) ? args.ids : [args.ids];
  let embeddings = embeddingsArray(args.embeddings);
  const metadatas = listOrWrap(args.metadatas);
  const documents = listOrWrap(args.documents);
  if (!embeddings && documents && run.hasEmbeddingFunction) embeddings = run.generate(documents);
  if (!embeddings && !metadatas && !documents) {
    fail("validation", "At least one of embeddings, metadatas, or documents must be provided");
  }
  return { ids, embeddings, metadatas, documents };
}

function update(run: Run, args: WriteArgs): void {
  const { ids, embeddings, metadatas, documents } = normalise(run, args);
  if (documents && documents.length !== ids.length) fail("validation", "Length mismatch: documents vs ids");
  if (metadatas && metadatas.length !== ids.length) fail("validation", "Length mismatch: metadatas vs ids");
  if (embeddings && embeddings.length !== ids.length) fail("validation", "Length mismatch: embeddings vs ids");
  for (let i = 0; i < ids.length; i++) {
    const updates: UpdateSet = {};
    // update() tests truthiness here, unlike upsert(): "" and null elements are skipped.
    if (documents && truthy(documents[i])) updates.document = documentValue(documents[i]);
    if (metadatas && truthy(metadatas[i])) updates.metadata = metadataValue(metadatas[i]);
    if (embeddings && truthy(embeddings[i])) updates.vector = { kind: "text", values: vectorText(embeddings[i]) };
    if (Object.keys(updates).length === 0) continue;
    run.table.update(idKey(ids[i]), updates);
  }
}

function upsert(run: Run, args: WriteArgs): void {
  const { ids, embeddings, metadatas, documents } = normalise(run, args);
  for (let i = 0; i < ids.length; i++) {
    const key = idKey(ids[i]);
    const doc = documents?.[i];
    const meta = metadatas?.[i];
    const vec = embeddings?.[i];
    if (run.exists(key)) {
      const updates: UpdateSet = {};
      if (doc !== undefined) updates.document = documentValue(doc);
      if (meta !== undefined) updates.metadata = metadataValue(meta);
      if (vec !== undefined) updates.vector = { kind: "text", values: vectorText(vec) };
      if (Object.keys(updates).length > 0) run.table.update(key, updates);
    } else {
      add(run, {
        ids: [ids[i]],
        documents: truthy(doc) ? [doc] : undefined,
        metadatas: truthy(meta) ? [meta] : undefined,
        embeddings: truthy(vec) ? [vec] : undefined,
      });
    }
  }
}

export const seekdbJsWrite: WriteFn = clientWrite((state, env) => new Run(state, env), { upsert, add, update });

/**
 * seekdb-js's get(): mysql2 has already parsed the JSON column, and the SDK then does
 * `meta ? (typeof meta === "string" ? JSON.parse(meta) : meta) : null` — falsy metadata reads as
 * null, and a JSON string is parsed a second time (a SyntaxError when it is not JSON text).
 */
export function seekdbJsRead(records: readonly StoredRecord[]): { ok: true; records: StoredRecord[] } | { ok: false; error: ClassifiedError } {
  const out: StoredRecord[] = [];
  for (const r of records) {
    let metadata: JsonValue | null = r.metadata;
    if (!metadata) metadata = null;
    else if (typeof metadata === "string") {
      try {
        metadata = JSON.parse(metadata) as JsonValue;
      } catch (e) {
        return { ok: false, error: { class: "crash", message: `SyntaxError: ${(e as Error).message}` } };
      }
    }
    out.push(metadata === r.metadata ? r : { ...r, metadata });
  }
  return { ok: true, records: out };
}

// ---- query: Collection.query(), SQLBuilder.buildVectorQuery() and the rows it reads back

/** What mysql2 makes of nResults in `LIMIT ?`: a whole number as it is, anything else a syntax error. */
function limitOf(nResults: unknown): number {
  if (typeof nResults === "number" && Number.isFinite(nResults)) {
    if (Number.isInteger(nResults) && nResults >= 0) return nResults;
    return fail("server", `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${String(nResults)}'`, 1064);
  }
  throw new UnmodelledInput(`nResults of type ${typeof nResults} through mysql2 escaping`);
}

/** `const { queryEmbeddings, queryTexts, nResults = 10, include } = options` and the dense-vector branch. */
function queryVectorsOf(run: Run, args: QueryArgs): unknown[] {
  const qe = args.queryEmbeddings;
  if (qe !== undefined) {
    if (qe === null) fail("crash", "TypeError: Cannot read properties of null (reading '0')");
    if (typeof qe === "object" && !Array.isArray(qe)) throw new UnmodelledInput("queryEmbeddings that may be a sparse vector");
    if (Array.isArray(qe) && qe.length > 0 && qe[0] !== null && typeof qe[0] === "object" && !Array.isArray(qe[0])) throw new UnmodelledInput("queryEmbeddings of sparse vectors");
    return Array.isArray((qe as { [k: number]: unknown })[0]) ? (qe as unknown[]) : [qe];
  }
  if (truthy(args.queryTexts)) {
    if (!run.hasEmbeddingFunction) fail("validation", "queryTexts provided but no queryEmbeddings and no embedding function");
    return run.generate(Array.isArray(args.queryTexts) ? args.queryTexts : [args.queryTexts]);
  }
  return fail("validation", "Either queryEmbeddings or queryTexts must be provided");
}

/**
 * mysql2's reading of a DOUBLE in a text result (Packet.parseFloat): text of at most 17 characters
 * without an exponent is read digit by digit into a double and divided by a power of ten, which is
 * not correctly rounded — a distance can come back one ULP off (measured: 9.154916711800277 is
 * read as 9.154916711800276); longer text and exponents go through Number.parseFloat.
 */
export function mysql2Double(text: string): number {
  if (text.length > 17 || /[eE]/.test(text)) return Number.parseFloat(text);
  let result = 0;
  let factor = 1;
  let pastDot = false;
  let k = 0;
  if (text[0] === "-") {
    factor = -1;
    k++;
  }
  for (; k < text.length; k++) {
    if (text[k] === ".") pastDot = true;
    else {
      result = result * 10 + (text.charCodeAt(k) - 48);
      if (pastDot) factor *= 10;
    }
  }
  return result / factor;
}

/** The row as query() reads it: `row.document || null`, metadata as get() reads it, `Number(row.distance)` of what mysql2 read. */
function seekdbJsHit(included: Included): ReadHit {
  return (r, distance) => {
    // Only a selected metadata is parsed (and can fail to parse).
    const read = included.metadatas ? seekdbJsRead([r]) : { ok: true as const, records: [r] };
    if (!read.ok) fail(read.error.class, read.error.message);
    const record = (read as { records: StoredRecord[] }).records[0]!;
    // Number(null) is 0: a NULL distance reads as 0.
    return storedHit({ ...record, document: record.document || null }, distance === null ? 0 : mysql2Double(seekdbDoubleText(distance)), included);
  };
}

function queryInclude(include: unknown): Included {
  if (include === undefined || include === null) return { documents: true, metadatas: true, embeddings: false };
  if (!Array.isArray(include)) throw new UnmodelledInput(`include of type ${typeof include} (String.prototype.includes)`);
  return { documents: include.includes("documents"), metadatas: include.includes("metadatas"), embeddings: include.includes("embeddings") };
}

export const seekdbJsQuery: QueryFn = clientQuery(
  (state, env) => new Run(state, env),
  (run, args) => {
    const included = queryInclude(args.include);
    const vectors = queryVectorsOf(run, args);
    const metric = run.base.config.distance ?? "l2";
    // One statement per vector, each built (the vector checked) before it is sent; a LIMIT that is
    // not a whole number fails to parse before the table is looked up.
    return vectors.map((v) => {
      const values = vectorText(v);
      const limit = limitOf(args.nResults === undefined ? 10 : args.nResults);
      const hits = run.table.search({ vector: { kind: "text", values }, metric, descending: metric === "inner_product", limit });
      return rankingOf(hits, limit, included, seekdbJsHit(included));
    });
  },
);
