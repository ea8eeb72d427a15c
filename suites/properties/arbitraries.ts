// fast-check arbitraries for upsert calls. Ids come from a small pool so calls collide with stored
// records and with each other; vector values sit on a 1/8 grid so float32 comparisons are exact.
import fc from "fast-check";
import { emptyCollection, seed, type CollectionState, type JsonValue, type WriteArgs } from "../../spec/model/index.ts";

export const DIMENSION = 3;
export const ID_POOL = ["a", "b", "c", "A", "é", "e\u0301", "it's", "😀"] as const;

export const idArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ID_POOL) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }) });

export const gridNumber = fc.integer({ min: -64, max: 64 }).map((k) => k / 8);
export const vectorArb = fc.array(gridNumber, { minLength: DIMENSION, maxLength: DIMENSION });

export const documentArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("", "x", "yy", "a\u0000b", "it's \"q\" \\") },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
);

const jsonScalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
export const metadataArb: fc.Arbitrary<{ [k: string]: JsonValue }> = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 4 }),
  fc.oneof({ weight: 4, arbitrary: jsonScalar }, { weight: 1, arbitrary: fc.array(jsonScalar, { maxLength: 3 }) }),
  { maxKeys: 3 },
);

/** An element that may be absent for one id: null or undefined stand for "not given" in the spec. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(undefined) });

export interface RecordSeed {
  id: string;
  document: string | null;
  embedding: number[];
  metadata: { [k: string]: JsonValue } | null;
}

export const seedRecordArb: fc.Arbitrary<RecordSeed> = fc.record({
  id: fc.constantFrom(...ID_POOL),
  document: fc.option(documentArb.filter((d) => d !== ""), { nil: null }),
  embedding: vectorArb,
  metadata: fc.option(metadataArb, { nil: null }),
});

export const stateArb = (embeddingFunction: "length" | null = "length"): fc.Arbitrary<CollectionState> =>
  fc.array(seedRecordArb, { maxLength: 5 }).map((records) => {
    const state = seed(emptyCollection({ dimension: DIMENSION, embeddingFunction }), records);
    // Counterexamples print the records the state was seeded with, not the Immutable.Map inside.
    Object.defineProperty(state, fc.toStringMethod, { value: () => `state(${fc.stringify(records)})`, enumerable: false });
    return state;
  });

/** A well-formed call in array form: every given field has one element per id. */
export const batchArgsArb = (opts: { minIds?: number; maxIds?: number; ids?: fc.Arbitrary<string[]> } = {}): fc.Arbitrary<WriteArgs> =>
  (opts.ids ?? fc.array(idArb, { minLength: opts.minIds ?? 1, maxLength: opts.maxIds ?? 4 })).chain((ids) => {
    const n = ids.length;
    const field = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.array(maybe(arb), { minLength: n, maxLength: n }), { nil: undefined });
    return fc
      .record({ embeddings: field(vectorArb), documents: field(documentArb), metadatas: field(metadataArb) })
      .filter((f) => f.embeddings !== undefined || f.documents !== undefined || f.metadatas !== undefined)
      .map((f) => ({ ids, ...dropUndefined(f) }));
  });

/** A one-id call in single form (no null elements: single form has none). */
export const singleArgsArb: fc.Arbitrary<{ ids: string; embeddings?: number[]; documents?: string; metadatas?: { [k: string]: JsonValue } }> = fc
  .record({
    ids: idArb,
    embeddings: fc.option(vectorArb, { nil: undefined }),
    documents: fc.option(documentArb, { nil: undefined }),
    metadatas: fc.option(metadataArb, { nil: undefined }),
  })
  .filter((a) => a.embeddings !== undefined || a.documents !== undefined || a.metadatas !== undefined)
  .map(dropUndefined);

/** Element values the spec rejects (each modelled for every profile). */
export const badIdArb = fc.oneof(
  fc.constant(""),
  fc.constant(null),
  fc.integer({ min: 0, max: 999 }),
  fc.constant("x".repeat(513)),
);
export const badVectorArb = fc.oneof(
  fc.array(gridNumber, { minLength: 1, maxLength: 2 }),
  fc.array(gridNumber, { minLength: 4, maxLength: 5 }),
  fc.constant([1, Number.NaN, 1]),
  fc.constant([Number.POSITIVE_INFINITY, 0, 0]),
);

/** A well-shaped batch in which some elements may be invalid, so that some calls are rejected. */
export const possiblyInvalidArgsArb: fc.Arbitrary<WriteArgs> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc
    .record({
      ids: fc.array(fc.oneof({ weight: 5, arbitrary: idArb }, { weight: 1, arbitrary: badIdArb }), { minLength: n, maxLength: n }),
      embeddings: fc.option(fc.array(fc.oneof({ weight: 5, arbitrary: vectorArb }, { weight: 1, arbitrary: badVectorArb }, { weight: 1, arbitrary: fc.constant(null) }), { minLength: n, maxLength: n }), { nil: undefined }),
      documents: fc.option(fc.array(fc.oneof(documentArb, fc.constant(null)), { minLength: n, maxLength: n }), { nil: undefined }),
      metadatas: fc.option(fc.array(fc.oneof({ weight: 5, arbitrary: metadataArb }, { weight: 1, arbitrary: fc.constant("not an object") }), { minLength: n, maxLength: n }), { nil: undefined }),
    })
    .filter((f) => f.embeddings !== undefined || f.documents !== undefined || f.metadatas !== undefined)
    .map(dropUndefined),
);

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
