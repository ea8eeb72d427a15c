// Named, deterministic embedding functions. Vectors name one; the model computes it here and every
// driver wraps the same definition as its SDK's embedding-function object, so all targets see the
// same vectors. Values are multiples of 1/4 below 2^20: exact in float32, so comparisons are exact.

export const EMBEDDING_FUNCTION_NAMES = ["length", "failing", "short", "long", "wrong_dimension", "http"] as const;
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

/**
 * Runs a named function on texts. `faults` is the queue of provider faults the "http" function
 * takes from (the others ignore it); it is consumed as the provider would consume it.
 */
export function runEmbeddingFunction(
  name: EmbeddingFunctionName,
  texts: readonly unknown[],
  dimension: number,
  faults: ProviderFault[] = [],
): EmbeddingRun {
  switch (name) {
    case "http":
      return runHttpEmbeddingFunction(texts, dimension, faults);
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

// ---------------------------------------------------------------------------------------------
// "http": an OpenAI-style provider behind POST /v1/embeddings (msw answers it in-process). It
// gives the "length" vectors unless the run queued faults; each HTTP request takes the next
// fault. The client function retries a 429 (Retry-After honoured) at most HTTP_MAX_RETRIES
// times and throws on any other failure; it does not check the answer's count or dimension.
// This is the model of that client and provider together; the real pair lives in
// suites/drivers/seekdb-js/http-embedding-function.ts and suites/providers/embedding-provider.ts.

export const PROVIDER_FAULTS = ["rate-limit", "server-error", "fewer", "more", "wrong-dimension", "slow"] as const;
export type ProviderFault = (typeof PROVIDER_FAULTS)[number];
export const HTTP_MAX_RETRIES = 2;

/** What the provider answers one request, given the fault it takes (undefined: none). */
export type ProviderAnswer =
  | { readonly status: 200; readonly vectors: number[][] }
  | { readonly status: 400 | 429 | 500; readonly message: string }
  | { readonly status: "timeout" };

export function providerAnswer(texts: readonly unknown[], dimension: number, fault: ProviderFault | undefined): ProviderAnswer {
  const run = lengthVectors(texts, dimension);
  if (!run.ok) return { status: 400, message: run.message };
  switch (fault) {
    case undefined:
      return { status: 200, vectors: run.vectors };
    case "rate-limit":
      return { status: 429, message: "rate limit reached" };
    case "server-error":
      return { status: 500, message: "provider failed" };
    case "fewer":
      return { status: 200, vectors: run.vectors.slice(0, Math.max(0, run.vectors.length - 1)) };
    case "more":
      return { status: 200, vectors: [...run.vectors, lengthVector("", dimension)] };
    case "wrong-dimension":
      return { status: 200, vectors: (lengthVectors(texts, dimension + 1) as { vectors: number[][] }).vectors };
    case "slow":
      return { status: "timeout" };
  }
}

/** One call of the "http" function: requests (retrying 429s) until an answer or a failure. */
export function runHttpEmbeddingFunction(texts: readonly unknown[], dimension: number, faults: ProviderFault[]): EmbeddingRun {
  for (let attempt = 0; ; attempt++) {
    // A request the provider refuses as malformed (400) takes no fault from the queue.
    const malformed = lengthVectors(texts, dimension);
    const answer = malformed.ok ? providerAnswer(texts, dimension, faults.shift()) : providerAnswer(texts, dimension, undefined);
    if (answer.status === 200) return { ok: true, vectors: answer.vectors };
    if (answer.status === 429 && attempt < HTTP_MAX_RETRIES) continue;
    if (answer.status === "timeout") return { ok: false, message: "embedding provider did not answer in time" };
    return { ok: false, message: `embedding provider answered HTTP ${answer.status}: ${answer.message}` };
  }
}
