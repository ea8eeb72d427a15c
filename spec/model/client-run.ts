// What every client executor's run of one call holds: the table its statements change, the
// embedding-function calls it makes (in order), and the provider faults it meets.
import { runEmbeddingFunction, type EmbeddingRun } from "../embedding-functions.ts";
import { ServerTable } from "./server-table.ts";
import { Fault } from "./fault.ts";
import type { CallResult, CollectionState, QueryArgs, QueryFn, QueryRanking, WriteArgs, WriteEnv, WriteFn, WriteOp } from "./types.ts";

export class ClientRun {
  readonly table: ServerTable;
  readonly embeddingCalls: (readonly unknown[])[] = [];

  constructor(
    readonly base: CollectionState,
    readonly env: WriteEnv | undefined,
  ) {
    this.table = new ServerTable(base);
  }

  get dimension(): number {
    return this.base.config.dimension;
  }

  get hasEmbeddingFunction(): boolean {
    return this.base.config.embeddingFunction !== null;
  }

  /** Calls the collection's embedding function on texts, recording the call. */
  embed(texts: readonly unknown[]): EmbeddingRun {
    this.embeddingCalls.push([...texts]);
    return runEmbeddingFunction(this.base.config.embeddingFunction!, texts, this.dimension, this.env?.faults);
  }
}

/**
 * A client's write as the model's WriteFn: runs one of its operations on a fresh run and turns a
 * Fault into the call's outcome, keeping what the statements before it wrote.
 */
export function clientWrite<R extends ClientRun>(
  makeRun: (state: CollectionState, env: WriteEnv | undefined) => R,
  ops: Record<WriteOp, (run: R, args: WriteArgs) => void>,
): WriteFn {
  return (state, op, args, env) => {
    const run = makeRun(state, env);
    let outcome: CallResult["outcome"] = { ok: true };
    try {
      ops[op](run, args);
    } catch (e) {
      if (!(e instanceof Fault)) throw e;
      outcome = { ok: false, error: e.classified };
    }
    const records = run.table.records;
    return { state: records === state.records ? state : { config: state.config, records }, outcome, embeddingCalls: run.embeddingCalls };
  };
}

/**
 * A client's query as the model's QueryFn: one ranking per query vector, or the Fault that ended
 * the call, with the embedding-function calls made either way.
 */
export function clientQuery<R extends ClientRun>(makeRun: (state: CollectionState, env: WriteEnv | undefined) => R, query: (run: R, args: QueryArgs) => readonly QueryRanking[]): QueryFn {
  return (state, args, env) => {
    const run = makeRun(state, env);
    try {
      return { outcome: { ok: true, rankings: query(run, args) }, embeddingCalls: run.embeddingCalls };
    } catch (e) {
      if (!(e instanceof Fault)) throw e;
      return { outcome: { ok: false, error: e.classified }, embeddingCalls: run.embeddingCalls };
    }
  };
}
