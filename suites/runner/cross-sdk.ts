// The cross-SDK matrix: for every pair (writer, reader) of the clients of a run, on a server:
// records written with the writer's upsert — edge values included — read back by the reader,
// record by record, and compared with what the writer itself reads. A cell where they differ is a
// finding; spec/cross-sdk.json lists the differences known today (each with its clause and why),
// so a cell is pass (reads agree), known (differs exactly as listed), unexpected or error.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encode, exactKey, type Json } from "../../spec/codec.ts";
import { SPEC_DIR } from "../../spec/load.ts";
import { clausesAt, explainWrite } from "../../spec/model/explain.ts";
import { emptyCollection, type WriteArgs } from "../../spec/model/index.ts";
import type { Client } from "../clients.ts";
import type { Driver, ObservedRecord } from "../drivers/driver.ts";
import type { TargetSession } from "../targets/sessions.ts";
import { compareEmbedding } from "./compare.ts";
import type { Verdict } from "./verdict.ts";

/** One upsert each, so a record one client cannot write stays apart from the rest. */
export const EDGE_WRITES: readonly { readonly id: string; readonly args: WriteArgs }[] = [
  { id: "plain", args: { ids: "plain", embeddings: [1, 2, 3], documents: "doc", metadatas: { k: 1 } } },
  { id: "empty-document", args: { ids: "empty-document", embeddings: [1, 2, 3], documents: "", metadatas: { k: 2 } } },
  { id: "no-metadata", args: { ids: "no-metadata", embeddings: [1, 2, 3], documents: "d" } },
  { id: "empty-metadata", args: { ids: "empty-metadata", embeddings: [1, 2, 3], documents: "d", metadatas: {} } },
  { id: "no-document", args: { ids: "no-document", embeddings: [1, 2, 3], metadatas: { k: 3 } } },
  { id: "é😀中\u0301 ", args: { ids: "é😀中\u0301 ", embeddings: [1, 2, 3], documents: "ünï 😀 中文\n\t'\"\\\u0000", metadatas: { ключ: "値", "😀": [true, null], "": "" } } },
  {
    id: "numbers",
    args: { ids: "numbers", embeddings: [1, 2, 3], metadatas: { big: 2 ** 53 + 2, negzero: -0, tiny: 5e-324, huge: 1.7976931348623157e308, frac: 0.1, e21: 1e21, ulp: -4.382358643643341e-279, int: -42 } },
  },
  { id: "nested", args: { ids: "nested", embeddings: [1, 2, 3], metadatas: { a: { b: [1, "two", { c: [[[]]] }, false] }, deep: [[[[[[[[[[1]]]]]]]]]] } } },
  { id: "float32-edges", args: { ids: "float32-edges", embeddings: [3.4028234663852886e38, 1.401298464324817e-45, -0] } },
  { id: "float32-rounding", args: { ids: "float32-rounding", embeddings: [0.1, 16777217, -1e-7] } },
  { id: "long-document", args: { ids: "long-document", embeddings: [1, 2, 3], documents: `${"x".repeat(5000)}é` } },
  { id: "string-metadata", args: { ids: "string-metadata", embeddings: [1, 2, 3], metadatas: "just text" } },
  { id: "json-text-metadata", args: { ids: "json-text-metadata", embeddings: [1, 2, 3], metadatas: '{"a":1}' } },
];

export interface CrossSdkDifference {
  readonly id: string;
  readonly field: "record" | "document" | "metadata" | "embedding";
  /** What the writer reads, and what the reader reads (codec JSON; a string for a read error). */
  readonly writer: Json;
  readonly reader: Json;
  readonly clauses: readonly string[];
}

export interface CrossSdkCell {
  readonly target: string;
  readonly writer: string;
  readonly reader: string;
  readonly verdict: Verdict;
  readonly differences: readonly CrossSdkDifference[];
  /** Records the writer could not write (its upsert failed), with the error: they are left out. */
  readonly notWritten: readonly { readonly id: string; readonly error: string }[];
  readonly error?: string;
}

interface KnownDifference {
  readonly writer: string;
  readonly reader: string;
  readonly id: string;
  readonly field: CrossSdkDifference["field"];
  readonly clause: string;
  readonly why: string;
}

export const CROSS_SDK_FILE = join(SPEC_DIR, "cross-sdk.json");
export function knownCrossSdk(): KnownDifference[] {
  return (JSON.parse(readFileSync(CROSS_SDK_FILE, "utf8")) as { known: KnownDifference[] }).known;
}

type View = Map<string, { readonly ok: true; readonly record?: ObservedRecord } | { readonly ok: false; readonly error: string }>;

/** Each record read on its own: a record one client cannot read must not hide the others. */
async function readEach(d: Driver, collection: string, ids: readonly string[]): Promise<View> {
  const view: View = new Map();
  for (const id of ids) {
    const o = await d.get(collection, [id]);
    view.set(id, o.ok ? { ok: true, ...(o.value[0] ? { record: o.value[0] } : {}) } : { ok: false, error: `${o.error.class}: ${o.error.message}` });
  }
  return view;
}

function compareViews(writerView: View, readerView: View): CrossSdkDifference[] {
  const out: CrossSdkDifference[] = [];
  for (const [id, w] of writerView) {
    const r = readerView.get(id)!;
    const args = EDGE_WRITES.find((e) => e.id === id)!.args;
    const explanation = explainWrite(emptyCollection({ dimension: 3, embeddingFunction: null }), "upsert", args);
    const clauses = (field: string) => clausesAt(explanation, `[${JSON.stringify(id)}]${field === "record" ? "" : `.${field}`}`);
    if (!w.ok || !r.ok || !w.record || !r.record) {
      // One side could not read the record, or did not find it.
      const show = (x: typeof w) => (x.ok ? (x.record ? encode(x.record) : "absent") : `error: ${x.error}`);
      if (exactKey(show(w)) !== exactKey(show(r))) out.push({ id, field: "record", writer: show(w), reader: show(r), clauses: clauses("record") });
      continue;
    }
    const a = w.record;
    const b = r.record;
    if (a.document !== b.document) out.push({ id, field: "document", writer: a.document, reader: b.document, clauses: clauses("document") });
    if (exactKey(a.metadata) !== exactKey(b.metadata)) out.push({ id, field: "metadata", writer: encode(a.metadata), reader: encode(b.metadata), clauses: clauses("metadata") });
    if (compareEmbedding("", a.embedding, b.embedding).some((d) => d.kind === "mismatch")) out.push({ id, field: "embedding", writer: encode(a.embedding), reader: encode(b.embedding), clauses: clauses("embedding") });
  }
  return out;
}

/** The matrix of the clients on one server target. */
export async function crossSdkMatrix(clients: readonly Client[], session: TargetSession, prefix: string): Promise<CrossSdkCell[]> {
  if (!session.address) return [];
  const known = knownCrossSdk();
  const cells: CrossSdkCell[] = [];
  for (const writer of clients) {
    const collection = `${prefix}_x${cells.length}`;
    const spec = { name: collection, dimension: 3, embeddingFunction: null };
    const w = await writer.connect(session.name, session.address);
    try {
      await w.createCollection(spec);
      const notWritten: { id: string; error: string }[] = [];
      for (const e of EDGE_WRITES) {
        const o = await w.upsert(collection, e.args);
        if (!o.ok) notWritten.push({ id: e.id, error: `${o.error.class}: ${o.error.message}` });
      }
      const ids = EDGE_WRITES.map((e) => e.id).filter((id) => !notWritten.some((n) => n.id === id));
      const writerView = await readEach(w, collection, ids);
      for (const reader of clients) {
        let cell: CrossSdkCell;
        try {
          const r = reader === writer ? w : await reader.connect(session.name, session.address);
          try {
            if (r !== w) await r.openCollection!(spec);
            const differences = compareViews(writerView, await readEach(r, collection, ids));
            const listed = (d: CrossSdkDifference) => known.some((k) => k.writer === writer.name && k.reader === reader.name && k.id === d.id && k.field === d.field);
            const verdict: Verdict = differences.length === 0 ? "pass" : differences.every(listed) ? "known" : "unexpected";
            cell = { target: session.name, writer: writer.label, reader: reader.label, verdict, differences, notWritten };
          } finally {
            if (r !== w) await r.close();
          }
        } catch (e) {
          cell = { target: session.name, writer: writer.label, reader: reader.label, verdict: "error", differences: [], notWritten, error: (e as Error).message };
        }
        cells.push(cell);
      }
    } finally {
      await w.dropCollection(collection).catch(() => undefined);
      await w.close();
    }
  }
  return cells;
}
