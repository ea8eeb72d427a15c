// Pure operations on a collection state besides the writes: create, seed, read, delete.
import { Map as ImmutableMap } from "immutable";
import type { CollectionConfig, CollectionState, JsonValue, StoredRecord } from "./types.ts";
import { toFloat32 } from "./values.ts";

export function emptyCollection(config: CollectionConfig): CollectionState {
  return { config, records: ImmutableMap<string, StoredRecord>() };
}

export interface SeedRecord {
  readonly id: string;
  readonly document?: string | null;
  readonly embedding: readonly number[];
  readonly metadata?: JsonValue | null;
}

/** Puts records in place as they are, bypassing upsert: the initial state of a vector. */
export function seed(state: CollectionState, records: readonly SeedRecord[]): CollectionState {
  const next = state.records.withMutations((m) => {
    for (const r of records) {
      m.set(r.id, {
        id: r.id,
        document: r.document ?? null,
        embedding: toFloat32(r.embedding),
        metadata: r.metadata ?? null,
      });
    }
  });
  return { config: state.config, records: next };
}

/** All records, or those with the given ids (missing ids are left out), sorted by id. */
export function getRecords(state: CollectionState, ids?: readonly string[]): StoredRecord[] {
  const out = ids
    ? ids.flatMap((id) => {
        const r = state.records.get(id);
        return r ? [r] : [];
      })
    : [...state.records.values()];
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The state a deleted collection leaves behind for clients that still hold it. */
export function droppedCollection(state: CollectionState): CollectionState {
  return { config: state.config, records: ImmutableMap<string, StoredRecord>(), dropped: true };
}

export function deleteRecords(state: CollectionState, ids: readonly string[]): CollectionState {
  return { config: state.config, records: state.records.deleteAll(ids) };
}

export function countRecords(state: CollectionState): number {
  return state.records.size;
}
