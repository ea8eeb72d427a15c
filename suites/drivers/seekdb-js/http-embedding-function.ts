// An OpenAI-style embedding function for seekdb-js: POSTs the texts to <url>/v1/embeddings and
// returns the vectors as the provider sent them (count and dimension unchecked: what upsert does
// with a wrong answer is under test). A 429 is retried after Retry-After, at most
// HTTP_MAX_RETRIES times; any other failure or a timeout throws EmbeddingFunctionFailure.
// getConfig/buildFromConfig let seekdb-js rebuild it from a collection's settings.
import type { EmbeddingFunction } from "seekdb";
import { HTTP_MAX_RETRIES } from "../../../spec/embedding-functions.ts";
import { EmbeddingFunctionFailure } from "./embedding-function.ts";

export const HTTP_REGISTERED_NAME = "referee-openai";

interface Config {
  url: string;
  dimension: number;
  timeoutMs: number;
}

export class HttpEmbeddingFunction implements EmbeddingFunction {
  readonly name = HTTP_REGISTERED_NAME;
  readonly dimension: number;
  readonly url: string;
  readonly timeoutMs: number;
  calls: unknown[][] = [];

  constructor(config: Config) {
    if (typeof config?.url !== "string" || !Number.isInteger(config.dimension) || !Number.isInteger(config.timeoutMs)) {
      throw new Error(`bad ${HTTP_REGISTERED_NAME} embedding function config ${JSON.stringify(config)}`);
    }
    this.url = config.url;
    this.dimension = config.dimension;
    this.timeoutMs = config.timeoutMs;
  }

  static buildFromConfig(config: Config): HttpEmbeddingFunction {
    return new HttpEmbeddingFunction(config);
  }

  getConfig(): Config {
    return { url: this.url, dimension: this.dimension, timeoutMs: this.timeoutMs };
  }

  async generate(texts: string[]): Promise<number[][]> {
    const input = Array.isArray(texts) ? [...texts] : [texts];
    this.calls.push(input);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.url}/v1/embeddings`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "referee-length", input, dimensions: this.dimension }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        const timedOut = (e as Error).name === "TimeoutError" || (e as Error).name === "AbortError";
        throw new EmbeddingFunctionFailure(timedOut ? "embedding provider did not answer in time" : `embedding provider unreachable: ${(e as Error).message}`);
      }
      if (response.status === 429 && attempt < HTTP_MAX_RETRIES) {
        const wait = Number(response.headers.get("retry-after") ?? "1");
        await new Promise((r) => setTimeout(r, Math.min(Number.isFinite(wait) ? wait : 1, 5) * 1000));
        continue;
      }
      const body = (await response.json().catch(() => ({}))) as { data?: { index: number; embedding: number[] }[]; error?: { message?: string } };
      if (!response.ok) throw new EmbeddingFunctionFailure(`embedding provider answered HTTP ${response.status}: ${body.error?.message ?? ""}`);
      return [...(body.data ?? [])].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    }
  }
}
