// seekdb-js single-id upserts per second against servers (each upsert is a SELECT and an INSERT
// of a new id). Servers are measured in alternating short rounds within one run, so that drift in
// the machine's speed hits every server alike and the ratios stay meaningful.
import { registerEmbeddingFunction, SeekdbClient, type Collection } from "seekdb";
import { RefereeEmbeddingFunction, registerRefereeEmbeddingFunction } from "../drivers/seekdb-js/embedding-function.ts";
import type { ServerAddress } from "../drivers/driver.ts";
import type { Measurement } from "./model-bench.ts";

export interface UpsertTarget {
  readonly label: string;
  readonly address: ServerAddress;
}

interface Prepared {
  readonly target: UpsertTarget;
  readonly client: SeekdbClient;
  readonly collection: Collection;
  readonly name: string;
  upserts: number;
  seconds: number;
  next: number;
}

export async function seekdbJsUpserts(targets: readonly UpsertTarget[], opts: { rounds?: number; roundSeconds?: number; warmup?: number } = {}): Promise<Measurement[]> {
  registerRefereeEmbeddingFunction(registerEmbeddingFunction as never);
  const rounds = opts.rounds ?? 8;
  const roundSeconds = opts.roundSeconds ?? 0.5;
  const prepared: Prepared[] = [];
  try {
    for (const target of targets) {
      const a = target.address;
      const client = new SeekdbClient({ host: a.host, port: a.port, user: a.user, password: a.password, database: a.database });
      const name = `bench_${process.pid}_${Date.now()}_${prepared.length}`;
      const collection = await client.createCollection({ name, embeddingFunction: new RefereeEmbeddingFunction({ fn: "length", dimension: 3 }) });
      prepared.push({ target, client, collection, name, upserts: 0, seconds: 0, next: 0 });
    }
    const upsertOne = (p: Prepared) => p.collection.upsert({ ids: `id${p.next++}`, embeddings: [1, 2, 3], documents: "doc", metadatas: { i: p.next } });
    // Warm-up: connections, JIT, every server's first statements.
    for (const p of prepared) for (let i = 0; i < (opts.warmup ?? 1000); i++) await upsertOne(p);
    for (let r = 0; r < rounds; r++) {
      for (const p of prepared) {
        const start = performance.now();
        let n = 0;
        while (performance.now() - start < roundSeconds * 1000) {
          await upsertOne(p);
          n++;
        }
        p.upserts += n;
        p.seconds += (performance.now() - start) / 1000;
      }
    }
    return prepared.map((p) => ({
      name: `seekdb-js upserts → ${p.target.label}`,
      value: p.upserts / p.seconds,
      unit: "upserts/s",
      detail: `${p.upserts} single-id upserts (new ids) in ${p.seconds.toFixed(2)} s, ${rounds} alternating rounds`,
    }));
  } finally {
    for (const p of prepared) {
      await p.client.deleteCollection(p.name).catch(() => undefined);
      await p.client.close();
    }
  }
}
