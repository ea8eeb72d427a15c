// Profiles: the spec, and one per SDK version stating clause by clause where that SDK differs.
// A divergence names its clause, says what the SDK does instead, and names the vectors that show it;
// suites/ checks that the vectors and the executors agree with this list in both directions.
import { seekdbJsRead, seekdbJsWrite } from "./seekdb-js-executor.ts";
import { specWrite } from "./spec-executor.ts";
import type { CallResult, ClassifiedError, CollectionState, StoredRecord, WriteArgs, WriteOp } from "./types.ts";

export type ReadResult = { readonly ok: true; readonly records: readonly StoredRecord[] } | { readonly ok: false; readonly error: ClassifiedError };

export interface Divergence {
  readonly clause: string;
  /** What the SDK does instead of the clause, in one sentence. */
  readonly actual: string;
  /** Vector case ids whose expectation for this profile differs from the spec's because of it. */
  readonly repro: readonly string[];
}

export interface Profile {
  readonly id: string;
  readonly title: string;
  /** The SDK (npm/PyPI name) and version this profile describes; null for the spec itself. */
  readonly sdk: { readonly name: string; readonly version: string } | null;
  readonly write: (state: CollectionState, op: WriteOp, args: WriteArgs) => CallResult;
  /** What a read through this client returns for stored records (the spec: the records themselves). */
  readonly read: (records: readonly StoredRecord[]) => ReadResult;
  readonly divergences: readonly Divergence[];
  /**
   * Property laws (suites/properties/laws.ts) this profile is expected to break, each with the
   * divergence responsible; the property suite checks that fast-check finds a counterexample.
   */
  readonly brokenLaws: readonly { readonly law: string; readonly clause: string }[];
}

export const SPEC_PROFILE: Profile = {
  id: "spec",
  title: "The clauses as written",
  sdk: null,
  write: specWrite,
  read: (records) => ({ ok: true, records }),
  divergences: [],
  brokenLaws: [],
};

export const SEEKDB_JS_1_4_0: Profile = {
  id: "seekdb-js@1.4.0",
  title: "seekdb (npm) 1.4.0, server mode, read from dist/index.mjs",
  sdk: { name: "seekdb", version: "1.4.0" },
  write: seekdbJsWrite,
  read: seekdbJsRead,
  brokenLaws: [
    { law: "single-form-equals-array-of-one", clause: "UPSERT-NORM-007" },
    { law: "idempotence", clause: "UPSERT-VAL-001" },
    { law: "upsert-new-equals-add", clause: "UPSERT-REL-001" },
    { law: "upsert-existing-equals-update", clause: "UPSERT-REL-002" },
    { law: "distinct-ids-order-independent", clause: "UPSERT-ATOM-001" },
    { law: "get-returns-what-was-written", clause: "UPSERT-VAL-001" },
    // Splitting a batch changes the SDK's shape detection: `embeddings: [undefined]` alone is one
    // malformed vector, while inside `[[..], undefined]` it is a missing element.
    { law: "duplicate-ids-last-writer-wins", clause: "UPSERT-NORM-004" },
  ],
  divergences: [
    {
      clause: "UPSERT-ATOM-001",
      actual: "ids are written one by one (a SELECT, then an UPDATE or a one-row INSERT each) and checks run at each id, so a fault at id k leaves ids before k written.",
      repro: ["atom-dimension-second-id", "atom-nan-second-id", "atom-new-id-without-embedding-after-valid", "atom-non-string-id-late", "atom-update-then-fail-leaves-update", "err-non-array-embedding-element"],
    },
    {
      clause: "UPSERT-ERR-005",
      actual: "only NaN and ±Infinity are refused; a number beyond float32's range (1e39) is sent, and seekdb stores it as 0.",
      repro: ["err-float32-overflow"],
    },
    {
      clause: "UPSERT-NORM-007",
      actual: "a field counts as given only when truthy, so `documents: \"\"` is ignored as if absent.",
      repro: ["null-empty-string-document-single-form-update"],
    },
    {
      clause: "UPSERT-NORM-008",
      actual: "on the update path a null element is written: document null clears the document, metadata null stores JSON null, embedding null fails with 'Vector must be an array'.",
      repro: ["null-element-document-update", "null-element-metadata-update", "null-element-embedding-update", "rel-add-null-embedding-element", "batch-duplicate-null-elements"],
    },
    {
      clause: "UPSERT-VAL-001",
      actual: "an empty-string document is stored as NULL when the id is new (the insert path tests truthiness) and as \"\" when it exists.",
      repro: ["val-empty-document-insert", "atom2-idempotence-empty-document", "val-empty-document-insert-generated"],
    },
    {
      clause: "UPSERT-ERR-001",
      actual: "an empty ids array with a field given is accepted and does nothing (the embedding function is still called on the documents).",
      repro: ["err-empty-ids-with-documents", "err-empty-ids-with-embeddings"],
    },
    {
      clause: "UPSERT-ERR-002",
      actual: "lengths are not checked: missing elements count as not given and extra elements are ignored.",
      repro: ["err-length-documents-short", "err-length-metadatas-long", "err-length-embeddings-short", "norm5-single-vector-two-ids", "norm5-single-document-two-ids", "err-order-shape-before-elements"],
    },
    {
      clause: "UPSERT-NORM-004",
      actual: "the form of embeddings is decided by its first element only: `[]` becomes one empty vector (dimension error) and `[null, [..]]` one malformed vector.",
      repro: ["norm4-empty-embeddings-list", "norm4-null-first-embedding"],
    },
    {
      clause: "UPSERT-ERR-006",
      actual: "ids are not type-checked: a number is stored as its decimal text, null reaches the server (1048 Column '_id' cannot be null).",
      repro: ["err-number-id", "err-null-id", "atom-non-string-id-late", "err-missing-ids", "err-order-id-before-embedding"],
    },
    {
      clause: "UPSERT-ERR-007",
      actual: "an empty-string id is accepted and stored.",
      repro: ["err-empty-string-id"],
    },
    {
      clause: "UPSERT-ERR-008",
      actual: "the 512-byte limit is left to the server, which rejects the INSERT (errno 1406 expected).",
      repro: ["err-id-513-bytes-after-valid", "err-id-513-bytes-multibyte"],
    },
    {
      clause: "UPSERT-ERR-009",
      actual: "documents are not type-checked: a number is stored as its decimal text.",
      repro: ["err-number-document"],
    },
    {
      clause: "UPSERT-ERR-010",
      actual: "metadata is not type-checked: any value JSON.stringify accepts is stored, NaN/Infinity inside become null, and a stored JSON string makes get() throw (it JSON.parses the value mysql2 already parsed).",
      repro: ["err-string-metadata", "err-json-text-metadata", "err-nan-in-metadata", "err-array-metadata"],
    },
    {
      clause: "UPSERT-EMBED-002",
      actual: "the embedding function is called on every element of documents (null, extra and already-embedded ones included) when embeddings is absent, and again, one document at a time, for a new id whose vector is missing.",
      repro: ["embed-called-per-insert-when-embeddings-partial", "embed-null-document-reaches-function", "err-length-documents-long-embed"],
    },
    {
      clause: "UPSERT-EMBED-006",
      actual: "the count the embedding function returns is not checked: ids past the end get no vector (update keeps the old one; an insert calls the function again and fails with 'Vector must be an array'), and extra vectors are ignored.",
      repro: ["embed-short-result", "embed-long-result", "embed-short-result-existing-ids"],
    },
    {
      clause: "UPSERT-EMBED-007",
      actual: "a generated vector of the wrong length is only caught per id (client check on insert, server 7600 on update), after earlier ids are written.",
      repro: ["embed-wrong-dimension-mixed"],
    },
    {
      clause: "UPSERT-REL-001",
      actual: "add() and upsert()'s insert path differ: add keeps an empty-string document and crashes (TypeError) on a null vector element, upsert drops the document and embeds instead.",
      repro: ["rel-add-vs-upsert-empty-document", "rel-add-null-embedding-element"],
    },
    {
      clause: "UPSERT-REL-002",
      actual: "update() skips falsy elements (\"\", null) while upsert() on an existing id writes them, so the two differ for those values.",
      repro: ["rel-update-vs-upsert-empty-document"],
    },
  ],
};

export const PROFILES: readonly Profile[] = [SPEC_PROFILE, SEEKDB_JS_1_4_0];

export function profileById(id: string): Profile {
  const p = PROFILES.find((x) => x.id === id);
  if (!p) throw new Error(`unknown profile '${id}'; known: ${PROFILES.map((x) => x.id).join(", ")}`);
  return p;
}
