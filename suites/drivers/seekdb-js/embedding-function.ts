// The spec's named embedding functions as seekdb-js EmbeddingFunction objects. Registered under
// one name so that seekdb-js can rebuild them from a collection's settings (getCollection does)
// without ever reaching for @seekdb/default-embed, which would download a model.
import type { EmbeddingFunction } from "seekdb";
import { isEmbeddingFunctionName, runEmbeddingFunction, type EmbeddingFunctionName } from "../../../spec/embedding-functions.ts";

export const REGISTERED_NAME = "referee";

/** Thrown by our functions, so a driver can tell an embedding failure from an SDK error. */
export class EmbeddingFunctionFailure extends Error {
  override name = "EmbeddingFunctionFailure";
}

interface Config {
  fn: EmbeddingFunctionName;
  dimension: number;
}

export class RefereeEmbeddingFunction implements EmbeddingFunction {
  readonly name = REGISTERED_NAME;
  /** Known up front, so seekdb-js does not probe the function with generate(["seekdb"]). */
  readonly dimension: number;
  readonly fn: EmbeddingFunctionName;
  /** Every call since the last reset: the texts exactly as the SDK passed them. */
  calls: unknown[][] = [];

  constructor(config: Config) {
    if (!isEmbeddingFunctionName(config?.fn) || !Number.isInteger(config?.dimension)) {
      throw new Error(`bad referee embedding function config ${JSON.stringify(config)}`);
    }
    this.fn = config.fn;
    this.dimension = config.dimension;
  }

  static buildFromConfig(config: Config): RefereeEmbeddingFunction {
    return new RefereeEmbeddingFunction(config);
  }

  async generate(texts: string[]): Promise<number[][]> {
    this.calls.push(Array.isArray(texts) ? [...texts] : [texts]);
    const run = runEmbeddingFunction(this.fn, Array.isArray(texts) ? texts : [texts], this.dimension);
    if (!run.ok) throw new EmbeddingFunctionFailure(run.message);
    return run.vectors;
  }

  getConfig(): Config {
    return { fn: this.fn, dimension: this.dimension };
  }
}

/**
 * Registers a class under a name in seekdb-js's registry. The registry lives on globalThis, so
 * a second copy of the SDK (or of this module) finds it already there, which is what we want.
 */
export function registerOnce(register: (name: string, fn: never) => void, name: string, fn: unknown): void {
  try {
    register(name, fn as never);
  } catch (e) {
    if (!/already registered/.test((e as Error).message)) throw e;
  }
}

export function registerRefereeEmbeddingFunction(register: (name: string, fn: never) => void): void {
  registerOnce(register, REGISTERED_NAME, RefereeEmbeddingFunction);
}
