// The laws of upsert as fast-check properties over the model. Each law is written against the
// profile interface only, so one definition checks the spec and every SDK profile.
import fc from "fast-check";
import { lengthVector } from "../../spec/embedding-functions.ts";
import type { Profile } from "../../spec/profiles.ts";
import {
  canonicalJson,
  getRecords,
  toFloat32,
  type CallResult,
  type CollectionState,
  type JsonValue,
  type WriteArgs,
} from "../../spec/model/index.ts";
import {
  DIMENSION,
  batchArgsArb,
  ID_POOL,
  possiblyInvalidArgsArb,
  singleArgsArb,
  stateArb,
} from "./arbitraries.ts";

export interface Law {
  readonly id: string;
  readonly clauses: readonly string[];
  readonly statement: string;
  readonly property: (profile: Profile) => fc.IProperty<never>;
}

const snapshot = (s: CollectionState) => canonicalJson(getRecords(s));
const outcomeKey = (r: CallResult) => (r.outcome.ok ? "ok" : r.outcome.error.class);

/** Same outcome class, same state, same embedding-function calls. */
function sameCall(a: CallResult, b: CallResult): boolean {
  return outcomeKey(a) === outcomeKey(b) && snapshot(a.state) === snapshot(b.state) && canonicalJson(a.embeddingCalls) === canonicalJson(b.embeddingCalls);
}

type Fields = "embeddings" | "documents" | "metadatas";
const FIELDS: readonly Fields[] = ["embeddings", "documents", "metadatas"];

/** The call restricted to the elements at `indices`, in that order. */
function pick(args: WriteArgs, indices: readonly number[]): WriteArgs {
  const ids = args.ids as unknown[];
  const out: Record<string, unknown> = { ids: indices.map((i) => ids[i]) };
  for (const f of FIELDS) {
    const v = args[f] as unknown[] | undefined;
    if (v !== undefined) out[f] = indices.map((i) => v[i]);
  }
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const given = (v: unknown) => v !== undefined && v !== null;

/**
 * An executor that throws is not a counterexample: the law did not get an answer. Such a throw is
 * wrapped, so a check can tell "the law is false here" from "the model crashed here".
 */
export class LawCrash extends Error {
  override name = "LawCrash";
}

const prop = <T extends unknown[]>(arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }, predicate: (...args: T) => boolean | void) =>
  fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...a: unknown[]) => {
    try {
      return (predicate as (...x: unknown[]) => boolean)(...a);
    } catch (e) {
      if (fc.PreconditionFailure.isFailure(e)) throw e;
      throw new LawCrash(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  }) as unknown as fc.IProperty<never>;

export const LAWS: readonly Law[] = [
  {
    id: "single-form-equals-array-of-one",
    clauses: ["UPSERT-NORM-001", "UPSERT-NORM-002", "UPSERT-NORM-003", "UPSERT-NORM-004", "UPSERT-NORM-005"],
    statement: "upsert of one id in single form ≡ the same call with every field as an array of one",
    property: (p) =>
      prop([stateArb(), singleArgsArb], (s, a) => {
        const arrayForm: Record<string, unknown> = { ids: [a.ids] };
        for (const f of FIELDS) if (a[f] !== undefined) arrayForm[f] = [a[f]];
        return sameCall(p.write(s, "upsert", a), p.write(s, "upsert", arrayForm));
      }),
  },
  {
    id: "idempotence",
    clauses: ["UPSERT-ATOM-002"],
    statement: "upsert twice with the same arguments ≡ once",
    property: (p) =>
      prop([stateArb(), batchArgsArb()], (s, a) => {
        const once = p.write(s, "upsert", a);
        const twice = p.write(once.state, "upsert", a);
        return snapshot(once.state) === snapshot(twice.state);
      }),
  },
  {
    id: "upsert-new-equals-add",
    clauses: ["UPSERT-REL-001"],
    statement: "upsert of distinct ids none of which is stored ≡ add",
    property: (p) =>
      prop([stateArb(), batchArgsArb({ ids: fc.shuffledSubarray([...ID_POOL], { minLength: 1, maxLength: 4 }) })], (s, a) => {
        fc.pre((a.ids as string[]).every((id) => !s.records.has(id)));
        return sameCall(p.write(s, "upsert", a), p.write(s, "add", a));
      }),
  },
  {
    id: "upsert-existing-equals-update",
    clauses: ["UPSERT-REL-002"],
    statement: "upsert of ids that are all stored ≡ update",
    property: (p) =>
      prop([stateArb(), batchArgsArb({ ids: fc.array(fc.constantFrom(...ID_POOL), { minLength: 1, maxLength: 4 }) })], (s, a) => {
        fc.pre((a.ids as string[]).every((id) => s.records.has(id)));
        return sameCall(p.write(s, "upsert", a), p.write(s, "update", a));
      }),
  },
  {
    id: "distinct-ids-order-independent",
    clauses: ["UPSERT-BATCH-003"],
    statement: "for distinct ids, the order of the batch does not change the final state",
    property: (p) =>
      prop(
        [
          stateArb(),
          fc.shuffledSubarray([...ID_POOL], { minLength: 2, maxLength: 4 }).chain((ids) =>
            fc.tuple(batchArgsArb({ ids: fc.constant(ids) }), fc.shuffledSubarray(range(ids.length), { minLength: ids.length, maxLength: ids.length })),
          ),
        ],
        (s, [a, order]) => snapshot(p.write(s, "upsert", a).state) === snapshot(p.write(s, "upsert", pick(a, order)).state),
      ),
  },
  {
    id: "duplicate-ids-last-writer-wins",
    clauses: ["UPSERT-BATCH-001", "UPSERT-BATCH-002"],
    statement: "an accepted call naming one id twice ≡ the two occurrences as two calls, in order",
    property: (p) =>
      prop([stateArb(), fc.constantFrom(...ID_POOL).chain((id) => batchArgsArb({ ids: fc.constant([id, id]) }))], (s, a) => {
        const together = p.write(s, "upsert", a);
        fc.pre(together.outcome.ok);
        const first = p.write(s, "upsert", pick(a, [0]));
        const second = p.write(first.state, "upsert", pick(a, [1]));
        return snapshot(together.state) === snapshot(second.state);
      }),
  },
  {
    id: "fields-not-given-stay",
    clauses: ["UPSERT-WRITE-003"],
    statement: "an accepted upsert of a stored id keeps every field it does not give (and the embedding unless a document re-embeds it)",
    property: (p) =>
      prop([stateArb().filter((s) => s.records.size > 0), singleArgsArb], (s, a0) => {
        const id = [...s.records.keys()][0]!;
        const a = { ...a0, ids: id };
        const r = p.write(s, "upsert", a);
        fc.pre(r.outcome.ok);
        const before = s.records.get(id)!;
        const after = r.state.records.get(id)!;
        if (a.documents === undefined && after.document !== before.document) return false;
        if (a.metadatas === undefined && canonicalJson(after.metadata) !== canonicalJson(before.metadata)) return false;
        if (a.embeddings === undefined && a.documents === undefined && canonicalJson(after.embedding) !== canonicalJson(before.embedding)) return false;
        return true;
      }),
  },
  {
    id: "get-returns-what-was-written",
    clauses: ["UPSERT-VAL-003", "UPSERT-WRITE-001", "UPSERT-WRITE-002", "UPSERT-NORM-008"],
    statement: "after an accepted upsert, get of each id returns the fields given (embeddings as float32), stored values for fields not given",
    property: (p) =>
      prop([stateArb(), batchArgsArb()], (s, a) => {
        const r = p.write(s, "upsert", a);
        fc.pre(r.outcome.ok);
        // An oracle written per id and per field, independent of the executors.
        const ids = a.ids as string[];
        const expected = new Map<string, { document: string | null; metadata: JsonValue | null; embedding: readonly number[] | null }>();
        for (const [i, id] of ids.entries()) {
          const prev = expected.get(id) ?? s.records.get(id) ?? null;
          const d = (a.documents as unknown[] | undefined)?.[i];
          const m = (a.metadatas as unknown[] | undefined)?.[i];
          const e = (a.embeddings as unknown[] | undefined)?.[i];
          const embedding = given(e)
            ? toFloat32(e as number[])
            : typeof d === "string" && s.config.embeddingFunction === "length"
              ? lengthVector(d, DIMENSION)
              : (prev?.embedding ?? null);
          expected.set(id, {
            document: given(d) ? (d as string) : (prev?.document ?? null),
            metadata: given(m) ? (m as JsonValue) : (prev?.metadata ?? null),
            embedding,
          });
        }
        for (const [id, want] of expected) {
          const got = getRecords(r.state, [id])[0];
          if (!got || canonicalJson({ ...want, id }) !== canonicalJson({ id, document: got.document, metadata: got.metadata, embedding: got.embedding })) {
            return false;
          }
        }
        return true;
      }),
  },
  {
    id: "rejected-call-leaves-profile-state",
    clauses: ["UPSERT-ATOM-001"],
    statement: "a rejected call leaves the state unchanged (spec), or, where the profile writes id by id, the state of an accepted prefix of the call",
    property: (p) =>
      prop([stateArb(), possiblyInvalidArgsArb], (s, a) => {
        const r = p.write(s, "upsert", a);
        fc.pre(!r.outcome.ok);
        const after = snapshot(r.state);
        if (after === snapshot(s)) return true;
        if (!p.divergences.some((d) => d.clause === "UPSERT-ATOM-001")) return false;
        const n = (a.ids as unknown[]).length;
        return range(n).some((k) => {
          if (k === 0) return false;
          const prefix = p.write(s, "upsert", pick(a, range(k)));
          return prefix.outcome.ok && snapshot(prefix.state) === after;
        });
      }),
  },
];
