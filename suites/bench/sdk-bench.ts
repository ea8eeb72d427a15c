// seekdb-js single-id upserts per second against servers (each upsert is a SELECT and an INSERT
// of a new id), measured in alternating short rounds within one run (rounds.ts).
import { registerEmbeddingFunction } from "seekdb";
import { RefereeEmbeddingFunction, registerRefereeEmbeddingFunction } from "../drivers/seekdb-js/embedding-function.ts";
import type { ServerAddress } from "../drivers/driver.ts";
import type { Measurement } from "./model-bench.ts";
import { alternatingRounds, openBenchCollection, releaseBenchCollections, type BenchCollection } from "./rounds.ts";

export interface UpsertTarget {
  readonly label: string;
  readonly address: ServerAddress;
}

interface Prepared extends BenchCollection {
  readonly target: UpsertTarget;
  next: number;
}

export async function seekdbJsUpserts(targets: readonly UpsertTarget[], opts: { rounds?: number; roundSeconds?: number; warmup?: number } = {}): Promise<Measurement[]> {
  registerRefereeEmbeddingFunction(registerEmbeddingFunction as never);
  const rounds = opts.rounds ?? 8;
  const roundSeconds = opts.roundSeconds ?? 0.5;
  const prepared: Prepared[] = [];
  try {
    for (const target of targets) {
      const opened = await openBenchCollection(target.address, "u", prepared.length, (client, name) => client.createCollection({ name, embeddingFunction: new RefereeEmbeddingFunction({ fn: "length", dimension: 3 }) }));
      prepared.push({ target, ...opened, next: 0 });
    }
    const upsertOne = (p: Prepared) => p.collection.upsert({ ids: `id${p.next++}`, embeddings: [1, 2, 3], documents: "doc", metadatas: { i: p.next } });
    // Warm-up: connections, JIT, every server's first statements.
    for (const p of prepared) for (let i = 0; i < (opts.warmup ?? 1000); i++) await upsertOne(p);
    const totals = await alternatingRounds(prepared, rounds, roundSeconds, upsertOne);
    return prepared.map((p, k) => ({
      name: `seekdb-js upserts → ${p.target.label}`,
      value: totals[k]!.calls / totals[k]!.seconds,
      unit: "upserts/s",
      detail: `${totals[k]!.calls} single-id upserts (new ids) in ${totals[k]!.seconds.toFixed(2)} s, ${rounds} alternating rounds`,
    }));
  } finally {
    await releaseBenchCollections(prepared);
  }
}
