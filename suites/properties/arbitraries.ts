// fast-check arbitraries for upsert calls. Ids come from a small pool so calls collide with stored
// records and with each other; vector values sit on a 1/8 grid so float32 comparisons are exact.
import fc from "fast-check";
import { PROVIDER_FAULTS, type EmbeddingFunctionName } from "../../spec/embedding-functions.ts";
import { emptyCollection, seed, type CollectionConfig, type CollectionState, type DistanceMetric, type JsonValue, type QueryArgs, type WriteArgs } from "../../spec/model/index.ts";
import type { Sequence, SequenceStep } from "../fuzz/sequence.ts";

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

// =============================================================================================
// The whole input domain, for the differential fuzzer. Each generator is named after the clause
// it exercises; boundaries get weight, but every value stays reachable: texts from every plane,
// JSON of any shape, float32 across its whole range and beyond it, every form of every field.
// =============================================================================================

/** Texts that sit on boundaries: quoting, escaping, normalisation, case, whitespace, planes. */
const BOUNDARY_TEXTS = [
  "", " ", "a", "A", "z", "id", "ID", "é", "e\u0301", "É", "ß", "ẞ", "İ", "ı", "ﬁ", "Ａ", "中", "文字", "한", "😀", "👩\u200d👩\u200d👧", "𝕏", "\u{10FFFD}",
  "'", "\"", "\\", "\\'", "''", "`", "%", "_", "$", ".", "[", "]", "{", "}", ",", ":", "/", "*", "?", ";", "--", "#",
  "\u0000", "\n", "\r\n", "\t", "\u00a0", "\u200b", "\ufeff", "\u202e", " lead", "trail ", "  ", "\u3000",
  "null", "NULL", "true", "0", "-0", "1e3", "NaN", "[1,2]", "{\"a\":1}", "X'00'", "CAST(", "0x41",
  // UPSERT-VAL-007: lone surrogates (JavaScript strings can hold them; UTF-8 cannot).
  "\ud800", "\udfff", "x\udc00",
] as const;

const WHITESPACE = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u2003", "\u3000");

/** One piece of text: boundary texts, graphemes, any code point of any plane, combining marks. */
const textPiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...BOUNDARY_TEXTS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-composite", maxLength: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x300, max: 0x36f }).map((c) => `a${String.fromCodePoint(c)}`) },
  { weight: 1, arbitrary: WHITESPACE },
);

/** UPSERT-VAL-005: any text, from empty to a few pieces. */
export const unicodeTextArb = fc.array(textPiece, { maxLength: 4 }).map((p) => p.join(""));

/** Ways two ids can look alike and still be different ids (UPSERT-VAL-006). */
const TWINS: readonly ((s: string) => string)[] = [
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => s.normalize("NFD"),
  (s) => s.normalize("NFC"),
  (s) => `${s} `,
  (s) => ` ${s}`,
  (s) => `${s}\u0000`,
];

const utf8Length = (s: string) => Buffer.byteLength(s, "utf8");

/** UPSERT-ERR-008: ids of 510 to 512 UTF-8 bytes made of 1-, 2-, 3- and 4-byte characters. */
export const longValidIdArb = fc.tuple(fc.constantFrom("a", "é", "中", "😀"), fc.integer({ min: 0, max: 2 })).map(([unit, short]) => {
  const target = 512 - short;
  let s = unit.repeat(Math.floor(target / utf8Length(unit)));
  while (utf8Length(s) < target) s += "a";
  return s;
});

/** UPSERT-ERR-008: ids just past the limit (513+ bytes), in multibyte text. */
export const tooLongIdArb = fc.tuple(fc.constantFrom("a", "é", "中", "😀"), fc.integer({ min: 1, max: 3 })).map(([unit, over]) => {
  let s = unit.repeat(Math.ceil(512 / utf8Length(unit)));
  while (utf8Length(s) < 512 + over) s += "a";
  return s;
});

/** UPSERT-VAL-006: a valid id (non-empty, at most 512 bytes). */
export const validIdArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "c", "A", "id-1", "é", "e\u0301", "😀", "it's") },
  { weight: 4, arbitrary: unicodeTextArb.filter((s) => s.length > 0 && utf8Length(s) <= 512) },
  { weight: 1, arbitrary: longValidIdArb },
);

/** UPSERT-ERR-006/007/008: ids the spec rejects: empty, too long, not a string. */
export const invalidIdArb = fc.oneof(
  fc.constant(""),
  tooLongIdArb,
  fc.integer({ min: -5, max: 99 }),
  fc.constantFrom(null, undefined, true, 0, Number.MAX_SAFE_INTEGER),
);

/** UPSERT-VAL-006: a per-sequence pool of ids: distinct texts and look-alike twins, so calls collide. */
export const idPoolArb = fc
  .array(fc.tuple(validIdArb, fc.option(fc.constantFrom(...TWINS.keys()), { nil: undefined })), { minLength: 1, maxLength: 5 })
  .map((pairs) => {
    const pool = new Set<string>();
    for (const [id, twin] of pairs) {
      pool.add(id);
      const t = twin === undefined ? undefined : TWINS[twin]!(id);
      if (t !== undefined && t.length > 0 && utf8Length(t) <= 512) pool.add(t);
    }
    return [...pool];
  });

/** UPSERT-BATCH-001..003: the ids of one call: 1 to 12, mostly from the pool, sometimes invalid. */
export const callIdsArb = (pool: readonly string[]): fc.Arbitrary<unknown> => {
  const element = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...pool) }, { weight: 2, arbitrary: validIdArb }, { weight: 1, arbitrary: invalidIdArb });
  const count = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 2, arbitrary: fc.integer({ min: 4, max: 12 }) });
  return fc.oneof(
    { weight: 12, arbitrary: count.chain((n) => fc.array(element, { minLength: n, maxLength: n })) },
    // UPSERT-NORM-001: one id in single form.
    { weight: 5, arbitrary: element },
    // UPSERT-ERR-001 / ERR-006: no ids, or ids that are not a string or an array.
    { weight: 1, arbitrary: fc.constantFrom([], null, undefined, 7, { 0: "a" }) },
  );
};

/** UPSERT-VAL-001/005, ERR-009: a document: any text, "" , long text, or not a string. */
export const documentValueArb = fc.oneof(
  { weight: 10, arbitrary: unicodeTextArb },
  { weight: 2, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc.tuple(textPiece.filter((p) => p.length > 0), fc.integer({ min: 500, max: 6000 })).map(([p, n]) => [...p.repeat(Math.ceil(n / p.length))].slice(0, n).join("")),
  },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.boolean()) },
);

/** JSON numbers seekdb must keep: integers, doubles across the range, -0, beyond 2^53. */
const jsonNumberArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.constantFrom(-0, 0.1, 1 / 3, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 123456789.123) },
);

const metadataKeyArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("k", "a", "bb", "n", "tag") }, { weight: 3, arbitrary: unicodeTextArb });

const { json: jsonValueArb } = fc.letrec<{ json: unknown; scalar: unknown; array: unknown; object: unknown }>((tie) => ({
  json: fc.oneof({ depthSize: "small", maxDepth: 4 }, tie("scalar"), tie("array"), tie("object")),
  scalar: fc.oneof({ weight: 3, arbitrary: unicodeTextArb }, { weight: 3, arbitrary: jsonNumberArb }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) }),
  array: fc.array(tie("json"), { maxLength: 4 }),
  object: fc.dictionary(metadataKeyArb, tie("json"), { maxKeys: 4 }),
}));

/** Nesting deeper than the usual: objects and arrays 5 to 110 levels down. */
const deepJsonArb = fc.tuple(fc.integer({ min: 5, max: 110 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { d: v };
  return v;
});

/** UPSERT-VAL-002/004, ERR-010: a metadata value: any JSON object, {}, or something the spec refuses. */
export const metadataValueArb = fc.oneof(
  { weight: 10, arbitrary: fc.dictionary(metadataKeyArb, jsonValueArb, { maxKeys: 5 }) },
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: deepJsonArb.map((v) => ({ deep: v })) },
  {
    weight: 1,
    arbitrary: fc.oneof(unicodeTextArb, jsonNumberArb, fc.array(jsonValueArb, { maxLength: 3 }), fc.boolean(), fc.constantFrom({ n: Number.NaN }, { n: Number.POSITIVE_INFINITY }, { u: undefined }, { a: [1, undefined] })),
  },
);

/** float32 values on a grid: exact through every text round trip. */
const gridElementArb = fc.integer({ min: -64, max: 64 }).map((k) => k / 8);
/** float32 edge values: -0, subnormals, the smallest normal, the largest finite. */
const FLOAT32_EDGES = [-0, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754943508222875e-38, 3.4028234663852886e38, -3.4028234663852886e38, 16777217, 0.1, 1e-7] as const;
/** UPSERT-VAL-003, ERR-005: a vector element across float32's whole range and beyond it. */
export const vectorElementArb = fc.oneof(
  { weight: 24, arbitrary: gridElementArb },
  { weight: 3, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...FLOAT32_EDGES) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e39, -1e39, 3.4028235677973366e38, Number.MAX_VALUE) },
);

/** UPSERT-ERR-004/011: a vector of the collection's dimension, or of another length, or with non-numbers. */
export const vectorValueArb = (dimension: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.array(vectorElementArb, { minLength: dimension, maxLength: dimension }) },
    { weight: 1, arbitrary: fc.constantFrom(dimension - 1, dimension + 1, 0).chain((n) => fc.array(gridElementArb, { minLength: Math.max(0, n), maxLength: Math.max(0, n) })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(gridElementArb, { minLength: dimension, maxLength: dimension }), fc.nat({ max: dimension - 1 }), fc.constantFrom<unknown>(null, "1", [1], true, undefined))
        .map(([v, i, bad]) => v.map((x, k) => (k === i ? bad : x))),
    },
  );

/**
 * UPSERT-NORM-002..008, ERR-002: one field of a call with n ids: absent (most often), null or
 * undefined as a whole, "" / [] / {}, a single value, an array of n elements each possibly null or
 * undefined, or an array of the wrong length.
 */
export const fieldArb = (n: number, element: fc.Arbitrary<unknown>): fc.Arbitrary<{ present: boolean; value?: unknown }> => {
  const elementOrNothing = fc.oneof({ weight: 8, arbitrary: element }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(undefined) });
  const present = (a: fc.Arbitrary<unknown>) => a.map((value) => ({ present: true, value }));
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ present: false }) },
    { weight: 1, arbitrary: present(fc.constantFrom(null, undefined)) },
    { weight: 1, arbitrary: present(fc.constantFrom<unknown>("", [], {})) },
    { weight: n === 1 ? 5 : 1, arbitrary: present(element) },
    { weight: 12, arbitrary: present(fc.array(elementOrNothing, { minLength: n, maxLength: n })) },
    { weight: 1, arbitrary: present(fc.constantFrom(Math.max(0, n - 1), n + 1).chain((k) => fc.array(element, { minLength: k, maxLength: k }))) },
  );
};

/** A write call (upsert/add/update) on a collection of `dimension`, ids drawn from `pool`. */
export const writeArgsArb = (pool: readonly string[], dimension: number): fc.Arbitrary<WriteArgs> =>
  callIdsArb(pool).chain((ids) => {
    const n = Array.isArray(ids) ? ids.length : 1;
    return fc
      .record({
        embeddings: fieldArb(n, vectorValueArb(dimension)),
        documents: fieldArb(n, documentValueArb),
        metadatas: fieldArb(n, metadataValueArb),
      })
      .map((f) => {
        const args: Record<string, unknown> = { ids };
        for (const k of ["embeddings", "documents", "metadatas"] as const) if (f[k].present) args[k] = f[k].value;
        return args as WriteArgs;
      });
  });

/** UPSERT-QUERY-001: the vector index's distance: l2 (left out, as before there was a choice) most often. */
const distanceArb = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constant<DistanceMetric>("cosine") }, { weight: 2, arbitrary: fc.constant<DistanceMetric>("inner_product") });

/** A collection the fuzzer creates: dimension 1 to 8, with one of the embedding functions offered, and a distance. */
export const collectionConfigArb = (embeddingFunctions: readonly EmbeddingFunctionName[]): fc.Arbitrary<CollectionConfig> => {
  const common = (["length", "http"] as const).filter((f) => embeddingFunctions.includes(f));
  const rare = (["failing", "short", "long", "wrong_dimension"] as const).filter((f) => embeddingFunctions.includes(f));
  return fc
    .record({
      dimension: fc.integer({ min: 1, max: 8 }),
      embeddingFunction: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        ...(common.length > 0 ? [{ weight: 5, arbitrary: fc.constantFrom<EmbeddingFunctionName>(...common) }] : []),
        ...(rare.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom<EmbeddingFunctionName>(...rare) }] : []),
      ),
      distance: distanceArb,
    })
    .map(({ distance, ...config }): CollectionConfig => (distance ? { ...config, distance } : config));
};

// ---- query (UPSERT-QUERY-*): every argument in the forms a caller passes, boundaries weighted.

/** UPSERT-QUERY-002: a query vector's elements: the grid mostly, float32 values of every moderate size, values float32 rounds. */
const queryElementArb = fc.oneof(
  { weight: 12, arbitrary: gridElementArb },
  { weight: 2, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e6), max: Math.fround(1e6) }) },
  { weight: 1, arbitrary: fc.constantFrom(0.1, -0, 1e-7, 16777217, 1 / 3) },
);

/** UPSERT-QUERY-008/009: one query vector: of the collection's dimension, of another length, or holding what no distance takes. */
export const queryVectorArb = (dimension: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.array(queryElementArb, { minLength: dimension, maxLength: dimension }) },
    { weight: 1, arbitrary: fc.constantFrom(dimension - 1, dimension + 1).chain((n) => fc.array(gridElementArb, { minLength: n, maxLength: n })) },
    {
      weight: 1,
      // NaN stays out: pyseekdb packs it and seekdb prints every distance as 0, which the model does not rank.
      arbitrary: fc
        .tuple(fc.array(gridElementArb, { minLength: dimension, maxLength: dimension }), fc.nat({ max: dimension - 1 }), fc.constantFrom<unknown>(Number.POSITIVE_INFINITY, 1e39, "1", null))
        .map(([v, i, bad]) => v.map((x, k) => (k === i ? bad : x))),
    },
  );

/** UPSERT-QUERY-007/009: queryEmbeddings: one vector (single form), a list of one to three, rarely none. */
export const queryEmbeddingsArb = (dimension: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: queryVectorArb(dimension) },
    { weight: 4, arbitrary: fc.array(queryVectorArb(dimension), { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant([]) },
  );

/** UPSERT-QUERY-007: queryTexts: one text ("" included) or a list of up to three. */
export const queryTextsArb: fc.Arbitrary<unknown> = fc.oneof({ weight: 2, arbitrary: unicodeTextArb }, { weight: 3, arbitrary: fc.array(unicodeTextArb, { maxLength: 3 }) });

/** UPSERT-QUERY-003: nResults: absent (10), 1 to 12 mostly, and the boundaries 0, -1, 16384, 16385. */
export const nResultsArb: fc.Arbitrary<number | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 16384, 16385) },
);

/** UPSERT-QUERY-006: include: absent, or any subset of the fields ("distances" changes nothing). */
export const includeArb: fc.Arbitrary<string[] | undefined> = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.subarray(["documents", "metadatas", "embeddings", "distances"]) });

/** UPSERT-QUERY-007: a query call: vectors most often, texts where an embedding function can make them, both, or neither. */
export const queryArgsArb = (config: CollectionConfig): fc.Arbitrary<QueryArgs> => {
  const texts = config.embeddingFunction !== null;
  return fc
    .record({
      form: fc.oneof({ weight: 8, arbitrary: fc.constant("embeddings" as const) }, { weight: texts ? 4 : 1, arbitrary: fc.constant("texts" as const) }, { weight: 1, arbitrary: fc.constantFrom("both" as const, "neither" as const) }),
      queryEmbeddings: queryEmbeddingsArb(config.dimension),
      queryTexts: queryTextsArb,
      nResults: nResultsArb,
      include: includeArb,
    })
    .map(({ form, queryEmbeddings, queryTexts, nResults, include }) =>
      dropUndefined({
        queryEmbeddings: form === "embeddings" || form === "both" ? queryEmbeddings : undefined,
        queryTexts: form === "texts" || form === "both" ? queryTexts : undefined,
        nResults,
        include,
      }),
    );
};

const stepArb = (pool: readonly string[], collections: readonly CollectionConfig[]): fc.Arbitrary<SequenceStep> => {
  const c = fc.nat({ max: collections.length - 1 });
  const someIds = fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: validIdArb }), { minLength: 1, maxLength: 4 });
  const write = (op: "upsert" | "add" | "update") => c.chain((ci) => writeArgsArb(pool, collections[ci]!.dimension).map((args): SequenceStep => ({ op, c: ci, args })));
  const http = collections.some((x) => x.embeddingFunction === "http");
  return fc.oneof(
    { weight: 20, arbitrary: write("upsert") },
    { weight: 4, arbitrary: write("add") },
    { weight: 4, arbitrary: write("update") },
    { weight: 2, arbitrary: fc.tuple(c, someIds).map(([ci, ids]): SequenceStep => ({ op: "delete", c: ci, ids })) },
    { weight: 3, arbitrary: fc.tuple(c, fc.option(someIds, { nil: undefined })).map(([ci, ids]): SequenceStep => (ids ? { op: "get", c: ci, ids } : { op: "get", c: ci })) },
    { weight: 1, arbitrary: c.map((ci): SequenceStep => ({ op: "count", c: ci })) },
    { weight: 5, arbitrary: c.chain((ci) => queryArgsArb(collections[ci]!).map((args): SequenceStep => ({ op: "query", c: ci, args }))) },
    { weight: 1, arbitrary: c.map((ci): SequenceStep => ({ op: "drop", c: ci })) },
    { weight: 1, arbitrary: c.map((ci): SequenceStep => ({ op: "create", c: ci })) },
    ...(http ? [{ weight: 3, arbitrary: fc.array(fc.constantFrom(...PROVIDER_FAULTS), { minLength: 1, maxLength: 2 }).map((faults): SequenceStep => ({ op: "fault", faults })) }] : []),
  );
};

/**
 * A fuzz sequence: one or two collections, an id pool, and up to maxSteps steps over them. Only
 * embedding functions the clients under test offer are drawn.
 */
export const sequenceArb = (opts: { embeddingFunctions: readonly EmbeddingFunctionName[]; maxSteps?: number; holdsUndefined?: boolean }): fc.Arbitrary<Sequence> => {
  const seqs = sequenceOf(opts);
  // A language without undefined (Python) gets null where JavaScript would get undefined or a hole.
  return opts.holdsUndefined === false ? seqs.map((s) => ({ ...s, steps: s.steps.map((x) => nullForUndefined(x) as SequenceStep) })) : seqs;
};

/** A value with null wherever it held undefined or an array hole (what a language without undefined can hold). */
export function nullForUndefined(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => nullForUndefined(v[i]));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullForUndefined(x)]));
  return v;
}

const sequenceOf = (opts: { embeddingFunctions: readonly EmbeddingFunctionName[]; maxSteps?: number }): fc.Arbitrary<Sequence> =>
  fc
    .record({
      collections: fc.array(collectionConfigArb(opts.embeddingFunctions), { minLength: 1, maxLength: 2 }),
      pool: idPoolArb,
    })
    .chain(({ collections, pool }) =>
      fc.array(stepArb(pool, collections), { minLength: 1, maxLength: opts.maxSteps ?? 12 }).map((steps): Sequence => ({ collections, steps })),
    );
