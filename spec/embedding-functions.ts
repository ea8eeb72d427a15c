// Named, deterministic embedding functions. Vectors name one; the model computes it here and every
// driver wraps the same definition as its SDK's embedding-function object, so all targets see the
// same vectors. Values are multiples of 1/4 below 2^20: exact in float32, so comparisons are exact.

export const EMBEDDING_FUNCTION_NAMES = ["length", "failing", "short", "long", "wrong_dimension"] as const;
export type EmbeddingFunctionName = (typeof EMBEDDING_FUNCTION_NAMES)[number];

export type EmbeddingRun =
  | { readonly ok: true; readonly vectors: number[][] }
  | { readonly ok: false; readonly message: string };

/** The vector "length" gives one text: [n, n + 1/4, n + 2/4, ...] with n its count of code points. */
export function lengthVector(text: string, dimension: number): number[] {
  let n = 0;
  for (const _ of text) n++;
  const v = new Array<number>(dimension);
  for (let j = 0; j < dimension; j++) v[j] = n + j / 4;
  return v;
}

function lengthVectors(texts: readonly unknown[], dimension: number): EmbeddingRun {
  const vectors: number[][] = [];
  for (const t of texts) {
    // A real provider rejects non-text input; so do we, so an SDK passing null through is visible.
    if (typeof t !== "string") {
      return { ok: false, message: `embedding function accepts strings only, got ${t === null ? "null" : typeof t}` };
    }
    vectors.push(lengthVector(t, dimension));
  }
  return { ok: true, vectors };
}

export function runEmbeddingFunction(
  name: EmbeddingFunctionName,
  texts: readonly unknown[],
  dimension: number,
): EmbeddingRun {
  switch (name) {
    case "length":
      return lengthVectors(texts, dimension);
    case "failing":
      return { ok: false, message: "embedding provider unavailable (referee 'failing' function)" };
    case "short": {
      const r = lengthVectors(texts, dimension);
      return r.ok ? { ok: true, vectors: r.vectors.slice(0, Math.max(0, r.vectors.length - 1)) } : r;
    }
    case "long": {
      const r = lengthVectors(texts, dimension);
      return r.ok ? { ok: true, vectors: [...r.vectors, lengthVector("", dimension)] } : r;
    }
    case "wrong_dimension":
      return lengthVectors(texts, dimension + 1);
  }
}

export function isEmbeddingFunctionName(v: unknown): v is EmbeddingFunctionName {
  return typeof v === "string" && (EMBEDDING_FUNCTION_NAMES as readonly string[]).includes(v);
}
