// A collection's table as seekdb 1.4 answers the statements both SDKs send — `INSERT INTO <T>
// (_id, document, metadata, embedding) VALUES ...`, `UPDATE <T> SET document, metadata,
// embedding WHERE _id = ...`, `SELECT ... WHERE _id = ...` — written once for every client
// profile. Measured on a real seekdb: each row's values are converted in column order (JSON 3140,
// then the vector), then its _id checked (NULL 1048, too long 1406); duplicates (1062) only once
// every row has passed; an UPDATE that matches no row checks nothing; a deleted table is 1146.
import type { Map as ImmutableMap } from "immutable";
import { fail, Fault, UnmodelledInput } from "./fault.ts";
import { holdsNonFinite, INVALID_JSON, serverFloat32 } from "./server-values.ts";
import { MAX_ID_BYTES } from "./spec-executor.ts";
import type { CollectionState, DistanceMetric, JsonValue, StoredRecord } from "./types.ts";
import { utf8ByteLength } from "./values.ts";
import { distanceOverflows, seekdbDistance } from "./vector-distance.ts";

/** A JSON column value as sent: what the server will store, or text it refuses. */
export type JsonCell = JsonValue | typeof INVALID_JSON;

/**
 * A VECTOR value as sent: SQL NULL, text '[1,2]' (seekdb-js; pyseekdb's update()), hex float32
 * X'..' (pyseekdb's inserts and upsert), or no value at all (pyseekdb's empty hex: a syntax error).
 */
export type VectorCell =
  | { readonly kind: "null" }
  | { readonly kind: "missing" }
  /** Text that is not a vector literal ('[None]'): 1210 when a row converts it. */
  | { readonly kind: "malformed" }
  | { readonly kind: "text" | "hex"; readonly values: readonly number[] };

export interface InsertRow {
  readonly key: string | null;
  readonly document: string | null;
  readonly metadata: JsonCell | null;
  readonly vector: VectorCell;
}

export interface UpdateSet {
  document?: string | null;
  metadata?: JsonCell;
  vector?: VectorCell;
}

/** `SELECT ... ORDER BY <metric's function>(embedding, <vector>) [DESC] APPROXIMATE LIMIT n`, as both SDKs' query() sends it. */
export interface SearchStatement {
  readonly vector: VectorCell;
  readonly metric: DistanceMetric;
  readonly descending: boolean;
  /** The LIMIT, a whole number (the client executor decides what its nResults becomes). */
  readonly limit: number;
}

/** A record a search ranks, with seekdb's distance; `unordered`: seekdb gives it no place in the order. */
export interface SearchHit {
  readonly record: StoredRecord;
  readonly distance: number | null;
  readonly unordered?: true;
}

const nonFiniteOf = (v: VectorCell | undefined): boolean => v !== undefined && (v.kind === "text" || v.kind === "hex") && holdsNonFinite(v.values);

/** The most rows a vector index scan returns (measured: LIMIT 16385 is 1235; an exact scan has no limit). */
const MAX_INDEX_SCAN_LIMIT = 16384;

const FLOAT32_BEYOND = (x: number) => !Number.isFinite(Math.fround(x));

export class ServerTable {
  records: ImmutableMap<string, StoredRecord>;

  constructor(readonly base: CollectionState) {
    this.records = base.records;
  }

  private get dimension(): number {
    return this.base.config.dimension;
  }

  /** Every statement on a deleted collection's table. */
  touch(): void {
    if (this.base.dropped) fail("not_found", `Table doesn't exist`, 1146);
  }

  /** The row a SELECT ... WHERE _id = key finds. */
  select(key: string | null): StoredRecord | undefined {
    this.touch();
    return key === null ? undefined : this.records.get(key);
  }

  /** The conversions of one row's values, in column order: metadata, then the vector. */
  private convert(metadata: JsonCell | null | undefined, vector: VectorCell | undefined): readonly number[] | null | undefined {
    if (metadata === INVALID_JSON) fail("server", "Invalid JSON text.", 3140);
    if (!vector || vector.kind === "null" || vector.kind === "missing") return vector ? null : undefined;
    if (vector.kind === "malformed") return fail("server", "Invalid argument", 1210);
    if (vector.values.length !== this.dimension) {
      // Text of the wrong length is 7600; '[]' and hex of the wrong length are 1210.
      if (vector.kind === "text" && vector.values.length > 0) fail("dimension", `inconsistent dimension: expected ${this.dimension} got ${vector.values.length}`, 7600);
      fail("server", "Invalid argument", 1210);
    }
    return serverFloat32(vector.values);
  }

  /** One INSERT statement: all its rows or none. */
  insert(rows: readonly InsertRow[]): void {
    // A statement that does not parse fails before its table is looked up (measured: 1064, not 1146).
    if (rows.some((r) => r.vector.kind === "missing")) fail("server", "You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near ')'", 1064);
    this.touch();
    const converted = rows.map((row, i) => {
      const embedding = this.convert(row.metadata, row.vector) ?? null;
      if (row.key === null) fail("server", "Column '_id' cannot be null", 1048);
      if (utf8ByteLength(row.key as string) > MAX_ID_BYTES) fail("server", `Data too long for column '_id' at row ${i + 1}`, 1406);
      return { ...row, embedding, nonFinite: nonFiniteOf(row.vector) };
    });
    const staged = this.records.asMutable();
    for (const row of converted) {
      const key = row.key as string;
      if (staged.has(key)) fail("duplicate", `Duplicate entry '${key}' for key '_id'`, 1062);
      staged.set(key, { id: key, document: row.document, metadata: row.metadata as JsonValue | null, embedding: row.embedding as number[] | null, ...(row.nonFinite ? { vectorNonFinite: true } : {}) });
    }
    this.records = staged.asImmutable();
  }

  /**
   * One search statement, after refresh_index() (UPSERT-ATOM-005): every candidate ranked, the
   * caller takes `limit`. Measured on seekdb 1.4: the query vector converts as a value for the
   * VECTOR column (an empty value 1064 as a syntax error, '[]', malformed text and hex of the
   * wrong length 1210, beyond float32 1264, text of another length 7600) — before any row is read
   * in an index scan (but beyond float32 only when a row meets it), row by row in an exact scan,
   * so that on an empty collection an exact scan returns nothing and no error (LIMIT 0, either
   * scan, reads no row and checks nothing); an
   * ascending search by the collection's own metric (l2, cosine) goes through the vector index —
   * rows without a vector are not in it, a NULL distance (a zero vector under cosine) has no place
   * in its order, and it returns at most 16384 rows (1235) — while inner_product (the SDKs'
   * ordering for an inner_product collection) is an exact scan, NULL distances first ascending and
   * last descending. Equal distances come back in no particular order.
   */
  search(s: SearchStatement): SearchHit[] {
    if (s.vector.kind === "missing") fail("server", "You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near ')'", 1064);
    this.touch();
    const viaIndex = !s.descending && s.metric !== "inner_product" && s.metric === (this.base.config.distance ?? "l2");
    // LIMIT 0 reads no row and checks nothing (measured); neither does an exact scan of no row.
    if (s.limit === 0 || (this.records.size === 0 && !viaIndex)) return [];
    if (!viaIndex && [...this.records.values()].every((r) => r.embedding === null)) {
      try {
        this.queryVector(s.vector, true);
      } catch (e) {
        if (e instanceof Fault) throw new UnmodelledInput("a bad query vector in an exact scan over rows without vectors (unmeasured: whether it is converted)");
        throw e;
      }
    }
    const q = this.queryVector(s.vector, this.records.size > 0);
    if (viaIndex && s.limit > MAX_INDEX_SCAN_LIMIT) fail("server", "Not supported feature or function", 1235);
    const hits: SearchHit[] = [];
    for (const record of this.records.values()) {
      if (record.vectorNonFinite) throw new UnmodelledInput("a stored vector holding ±inf or NaN (seekdb keeps them; a distance then fails with 1264 or is NaN)");
      if (record.embedding === null) {
        if (!viaIndex) hits.push({ record, distance: null });
        continue;
      }
      if (distanceOverflows(s.metric, record.embedding, q)) throw new UnmodelledInput("a distance that overflows (seekdb: 1264, or an infinite distance printed as 0)");
      const distance = seekdbDistance(s.metric, record.embedding, q);
      hits.push(distance === null && viaIndex ? { record, distance, unordered: true } : { record, distance });
    }
    // A stable sort: equal distances keep scan order, which the comparison does not rely on.
    const ascending = (x: SearchHit, y: SearchHit) => (x.distance === y.distance ? 0 : x.distance === null ? -1 : y.distance === null ? 1 : x.distance - y.distance);
    const ordered = hits.filter((h) => !h.unordered).sort((x, y) => (s.descending ? ascending(y, x) : ascending(x, y)));
    return [...ordered, ...hits.filter((h) => h.unordered)];
  }

  /** The query vector as float32, converted as a value for the VECTOR column. */
  private queryVector(v: VectorCell, checkOverflow: boolean): number[] {
    if (v.kind === "null") throw new UnmodelledInput("a NULL query vector");
    if (v.kind === "malformed" || v.kind === "missing" || v.values.length === 0) return fail("server", "Invalid argument", 1210);
    if (v.values.some((x) => Number.isNaN(x))) throw new UnmodelledInput("a NaN in a query vector (seekdb's distances are then printed as 0)");
    if (v.values.some(FLOAT32_BEYOND)) {
      if (!checkOverflow) throw new UnmodelledInput("a query vector beyond float32 on an empty collection (seekdb: no error)");
      fail("server", "Result value was out of range when casting varchar to number", 1264);
    }
    if (v.values.length !== this.dimension) {
      if (v.kind === "hex") fail("server", "Invalid argument", 1210);
      fail("dimension", `inconsistent dimension: expected ${this.dimension} got ${v.values.length}`, 7600);
    }
    return v.values.map(Math.fround);
  }

  /** One UPDATE ... SET document, metadata, embedding WHERE _id = key. */
  update(key: string | null, set: UpdateSet): void {
    this.touch();
    const existing = key === null ? undefined : this.records.get(key);
    if (!existing) return;
    const embedding = this.convert(set.metadata, set.vector);
    const nonFinite = embedding === undefined ? existing.vectorNonFinite === true : nonFiniteOf(set.vector);
    this.records = this.records.set(key!, {
      id: existing.id,
      document: "document" in set ? set.document! : existing.document,
      metadata: "metadata" in set ? (set.metadata as JsonValue) : existing.metadata,
      embedding: embedding === undefined ? existing.embedding : (embedding as number[] | null),
      ...(nonFinite ? { vectorNonFinite: true } : {}),
    });
  }
}
