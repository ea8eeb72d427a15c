// The pyseekdb@1.4.0.post1 profile: the client-side algorithm of `Collection.upsert/add/update/get`
// (pyseekdb/client/client_base.py: _collection_upsert, _collection_add, _collection_update,
// _collection_get) replayed on the model's state, plus what the SQL it sends meets on seekdb 1.4
// (measured: suites/fidelity/pyseekdb-statements.json). Values are the ones the harness hands
// pyseekdb: JSON arrays are lists, objects dicts, integral numbers int, others float.
//
// Wire facts it depends on: inserts (add, and upsert's insert path) and upsert's update path send
// a vector as hex float32 `X'..'` — a wrong length is errno 1210 "Invalid argument", an empty
// vector is no value at all (1064); update() sends text `'[1,2,3]'` built with str() — a wrong
// length is 7600, `'[]'` is 1210. NaN, ±inf and values beyond float32 are kept as float32 makes them (NaN, ±inf) and read back as 0
// either way.
// Every statement commits on its own: a fault at id k leaves ids < k written.
import { ClientRun, clientQuery, clientWrite } from "./client-run.ts";
import { fail, Fault, UnmodelledInput } from "./fault.ts";
import { INVALID_JSON, seekdbStoreJson } from "./server-values.ts";
import type { InsertRow, JsonCell, UpdateSet, VectorCell } from "./server-table.ts";
import { MAX_N_RESULTS, rankingOf, storedHit, type Included, type ReadHit } from "./query.ts";
import type { JsonValue, QueryFn, StoredRecord, WriteArgs, WriteFn } from "./types.ts";
import { isPlainObject, isWellFormedText, jsonHasIllFormedText } from "./values.ts";
/** An exception pyseekdb did not mean to raise (TypeError, struct.error, ...): the harness's `crash`. */
const pyCrash = (exception: string, message: string): never => fail("crash", `${exception}: ${message}`);
/** pyseekdb's own ValueError: `validation`. */
const valueError = (message: string): never => fail("validation", `ValueError: ${message}`);

// ---- Python's view of the values (what json.loads in the harness makes of them)

const isList = Array.isArray;
const isDict = isPlainObject;
const isStr = (v: unknown): v is string => typeof v === "string";
/** JSON `1` is an int in Python, `1.5` a float (the codec sends integral numbers without a fraction). */
const isInt = (v: unknown): v is number => typeof v === "number" && /^-?\d+$/.test(JSON.stringify(v) ?? "");

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return isInt(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (isList(v)) return "list";
  if (isDict(v)) return "dict";
  throw new UnmodelledInput(`a ${typeof v} has no Python counterpart`);
}

/** bool(v) */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (isList(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true; // NaN is truthy in Python
}

/** len(v) */
function len(v: unknown): number {
  if (isList(v) || isStr(v)) return [...(v as Iterable<unknown>)].length;
  if (isDict(v)) return Object.keys(v).length;
  return pyCrash("TypeError", `object of type '${pyTypeName(v)}' has no len()`);
}

/** v[i] for a list or str (i is always in range here: lengths were checked). */
function item(v: unknown, i: number): unknown {
  if (isList(v)) return v[i];
  if (isStr(v)) return [...v][i];
  if (isDict(v)) return pyCrash("KeyError", String(i));
  return pyCrash("TypeError", `'${pyTypeName(v)}' object is not subscriptable`);
}

/** repr of a Python float: shortest digits, exponent below 1e-4 and from 1e16 on, two exponent digits. */
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Object.is(n, -0)) return "-0.0";
  const a = Math.abs(n);
  let s = a !== 0 && (a < 1e-4 || a >= 1e16) ? n.toExponential() : String(n);
  s = s.replace(/e([+-])(\d)$/, "e$10$2");
  return /[.en]/.test(s) ? s : `${s}.0`;
}

/** str(v) for the values an id can be. */
function pyStr(v: unknown): string {
  if (isStr(v)) return v;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return isInt(v) ? JSON.stringify(v) : floatRepr(v);
  throw new UnmodelledInput(`str() of a ${pyTypeName(v)} id`);
}

/** pymysql's escape_string(value): `value.translate(...)`, so only a str gets through. */
function escapeString(v: unknown): string {
  if (isStr(v)) return v;
  return pyCrash("AttributeError", `'${pyTypeName(v)}' object has no attribute 'translate'`);
}

/** Text PyMySQL cannot encode (a lone surrogate): the statement carrying it is never sent. */
const UNENCODABLE: unique symbol = Symbol("text UTF-8 cannot carry");
type PyJson = JsonCell | typeof UNENCODABLE;

/** What seekdb's JSON column holds after `json.dumps(v, ensure_ascii=False)`; NaN/Infinity make text it refuses. */
function jsonColumn(v: unknown): PyJson {
  let refused = false;
  const walk = (x: unknown): JsonValue => {
    if (x === null || isStr(x) || typeof x === "boolean") return x;
    if (typeof x === "number") {
      if (!Number.isFinite(x)) refused = true;
      return Number.isFinite(x) ? x : 0;
    }
    if (isList(x)) return x.map(walk);
    if (isDict(x)) return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, walk(e)]));
    throw new UnmodelledInput(`json.dumps of a ${typeof x}`);
  };
  const value = walk(v);
  if (jsonHasIllFormedText(value)) return UNENCODABLE;
  // json.dumps writes what the harness decoded: integral numbers as ints, the rest as float repr (-0.0 kept).
  return refused ? INVALID_JSON : seekdbStoreJson(value, (n) => (Object.is(n, -0) ? "-0.0" : JSON.stringify(n)));
}

/**
 * PyMySQL encodes each statement as UTF-8 before sending it: a lone surrogate anywhere in it is a
 * UnicodeEncodeError (a ValueError, so the harness says `validation`) and the statement is not sent.
 */
function encodeStatement(texts: readonly unknown[]): void {
  for (const t of texts) {
    if (t === UNENCODABLE || (isStr(t) && !isWellFormedText(t))) fail("validation", "UnicodeEncodeError: 'utf-8' codec can't encode character: surrogates not allowed");
  }
}

type PyRow = Omit<InsertRow, "metadata"> & { readonly metadata: PyJson | null };
type PySet = Omit<UpdateSet, "metadata"> & { metadata?: PyJson };

/** The elements struct.pack("<nf", *vec) accepts: numbers and bools; others are struct.error. */
function packFloats(vec: readonly unknown[]): number[] {
  return vec.map((x) => {
    if (typeof x === "boolean") return x ? 1 : 0;
    if (typeof x !== "number") return pyCrash("error", "required argument is not a float");
    if (Number.isFinite(x) && !Number.isFinite(Math.fround(x))) return pyCrash("OverflowError", "float too large to pack with f format");
    return x;
  });
}


/** _embedding_to_hexstring(vec): "" for an empty vector, struct.pack for the rest. */
function hexVector(vec: unknown): VectorCell {
  if (!truthy(vec)) return { kind: "missing" };
  const n = len(vec);
  // struct.pack(*"1") packs the characters: never floats.
  if (isStr(vec)) return { kind: "hex", values: packFloats([...vec]) };
  if (!isList(vec)) throw new UnmodelledInput(`struct.pack(*${pyTypeName(vec)}) of length ${n}`);
  return { kind: "hex", values: packFloats(vec) };
}

/** update(): "[" + ",".join(map(str, vec)) + "]" — the server parses the text. */
function textVector(vec: unknown): VectorCell {
  if (!isList(vec)) return isStr(vec) || isDict(vec) ? (() => { throw new UnmodelledInput(`str() over a ${pyTypeName(vec)} vector`); })() : pyCrash("TypeError", `'${pyTypeName(vec)}' object is not iterable`);
  // str(None), str(True), ... inside '[..]' is not a vector literal: the server refuses it for a row
  // it converts. A string goes in as it is: "1" is the number 1 (the fuzzer found it).
  const values: number[] = [];
  for (const x of vec) {
    if (typeof x === "number") values.push(x);
    else if (isStr(x) && /[,[\]]/.test(x)) throw new UnmodelledInput("a vector element string that holds a separator");
    else if (isStr(x) && NUMBER_TEXT.test(x)) values.push(Number(x));
    else return { kind: "malformed" };
  }
  return { kind: "text", values };
}

/** Text seekdb reads as a vector element (a decimal number, blanks around it allowed). */
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

class Run extends ClientRun {
  /** embedding_function(documents), wrapped by pyseekdb in ValueError("Failed to generate ..."). */
  generate(documents: unknown): unknown[] {
    const run = this.embed(isList(documents) ? [...documents] : [documents]);
    if (!run.ok) fail("embedding_function", `ValueError: Failed to generate embeddings from documents: ${run.message}`);
    return (run as { vectors: number[][] }).vectors;
  }
  /** upsert's SELECT of one id. */
  exists(key: string): boolean {
    encodeStatement([key]);
    return this.table.select(key) !== undefined;
  }
  insert(rows: readonly PyRow[]): void {
    encodeStatement(rows.flatMap((r) => [r.key, r.document, r.metadata]));
    this.table.insert(rows as readonly InsertRow[]);
  }
  update(key: string, set: PySet): void {
    encodeStatement([key, set.document, set.metadata]);
    this.table.update(key, set as UpdateSet);
  }
}

/** The normalisation all three methods start with. */
function normalise(args: WriteArgs) {
  if (!("ids" in args)) pyCrash("TypeError", "Collection.upsert() missing 1 required positional argument: 'ids'");
  let { ids, documents, metadatas, embeddings } = args as Record<string, unknown>;
  if (isStr(ids)) ids = [ids];
  if (isStr(documents)) documents = [documents];
  if (metadatas !== null && metadatas !== undefined && isDict(metadatas)) metadatas = [metadatas];
  if (embeddings !== null && embeddings !== undefined && isList(embeddings) && embeddings.length > 0 && !isList(embeddings[0])) embeddings = [embeddings];
  return { ids, documents, metadatas, embeddings };
}

/** `embeddings = embedding_function(documents)` when embeddings is falsy and documents truthy. */
function embeddingsOrGenerate(run: Run, n: ReturnType<typeof normalise>, nothingGiven: () => void): unknown {
  if (truthy(n.embeddings)) return n.embeddings;
  if (truthy(n.documents)) {
    if (!run.hasEmbeddingFunction) valueError("Documents provided but no embeddings and no embedding function.");
    // logger.debug(f"Generating embeddings for {len(documents)} documents ...") is formatted
    // even when debug is off: a documents value without len() is a TypeError before the call.
    len(n.documents);
    return run.generate(n.documents);
  }
  nothingGiven();
  return n.embeddings;
}

function checkLengths(count: number, fields: { name: string; value: unknown }[], against: string): void {
  for (const f of fields) {
    if (truthy(f.value) && len(f.value) !== count) valueError(`Number of ${f.name} (${len(f.value)}) does not match number of ${against} (${count})`);
  }
}

/** How _collection_upsert and _collection_update both start: normalise, embed, check ids and lengths. */
function startByIds(run: Run, args: WriteArgs) {
  const n = normalise(args);
  const embeddings = embeddingsOrGenerate(run, n, () => {
    if (!truthy(n.metadatas)) valueError("Neither embeddings nor documents nor metadatas provided.");
  });
  const { ids, documents, metadatas } = n;
  if (!truthy(ids)) valueError("ids must not be empty");
  const count = len(ids);
  checkLengths(count, [{ name: "documents", value: documents }, { name: "metadatas", value: metadatas }, { name: "embeddings", value: embeddings }], "ids");
  return { ids, documents, metadatas, embeddings, count };
}

function upsert(run: Run, args: WriteArgs): void {
  const { ids, documents, metadatas, embeddings, count } = startByIds(run, args);
  for (let i = 0; i < count; i++) {
    const key = pyStr(item(ids, i));
    const doc = truthy(documents) ? item(documents, i) : null;
    const meta = truthy(metadatas) ? item(metadatas, i) : null;
    const vec = truthy(embeddings) ? item(embeddings, i) : null;
    // A SELECT of the id, then an UPDATE of the given fields or a one-row INSERT.
    if (run.exists(key)) {
      const set: PySet = {};
      if (doc !== null && doc !== undefined) set.document = escapeString(doc);
      // json.dumps(final_metadata) if final_metadata else "{}": a falsy metadata is stored as {}.
      if (meta !== null && meta !== undefined) set.metadata = truthy(meta) ? jsonColumn(meta) : {};
      // _embedding_to_hexstring(final_vector) if final_vector else "NULL"
      if (vec !== null && vec !== undefined) set.vector = truthy(vec) ? hexVector(vec) : { kind: "null" };
      if (Object.keys(set).length > 0) run.update(key, set);
    } else {
      const document = doc !== null && doc !== undefined ? escapeString(doc) : null;
      const metadata = meta !== null && meta !== undefined ? jsonColumn(meta) : null;
      const vector: VectorCell = vec === null || vec === undefined ? { kind: "null" } : hexVector(vec);
      run.insert([{ key, document, metadata, vector }]);
    }
  }
}

function add(run: Run, args: WriteArgs): void {
  const n = normalise(args);
  const embeddings = embeddingsOrGenerate(run, n, () => valueError("Neither embeddings nor documents provided."));
  const { ids, documents, metadatas } = n;
  const count = truthy(ids) ? len(ids) : truthy(documents) ? len(documents) : truthy(embeddings) ? len(embeddings) : truthy(metadatas) ? len(metadatas) : 0;
  if (count === 0) valueError("No items to add");
  checkLengths(count, [{ name: "ids", value: ids }, { name: "documents", value: documents }, { name: "metadatas", value: metadatas }, { name: "embeddings", value: embeddings }], "items");
  // Every row is built before the one INSERT is sent.
  const rows: PyRow[] = [];
  for (let i = 0; i < count; i++) {
    const id = truthy(ids) ? item(ids, i) : null;
    if (!truthy(id)) valueError("ids must be provided for add operation");
    const doc = truthy(documents) ? item(documents, i) : null;
    const meta = truthy(metadatas) ? item(metadatas, i) : null;
    const vec = truthy(embeddings) ? item(embeddings, i) : null;
    rows.push({
      key: pyStr(id),
      document: doc !== null && doc !== undefined ? escapeString(doc) : null,
      metadata: meta !== null && meta !== undefined ? jsonColumn(meta) : null,
      vector: vec === null || vec === undefined ? { kind: "null" } : hexVector(vec),
    });
  }
  run.insert(rows);
}

function update(run: Run, args: WriteArgs): void {
  const { ids, documents, metadatas, embeddings, count } = startByIds(run, args);
  for (let i = 0; i < count; i++) {
    const key = pyStr(item(ids, i));
    const set: PySet = {};
    if (truthy(documents)) {
      const doc = item(documents, i);
      if (doc !== null && doc !== undefined) set.document = escapeString(doc);
    }
    if (truthy(metadatas)) {
      const meta = item(metadatas, i);
      if (meta !== null && meta !== undefined) set.metadata = jsonColumn(meta);
    }
    if (truthy(embeddings)) {
      const vec = item(embeddings, i);
      if (vec !== null && vec !== undefined) set.vector = textVector(vec);
    }
    if (Object.keys(set).length > 0) run.update(key, set);
  }
}

export const pyseekdbWrite: WriteFn = clientWrite((state, env) => new Run(state, env), { upsert, add, update });

/**
 * pyseekdb's get(): the JSON column is parsed once (json.loads of PyMySQL's text) and then
 * `metadata or {}` — a NULL or any falsy metadata ({}, [], "", 0, false) reads as {}.
 */
export function pyseekdbRead(records: readonly StoredRecord[]): { ok: true; records: StoredRecord[] } {
  return { ok: true, records: records.map((r) => (truthy(r.metadata) ? r : { ...r, metadata: {} })) };
}

// ---- query: Collection.query() → _collection_query(), and _process_query_row() on what comes back

/** _validate_n_results: an int (not a bool) from 1 to 16384, else ValueError. */
function nResultsOf(v: unknown): number {
  if (v === undefined) return 10;
  if (!isInt(v) || v < 1) return valueError(`n_results must be an integer >= 1, got ${pyStr(v)}`);
  if (v > MAX_N_RESULTS) return valueError(`n_results must be <= ${MAX_N_RESULTS}, got ${v}. Use a smaller value or paginate with offset/limit.`);
  return v;
}

/** _normalize_query_embeddings: a list whose first element is a number is one vector; any other list is a list of vectors. */
function vectorsOf(qe: unknown): unknown[] {
  if (!isList(qe)) {
    if (isDict(qe) && !truthy(qe)) return [];
    throw new UnmodelledInput(`query_embeddings of type ${pyTypeName(qe)}`);
  }
  if (qe.length > 0 && (typeof qe[0] === "number" || typeof qe[0] === "boolean")) return [qe];
  return qe;
}

/** _normalize_include_fields: None is documents and metadatas; a list names its fields. */
function includedOf(include: unknown): Included {
  if (include === undefined || include === null) return { documents: true, metadatas: true, embeddings: false };
  if (!isList(include) || !include.every(isStr)) throw new UnmodelledInput(`include of type ${pyTypeName(include)}`);
  return { documents: include.includes("documents"), metadatas: include.includes("metadatas"), embeddings: include.includes("embeddings") };
}

/** _process_query_row: `float(row["distance"])` (a NULL distance is a TypeError); metadata `or {}`. */
const pyseekdbHit =
  (included: Included): ReadHit =>
  (r, distance) => {
    if (distance === null) throw new Fault({ class: "crash", clause: "UPSERT-QUERY-012", message: "TypeError: float() argument must be a string or a real number, not 'NoneType'" });
    return storedHit(pyseekdbRead([r]).records[0]!, distance, included);
  };

export const pyseekdbQuery: QueryFn = clientQuery(
  (state, env) => new Run(state, env),
  (run, args) => {
    const nResults = nResultsOf(args.nResults);
    let qe = args.queryEmbeddings;
    if (qe === undefined || qe === null) {
      if (args.queryTexts === undefined || args.queryTexts === null) {
        valueError("Neither query_embeddings nor query_texts provided. Please provide either:\n  1. query_embeddings directly, or\n  2. query_texts with embedding_function to generate embeddings.");
      }
      if (!run.hasEmbeddingFunction) valueError("query_texts provided but no query_embeddings and no embedding_function.");
      // _embed_texts: a str becomes [str]; the function is called directly (its error is not wrapped).
      const texts = isStr(args.queryTexts) ? [args.queryTexts] : args.queryTexts;
      const generated = run.embed(isList(texts) ? texts : [texts]);
      if (!generated.ok) fail("embedding_function", `EmbeddingFunctionFailure: ${generated.message}`);
      qe = (generated as { vectors: number[][] }).vectors;
    }
    const included = includedOf(args.include);
    const metric = run.base.config.distance ?? "l2";
    // ORDER BY <the metric's function>(embedding, X'..') APPROXIMATE: ascending whatever the metric.
    return vectorsOf(qe).map((v) => {
      const hits = run.table.search({ vector: hexVector(v), metric, descending: false, limit: nResults });
      // A NULL distance in a row pyseekdb reads is a TypeError; which unordered rows the server returns is its choice.
      if (hits.some((h) => h.unordered) && nResults < hits.length) throw new UnmodelledInput("which records without a distance the server returns");
      return rankingOf(hits, nResults, included, pyseekdbHit(included));
    });
  },
);
