// Fidelity probes for vector search (part of PROBES in probes.ts): the distance functions' float32
// arithmetic and printing, their errors, ORDER BY ... APPROXIMATE LIMIT n with and without a
// vector index that fits, filters, hints, the refresh procedure, and the statements both SDKs'
// query() sends. No probe has two rows at the same distance: seekdb orders ties arbitrarily
// (measured: the order among equal distances changes with LIMIT), so a tie cannot be compared
// byte for byte. No probe depends on the index's lag (index-lag.real.test.ts measures it): an
// approximate search runs after CALL dbms_index_manager.refresh(), or reads only what the index
// already held.
import type { Probe } from "./probes.ts";

type Metric = "l2" | "cosine" | "inner_product";

/** A collection table as seekdb-js 1.4 creates it, with the given distance and dimension. */
const collection = (distance: Metric, dimension = 3) =>
  `CREATE TABLE \`{t}\` (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(${dimension}), metadata JSON, FULLTEXT INDEX idx_fts (document) WITH PARSER ik, VECTOR INDEX idx_vec (embedding) WITH(distance=${distance}, type=hnsw, lib=vsag)) ORGANIZATION = HEAP`;

const insertRow = (id: string, vector: string, document = `d${id}`, metadata = `{"k": "${id}"}`) =>
  `INSERT INTO \`{t}\` (_id, document, metadata, embedding) VALUES (CAST('${id}' AS BINARY), '${document}', '${metadata}', '${vector}')`;

/** Six rows at distinct distances from the probes' query vectors, whatever the metric. */
const ROWS = [
  insertRow("a", "[1,2,3]"),
  insertRow("b", "[4,5,6.5]", "", "{}"),
  insertRow("c", "[0.5,0.25,0.125]"),
  insertRow("d", "[-1,0.75,2]"),
  insertRow("e", "[3,-2,0.375]"),
  insertRow("f", "[0.1,0.2,0.3]", "df", "null"),
];
const REFRESH = "CALL dbms_index_manager.refresh()";

/** float32s as pyseekdb sends them: X'..', little-endian. */
function hex(values: readonly number[]): string {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((x, i) => b.writeFloatLE(x, i * 4));
  return `X'${b.toString("hex")}'`;
}

interface QueryShape {
  readonly where?: string;
  readonly limit?: number;
  readonly embeddings?: boolean;
}

/** seekdb-js 1.4's Collection.query statement (SQLBuilder.buildVectorQuery), as mysql2 fills it in. */
function seekdbJsQuery(fn: string, vector: string, o: QueryShape & { readonly desc?: boolean } = {}): string {
  const fields = ["_id", "document", "metadata", ...(o.embeddings ? ["embedding"] : [])].join(", ");
  return `SELECT ${fields},
             ${fn}(embedding, '${vector}') AS distance
      FROM \`{t}\`
      ${o.where ? `WHERE (${o.where})` : ""}
      ORDER BY ${fn}(embedding, '${vector}')${o.desc ? " DESC" : ""}
      APPROXIMATE
      LIMIT ${o.limit ?? 10}`;
}

/** pyseekdb 1.4.0.post1's _collection_query statement, as PyMySQL fills it in. */
function pyseekdbQuery(fn: string, vector: readonly number[], o: QueryShape & { readonly hint?: string } = {}): string {
  const fields = ["_id", ...(o.embeddings ? ["embedding"] : []), "document", "metadata"].join(", ");
  return `
                SELECT ${o.hint ?? ""} ${fields},
                       ${fn}(embedding, ${hex(vector)}) AS distance
                FROM \`{t}\`
                ${o.where ? `WHERE ${o.where}` : ""}
                ORDER BY ${fn}(embedding, ${hex(vector)})
                APPROXIMATE
                LIMIT ${o.limit ?? 10}
            `;
}

// ---- arithmetic: every path of seekdb's float32 code (≤ 4 elements, 4-wide blocks, l2's 8-wide blocks)

/** A deterministic float32 stream of mixed magnitudes and signs (a fixed-seed LCG). */
function float32Stream(seed: number): () => number {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return () => {
    const k = next();
    if (k < 0.3) return Math.round((next() * 16 - 8) * 8) / 8;
    return Math.fround((next() * 2 - 1) * 10 ** Math.floor(next() * 8 - 4));
  };
}

const ARITHMETIC_DIMENSIONS = [1, 2, 3, 4, 5, 7, 8, 9, 12, 17, 33, 128] as const;

function arithmeticProbe(dimension: number): Probe {
  const value = float32Stream(1000 + dimension);
  const rows = Array.from({ length: 5 }, (_, i) => `(${i}, ${hex(Array.from({ length: dimension }, value))}, ${hex(Array.from({ length: dimension }, value))})`);
  return {
    id: `vector-arithmetic-${dimension}`,
    description: `every distance function over 5 random float32 pairs of dimension ${dimension}: float32 lanes and double sums as seekdb adds them, printed in full`,
    setup: [`CREATE TABLE \`{t}\` (id INT PRIMARY KEY, a VECTOR(${dimension}), b VECTOR(${dimension}))`, `INSERT INTO \`{t}\` VALUES ${rows.join(", ")}`],
    sql: "SELECT id, l2_distance(a, b) AS l2, l2_squared(a, b) AS sq, cosine_distance(a, b) AS cos, inner_product(a, b) AS ip, negative_inner_product(a, b) AS nip FROM `{t}`",
  };
}

export const VECTOR_PROBES: readonly Probe[] = [
  ...ARITHMETIC_DIMENSIONS.map(arithmeticProbe),
  {
    id: "vector-constants",
    description: "distances of two constant vectors (read as JSON arrays)",
    sql: "SELECT l2_distance('[1,2,3]', '[1.1,2,3]') AS a, l2_distance('[0.1]', '[0.3]') AS b, cosine_distance('[1,2]', '[2,1]') AS c, inner_product('[0.1,0.2]', '[0.3,0.4]') AS d, negative_inner_product('[1,2,3,4,5]', '[5,4,3,2,1]') AS e",
  },
  {
    id: "vector-printing",
    description: "a distance is a DOUBLE printed with its shortest digits, fixed from 1e-15 to below 1e15 and with an exponent outside",
    sql: "SELECT inner_product('[1e-10]', '[1e-10]') AS a, inner_product('[1e10]', '[1e10]') AS b, inner_product('[1e-7]', '[1e-7]') AS c, inner_product('[1e8]', '[1e8]') AS d, inner_product('[1e15]', '[1]') AS e, inner_product('[1e-5]', '[1e-10]') AS f, inner_product('[12345678]', '[1e10]') AS g, inner_product('[0.00001]', '[1]') AS h, inner_product('[1e30]', '[1e8]') AS i, inner_product('[1,2]', '[3,4]') AS j",
  },
  {
    id: "vector-nulls-and-zeros",
    description: "NULL arguments and a cosine with a zero vector give NULL; two empty vectors give NULL; a negative zero prints as 0",
    sql: "SELECT l2_distance('[1,2]', NULL) AS a, cosine_distance('[0,0]', '[1,1]') AS b, cosine_distance('[1e-30,1e-30]', '[1,1]') AS c, l2_distance('[]', '[]') AS d, negative_inner_product('[0]', '[1]') AS e, cosine_distance('[1,1]', '[-1,-1]') AS f",
  },
  { id: "vector-constants-dimensions", description: "two constant vectors of different lengths: 7600 'Invalid dimension for vector.'", sql: "SELECT l2_distance('[1,2]', '[1,2,3]')" },
  { id: "vector-constants-bad-json", description: "a constant vector that is not JSON: 3140", sql: "SELECT l2_distance('[1,2,3]', '[1,x]')" },
  { id: "vector-parameter-count", description: "a distance function with one argument: 1582", setup: ["CREATE TABLE `{t}` (id INT PRIMARY KEY, v VECTOR(3))"], sql: "SELECT l2_distance(v) FROM `{t}`" },
  // ---- a query vector beside a VECTOR(3) column: converted as a value for that column
  ...(
    [
      ["text-short", "'[1,2]'", "text of 2 elements: 7600 'inconsistent dimension'"],
      ["text-long", "'[1,2,3,4]'", "text of 4 elements: 7600"],
      ["text-empty", "'[]'", "'[]': 1210"],
      ["text-blank", "' '", "blank text: 7600 'got 0'"],
      ["text-malformed", "'[1,x,0]'", "text that is not a vector: 1210"],
      ["text-trailing-comma", "' [1, 2 ,3,] '", "spaces and a trailing comma are accepted"],
      ["text-beyond-float32", "'[3.5e38,0,0]'", "an element beyond float32: 1264"],
      ["text-largest-float32", "'[3.4e38,0,0]'", "an element just inside float32"],
      ["hex-short", "X'0000803f00000000'", "hex of 2 float32s: 1210"],
      ["hex-empty", "X''", "empty hex: 1210"],
      ["hex-infinite", hex([Infinity, 0, 0]), "hex holding an infinity: 1264"],
      ["number", "5", "a number: 1210"],
      ["null", "NULL", "NULL: NULL"],
    ] as const
  ).map(([id, vector, description]): Probe => ({
    id: `vector-argument-${id}`,
    description: `a query vector beside a VECTOR(3) column, ${description}`,
    setup: [collection("l2"), ROWS[0]!],
    sql: `SELECT _id, l2_distance(embedding, ${vector}) AS distance FROM \`{t}\``,
  })),
  { id: "vector-argument-overflow", description: "an inner product beyond double's reach in float32 lanes: 1264", setup: [collection("l2"), ROWS[0]!], sql: "SELECT inner_product(embedding, '[3e38,3e38,3e38]') FROM `{t}`" },
  // ---- overflow: seekdb checks its double sums (1264) but not its float32 lanes (an infinite distance, printed 0)
  {
    id: "vector-overflow-lanes",
    description: "l2 over float32 lanes that overflow: an infinite distance, sorted last and printed as 0",
    setup: ["CREATE TABLE `{t}` (id INT PRIMARY KEY, a VECTOR(5))", "INSERT INTO `{t}` VALUES (1, '[3e38,0,0,0,0]'), (2, '[1,0,0,0,0]'), (3, '[0.5,0,0,0,0]'), (4, '[2,0,0,0,0]')"],
    sql: "SELECT id, l2_distance(a, '[0,0,0,0,0]') AS d FROM `{t}` ORDER BY l2_distance(a, '[0,0,0,0,0]') LIMIT 10",
  },
  ...(
    [
      ["l2-double", "VECTOR(3)", "[3e38,0,0]", "l2_distance(a, '[-3e38,0,0]')", "l2 whose difference overflows in the double sum: 1264"],
      ["ip-tail", "VECTOR(5)", "[3e38,0,0,0,0]", "inner_product(a, '[2,0,0,0,0]')", "an inner product whose lanes overflow, then a term added in double: 1264"],
      ["ip-lanes-only", "VECTOR(8)", "[3e38,0,0,0,0,0,0,0]", "inner_product(a, '[2,0,0,0,0,0,0,0]')", "an inner product whose lanes overflow with no term after them"],
      ["cosine-double", "VECTOR(3)", "[3e38,0,0]", "cosine_distance(a, '[1,0,0]')", "a cosine whose norm overflows in the double sum: 1264"],
      ["cosine-lanes-only", "VECTOR(8)", "[3e38,0,0,0,0,0,0,0]", "cosine_distance(a, '[1,0,0,0,0,0,0,0]')", "a cosine whose norm overflows in float32 lanes only"],
    ] as const
  ).map(([id, type, stored, expr, description]): Probe => ({ id: `vector-overflow-${id}`, description, setup: [`CREATE TABLE \`{t}\` (id INT PRIMARY KEY, a ${type})`, `INSERT INTO \`{t}\` VALUES (1, '${stored}')`], sql: `SELECT ${expr} AS d FROM \`{t}\`` })),
  // ---- stored values float32 cannot hold: kept as ±inf / NaN (they print as 0), which the distances meet
  ...(
    [
      ["beyond-float32-text", "'[3.4028235677973366e+38,0,0]'", "+inf"],
      ["infinity-hex", hex([Infinity, 0, 0]), "+inf"],
      ["negative-infinity-hex", hex([-Infinity, 0, 0]), "-inf"],
      ["nan-text", "'[nan,0,0]'", "NaN"],
      ["nan-hex", hex([NaN, 0, 0]), "NaN"],
      ["zero", "'[0,0,0]'", "0 (the control)"],
    ] as const
  ).flatMap(([id, stored, kept]): Probe[] => {
    const setup = [collection("l2"), `INSERT INTO \`{t}\` (_id, embedding) VALUES (CAST('x' AS BINARY), ${stored})`];
    return [
      {
        id: `vector-stored-${id}`,
        description: `a stored ${stored} reads back as 0 but is kept as ${kept}: 0 times it is NaN, not 0`,
        setup,
        sql: "SELECT _id, embedding, inner_product(embedding, '[0,1,0]') AS ip, inner_product(embedding, '[0,1,0]') = 0 AS ip_is_0 FROM `{t}`",
      },
      { id: `vector-stored-${id}-times-1`, description: `an inner product that meets the stored ${kept} (1264 for ±inf, NaN for NaN)`, setup, sql: "SELECT inner_product(embedding, '[1,0,0]') = 0 AS ip_is_0 FROM `{t}`" },
    ];
  }),
  { id: "vector-stored-infinity-l2", description: "l2 from a stored infinity through the index: the double sum overflows, 1264", setup: [collection("l2"), `INSERT INTO \`{t}\` (_id, embedding) VALUES (CAST('x' AS BINARY), '[1e39,0,0]')`, REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]") },
  { id: "vector-stored-infinity-l2-exact", description: "l2 from a stored infinity in an exact scan beside finite rows: 1264", setup: [collection("l2"), ...ROWS, `INSERT INTO \`{t}\` (_id, embedding) VALUES (CAST('x' AS BINARY), '[1e39,0,0]')`], sql: "SELECT _id, l2_distance(embedding, '[0,0,0]') AS d FROM `{t}` ORDER BY l2_distance(embedding, '[0,0,0]') LIMIT 3" },
  // A NaN distance sorts last ascending and first descending (inserted first, so not by chance), equals itself, and is greater than any number.
  { id: "vector-stored-nan-l2-exact", description: "an exact scan beside a stored NaN: its distance NaN, printed 0, sorted last", setup: [collection("l2"), `INSERT INTO \`{t}\` (_id, embedding) VALUES (CAST('x' AS BINARY), '[nan,0,0]')`, ...ROWS], sql: "SELECT _id, l2_distance(embedding, '[0,0,0]') AS d FROM `{t}` ORDER BY l2_distance(embedding, '[0,0,0]') LIMIT 10" },
  { id: "vector-stored-nan-l2-exact-desc", description: "the same descending: NaN first", setup: [collection("l2"), `INSERT INTO \`{t}\` (_id, embedding) VALUES (CAST('x' AS BINARY), '[nan,0,0]')`, ...ROWS], sql: "SELECT _id, l2_distance(embedding, '[0,0,0]') AS d FROM `{t}` ORDER BY l2_distance(embedding, '[0,0,0]') DESC LIMIT 10" },
  {
    id: "vector-stored-nan-comparisons",
    description: "a NaN distance compared: equal to itself, greater than any number, unequal to 0, not NULL",
    setup: [collection("l2"), `INSERT INTO \`{t}\` (_id, embedding) VALUES (CAST('x' AS BINARY), '[nan,0,0]')`, ...ROWS],
    sql: "SELECT _id, l2_distance(embedding, '[0,0,0]') > 1e300 AS gt, l2_distance(embedding, '[0,0,0]') < -1e300 AS lt, l2_distance(embedding, '[0,0,0]') = l2_distance(embedding, '[0,0,0]') AS eq, l2_distance(embedding, '[0,0,0]') <> 0 AS ne, l2_distance(embedding, '[0,0,0]') IS NULL AS n FROM `{t}` WHERE _id = CAST('x' AS BINARY)",
  },
  { id: "vector-nan-query", description: "a NaN in a hex query vector (pyseekdb packs float('nan')): every distance NaN, printed as 0", setup: [collection("l2"), ROWS[0]!, ROWS[1]!], sql: `SELECT _id, l2_distance(embedding, ${hex([NaN, 0, 0])}) AS distance FROM \`{t}\`` },
  { id: "vector-argument-wrong-dimension-empty-table", description: "a query vector of the wrong length on an empty table", setup: [collection("l2")], sql: seekdbJsQuery("l2_distance", "[1,2]") },
  // A query vector of the wrong length, as each client sends it, on an empty table and on one with rows, for every metric
  // (the fuzzer found an empty inner_product collection answering without an error).
  { id: "vector-wrong-dimension-empty-exact-l2", description: "an exact search (no APPROXIMATE) on an empty l2 collection with a 1-element vector", setup: [collection("l2")], sql: "SELECT _id, l2_distance(embedding, '[0]') AS distance FROM `{t}` ORDER BY l2_distance(embedding, '[0]') LIMIT 10" },
  { id: "vector-wrong-dimension-empty-other-metric", description: "APPROXIMATE with a distance the index is not built for (an exact scan), empty table, 1-element vector", setup: [collection("l2")], sql: seekdbJsQuery("cosine_distance", "[0]") },
  { id: "vector-wrong-dimension-filtered-out-exact", description: "an exact scan whose WHERE keeps no row, 1-element vector", setup: [collection("inner_product"), ...ROWS], sql: seekdbJsQuery("inner_product", "[0]", { desc: true, where: "1 = 0" }) },
  { id: "vector-wrong-dimension-filtered-out-index", description: "an index scan whose WHERE keeps no row, 1-element vector", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0]", { where: "1 = 0" }) },
  // LIMIT 0 (seekdb-js's nResults 0) reads no row: found by the fuzz (an exact scan answered a wrong-length vector without an error).
  { id: "vector-wrong-dimension-limit-0-exact", description: "nResults 0 through an exact scan (inner_product DESC) with rows, 1-element vector", setup: [collection("inner_product"), ...ROWS], sql: seekdbJsQuery("inner_product", "[0]", { desc: true, limit: 0 }) },
  { id: "vector-wrong-dimension-limit-0-index", description: "nResults 0 through the index with rows, 1-element vector", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0]", { limit: 0 }) },
  { id: "vector-wrong-dimension-limit-0-empty-index", description: "nResults 0 through the index, empty table, 1-element vector", setup: [collection("l2")], sql: seekdbJsQuery("l2_distance", "[0]", { limit: 0 }) },
  { id: "vector-beyond-float32-limit-0-exact", description: "nResults 0 through an exact scan with rows, a vector beyond float32", setup: [collection("inner_product"), ...ROWS], sql: seekdbJsQuery("inner_product", "[1e39,0,0]", { desc: true, limit: 0 }) },
  // Every other bad query vector on an empty table, exact scan (inner_product) against index scan (l2).
  ...(
    [
      ["empty-text", "'[]'"],
      ["malformed", "'[a,b,c]'"],
      ["beyond-float32", "'[1e39,0,0]'"],
      ["hex-short", hex([1, 2])],
      ["nan-text", "'[nan,0,0]'"],
    ] as const
  ).flatMap(([id, v]): Probe[] => [
    { id: `vector-bad-query-empty-exact-${id}`, description: `inner_product with ${v} on an empty table: an exact scan`, setup: [collection("inner_product")], sql: `SELECT _id, inner_product(embedding, ${v}) AS d FROM \`{t}\` ORDER BY inner_product(embedding, ${v}) DESC APPROXIMATE LIMIT 10` },
    { id: `vector-bad-query-empty-index-${id}`, description: `l2_distance with ${v} on an empty table: an index scan`, setup: [collection("l2")], sql: `SELECT _id, l2_distance(embedding, ${v}) AS d FROM \`{t}\` ORDER BY l2_distance(embedding, ${v}) APPROXIMATE LIMIT 10` },
  ]),
  ...(["l2", "cosine", "inner_product"] as const).flatMap((metric): Probe[] => {
    const fn = metric === "l2" ? "l2_distance" : metric === "cosine" ? "cosine_distance" : "inner_product";
    const id = metric.replace("_", "-");
    return [
      { id: `vector-wrong-dimension-empty-${id}-seekdb-js`, description: `seekdb-js query() of a 1-element vector on an empty ${metric} collection`, setup: [collection(metric)], sql: seekdbJsQuery(fn, "[0]", { desc: metric === "inner_product" }) },
      { id: `vector-wrong-dimension-empty-${id}-pyseekdb`, description: `pyseekdb query() of a 1-element vector on an empty ${metric} collection`, setup: [collection(metric)], sql: pyseekdbQuery(fn, [0]) },
      { id: `vector-wrong-dimension-empty-refreshed-${id}-seekdb-js`, description: `the same after refresh_index(), as the fuzz queries`, setup: [collection(metric), REFRESH], sql: seekdbJsQuery(fn, "[0]", { desc: metric === "inner_product" }) },
      { id: `vector-wrong-dimension-empty-refreshed-${id}-pyseekdb`, description: `the same after refresh_index(), as the fuzz queries`, setup: [collection(metric), REFRESH], sql: pyseekdbQuery(fn, [0]) },
      { id: `vector-wrong-dimension-rows-${id}-seekdb-js`, description: `seekdb-js query() of a 1-element vector on a ${metric} collection with rows`, setup: [collection(metric), ...ROWS], sql: seekdbJsQuery(fn, "[0]", { desc: metric === "inner_product" }) },
      { id: `vector-wrong-dimension-rows-${id}-pyseekdb`, description: `pyseekdb query() of a 1-element vector on a ${metric} collection with rows`, setup: [collection(metric), ...ROWS], sql: pyseekdbQuery(fn, [0]) },
    ];
  }),
  // ---- the statements seekdb-js's query() sends (text vectors, DESC for inner_product)
  { id: "vector-seekdb-js-l2", description: "seekdb-js query() on an l2 collection after refresh_index()", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[1,2,3.25]") },
  { id: "vector-seekdb-js-l2-limit", description: "nResults 3 of 6", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]", { limit: 3 }) },
  { id: "vector-seekdb-js-l2-limit-0", description: "nResults 0: no rows, the columns still typed", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]", { limit: 0 }) },
  { id: "vector-seekdb-js-l2-limit-negative", description: "nResults -1: 1064", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]", { limit: -1 }) },
  { id: "vector-seekdb-js-l2-limit-16384", description: "nResults 16384, the most an index scan returns", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]", { limit: 16384 }) },
  { id: "vector-seekdb-js-l2-limit-16385", description: "nResults 16385 through the index: 1235", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]", { limit: 16385 }) },
  { id: "vector-exact-limit-16385", description: "an exact scan has no such limit", setup: [collection("inner_product"), ...ROWS], sql: seekdbJsQuery("inner_product", "[0,0,1]", { limit: 16385, desc: true }) },
  { id: "vector-seekdb-js-l2-embeddings", description: "include embeddings", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[2,2,2]", { embeddings: true }) },
  { id: "vector-seekdb-js-l2-where", description: "a metadata filter with the search (a pre-filter on the index scan)", setup: [collection("l2"), ...ROWS, REFRESH], sql: seekdbJsQuery("l2_distance", "[1,1,1]", { where: "JSON_EXTRACT(metadata, '$.k') != 'a'", limit: 3 }) },
  { id: "vector-seekdb-js-cosine", description: "seekdb-js query() on a cosine collection after refresh_index()", setup: [collection("cosine"), ...ROWS, REFRESH], sql: seekdbJsQuery("cosine_distance", "[1,0.5,-0.25]") },
  { id: "vector-seekdb-js-inner-product", description: "seekdb-js query() on an inner_product collection: ORDER BY inner_product DESC, an exact scan that sees rows the index has not taken in", setup: [collection("inner_product"), ...ROWS], sql: seekdbJsQuery("inner_product", "[1,-0.5,2]", { desc: true }) },
  // ---- the statements pyseekdb's query() sends (hex vectors, hints, ascending inner_product)
  { id: "vector-pyseekdb-l2", description: "pyseekdb query() on an l2 collection after refresh_index()", setup: [collection("l2"), ...ROWS, REFRESH], sql: pyseekdbQuery("l2_distance", [1, 2, 3.25]) },
  { id: "vector-pyseekdb-l2-hints", description: "pyseekdb query() with a QueryHint (parallel, query_timeout, the vector index)", setup: [collection("l2"), ...ROWS, REFRESH], sql: pyseekdbQuery("l2_distance", [0, 1, 0], { hint: "/*+ parallel(2) query_timeout(10000000) INDEX(`{t}`, idx_vec) */", limit: 4 }) },
  { id: "vector-pyseekdb-l2-embeddings", description: "pyseekdb query() including embeddings", setup: [collection("l2"), ...ROWS, REFRESH], sql: pyseekdbQuery("l2_distance", [-1, 0, 1], { embeddings: true, limit: 2 }) },
  { id: "vector-pyseekdb-cosine", description: "pyseekdb query() on a cosine collection after refresh_index()", setup: [collection("cosine"), ...ROWS, REFRESH], sql: pyseekdbQuery("cosine_distance", [0.25, -1, 0.5]) },
  { id: "vector-pyseekdb-inner-product", description: "pyseekdb query() on an inner_product collection: ORDER BY inner_product ascending — the least similar first", setup: [collection("inner_product"), ...ROWS], sql: pyseekdbQuery("inner_product", [1, -0.5, 2], { limit: 3 }) },
  { id: "vector-pyseekdb-wrong-dimension", description: "a pyseekdb query vector of 2 float32s: 1210", setup: [collection("l2"), ...ROWS, REFRESH], sql: pyseekdbQuery("l2_distance", [1, 2]) },
  // ---- the index: what an approximate search reads
  { id: "vector-refresh", description: "both SDKs' refresh_index(): CALL dbms_index_manager.refresh()", setup: [collection("l2"), ...ROWS], sql: "CALL dbms_index_manager.refresh();" },
  { id: "vector-index-negative-inner-product", description: "negative_inner_product is the inner_product index's order", setup: [collection("inner_product"), ...ROWS, REFRESH], sql: seekdbJsQuery("negative_inner_product", "[1,-0.5,2]") },
  { id: "vector-index-delete-at-once", description: "a deleted row leaves index searches at once", setup: [collection("l2"), ...ROWS, REFRESH, "DELETE FROM `{t}` WHERE _id = CAST('c' AS BINARY)"], sql: seekdbJsQuery("l2_distance", "[0,0,0]") },
  { id: "vector-index-metadata-update-stays", description: "an UPDATE of metadata and document keeps the row in index searches", setup: [collection("l2"), ...ROWS, REFRESH, "UPDATE `{t}` SET metadata = '{\"k\": 9}', document = 'x' WHERE _id = CAST('a' AS BINARY)"], sql: seekdbJsQuery("l2_distance", "[0,0,0]", { limit: 4 }) },
  { id: "vector-index-null-vector", description: "a row without a vector is not in the index (an exact scan puts its NULL distance first)", setup: [collection("l2"), ...ROWS, "UPDATE `{t}` SET embedding = NULL WHERE _id = CAST('e' AS BINARY)", REFRESH], sql: seekdbJsQuery("l2_distance", "[0,0,0]") },
  { id: "vector-exact-null-vector-first", description: "an exact scan (no APPROXIMATE) orders a NULL distance first", setup: [collection("l2"), ...ROWS, "UPDATE `{t}` SET embedding = NULL WHERE _id = CAST('e' AS BINARY)"], sql: "SELECT _id, l2_distance(embedding, '[0,0,0]') AS distance FROM `{t}` ORDER BY l2_distance(embedding, '[0,0,0]') LIMIT 3" },
  { id: "vector-exact-sees-new-rows", description: "an exact scan sees rows the index has not taken in", setup: [collection("l2"), ...ROWS], sql: "SELECT _id, l2_distance(embedding, '[1,1,1]') AS distance FROM `{t}` ORDER BY l2_distance(embedding, '[1,1,1]') LIMIT 10" },
  { id: "vector-exact-desc", description: "an exact scan in descending order", setup: [collection("l2"), ...ROWS], sql: "SELECT _id, l2_distance(embedding, '[1,1,1]') AS distance FROM `{t}` ORDER BY l2_distance(embedding, '[1,1,1]') DESC LIMIT 4" },
  { id: "vector-approximate-other-metric", description: "APPROXIMATE with a distance the index is not built for is an exact scan", setup: [collection("l2"), ...ROWS], sql: seekdbJsQuery("cosine_distance", "[1,1,1]", { limit: 4 }) },
  { id: "vector-approximate-where-exact", description: "a filter with an exact scan", setup: [collection("l2"), ...ROWS], sql: "SELECT _id, inner_product(embedding, '[1,1,1]') AS distance FROM `{t}` WHERE document != '' ORDER BY inner_product(embedding, '[1,1,1]') DESC LIMIT 3" },
];
