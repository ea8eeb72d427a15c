// What every client executor's run of one call holds: the table its statements change, the
// embedding-function calls it makes (in order), and the provider faults it meets.
import { runEmbeddingFunction, type EmbeddingRun } from "../embedding-functions.ts";
import { ServerTable } from "./server-table.ts";
import type { CollectionState, WriteEnv } from "./types.ts";

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
