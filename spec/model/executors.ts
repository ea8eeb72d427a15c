// The executors: each replays one client's algorithm (or the spec's) on the model's state. A
// profile file (spec/profiles/*.json) names its executor here; what the file says about the
// divergences is data, what the client does is this code.
import { pyseekdbQuery, pyseekdbRead, pyseekdbWrite } from "./pyseekdb-executor.ts";
import { specQuery } from "./query.ts";
import { seekdbJsQuery, seekdbJsRead, seekdbJsWrite } from "./seekdb-js-executor.ts";
import { specWrite } from "./spec-executor.ts";
import { isWellFormedText, toWellFormedText } from "./values.ts";
import type { ClassifiedError, QueryFn, StoredRecord, WriteFn } from "./types.ts";

export type ReadResult = { readonly ok: true; readonly records: readonly StoredRecord[] } | { readonly ok: false; readonly error: ClassifiedError };

export interface Executor {
  readonly write: WriteFn;
  /** What a read through this client returns for stored records (the spec: the records themselves). */
  readonly read: (records: readonly StoredRecord[]) => ReadResult;
  /** The stored ids a get or delete by `ids` reaches through this client, or its error (the spec: the ids themselves). */
  readonly keys: (ids: readonly string[]) => KeysResult;
  /** collection.query through this client (UPSERT-QUERY-*), after refresh_index(). */
  readonly query: QueryFn;
}

export type KeysResult = { readonly ok: true; readonly keys: readonly string[] } | { readonly ok: false; readonly error: ClassifiedError };

const same = (ids: readonly string[]): KeysResult => ({ ok: true, keys: ids });

export const SPEC_EXECUTOR: Executor = { write: specWrite, read: (records) => ({ ok: true, records }), keys: same, query: specQuery };

export const EXECUTORS: Readonly<Record<string, Executor>> = {
  spec: SPEC_EXECUTOR,
  // mysql2 sends text as UTF-8: a lone surrogate in an id reaches the server as U+FFFD.
  "seekdb-js@1.4": { write: seekdbJsWrite, read: seekdbJsRead, keys: (ids) => ({ ok: true, keys: ids.map(toWellFormedText) }), query: seekdbJsQuery },
  // PyMySQL refuses to encode a lone surrogate: the statement is never sent.
  "pyseekdb@1.4": {
    write: pyseekdbWrite,
    read: pyseekdbRead,
    query: pyseekdbQuery,
    keys: (ids) =>
      ids.every(isWellFormedText) ? { ok: true, keys: ids } : { ok: false, error: { class: "validation", message: "UnicodeEncodeError: 'utf-8' codec can't encode character: surrogates not allowed" } },
  },
};
