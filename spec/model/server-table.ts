// A collection's table as seekdb 1.4 answers the statements both SDKs send — `INSERT INTO <T>
// (_id, document, metadata, embedding) VALUES ...`, `UPDATE <T> SET document, metadata,
// embedding WHERE _id = ...`, `SELECT ... WHERE _id = ...` — written once for every client
// profile. Measured on a real seekdb: each row's values are converted in column order (JSON 3140,
// then the vector), then its _id checked (NULL 1048, too long 1406); duplicates (1062) only once
// every row has passed; an UPDATE that matches no row checks nothing; a deleted table is 1146.
import type { Map as ImmutableMap } from "immutable";
import { fail } from "./fault.ts";
import { INVALID_JSON, serverFloat32 } from "./server-values.ts";
import { MAX_ID_BYTES } from "./spec-executor.ts";
import type { CollectionState, JsonValue, StoredRecord } from "./types.ts";
import { utf8ByteLength } from "./values.ts";

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
      return { ...row, embedding };
    });
    const staged = this.records.asMutable();
    for (const row of converted) {
      const key = row.key as string;
      if (staged.has(key)) fail("duplicate", `Duplicate entry '${key}' for key '_id'`, 1062);
      staged.set(key, { id: key, document: row.document, metadata: row.metadata as JsonValue | null, embedding: row.embedding as number[] | null });
    }
    this.records = staged.asImmutable();
  }

  /** One UPDATE ... SET document, metadata, embedding WHERE _id = key. */
  update(key: string | null, set: UpdateSet): void {
    this.touch();
    const existing = key === null ? undefined : this.records.get(key);
    if (!existing) return;
    const embedding = this.convert(set.metadata, set.vector);
    this.records = this.records.set(key!, {
      id: existing.id,
      document: "document" in set ? set.document! : existing.document,
      metadata: "metadata" in set ? (set.metadata as JsonValue) : existing.metadata,
      embedding: embedding === undefined ? existing.embedding : (embedding as number[] | null),
    });
  }
}
