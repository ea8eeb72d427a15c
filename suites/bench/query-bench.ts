// seekdb-js queries per second against servers: nResults 10 over 10,000 vectors of dimension 128,
// exact search (`approximate: false`: ORDER BY l2_distance(...) LIMIT 10 without APPROXIMATE, a
// full scan on both servers, so the index's build and lag play no part). The same vectors and
// query vectors on every server (a fixed-seed stream), measured in alternating rounds within one
// run like the upsert bench.
import type { ServerAddress } from "../drivers/driver.ts";
import type { Measurement } from "./model-bench.ts";
import { alternatingRounds, openBenchCollection, releaseBenchCollections, type BenchCollection } from "./rounds.ts";

export const QUERY_BENCH = { records: 10_000, dimension: 128, nResults: 10 } as const;

export interface QueryTarget {
  readonly label: string;
  readonly address: ServerAddress;
}

/** A fixed-seed stream of float32 vectors on a 1/64 grid in [-2, 2]: the same on every server. */
function vectors(seed: number, dimension: number): () => number[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648);
  return () => Array.from({ length: dimension }, () => ((next() % 257) - 128) / 64);
}

interface Prepared extends BenchCollection {
  readonly target: QueryTarget;
  readonly query: () => number[];
}

export async function seekdbJsQueries(targets: readonly QueryTarget[], opts: { rounds?: number; roundSeconds?: number; warmup?: number } = {}): Promise<Measurement[]> {
  const { records, dimension, nResults } = QUERY_BENCH;
  const rounds = opts.rounds ?? 6;
  const roundSeconds = opts.roundSeconds ?? 1;
  const prepared: Prepared[] = [];
  try {
    for (const target of targets) {
      const opened = await openBenchCollection(target.address, "q", prepared.length, (client, name) => client.createCollection({ name, configuration: { dimension, distance: "l2" }, embeddingFunction: null }));
      const { collection } = opened;
      prepared.push({ target, ...opened, query: vectors(7, dimension) });
      const stored = vectors(1, dimension);
      for (let from = 0; from < records; from += 500) {
        const ids = Array.from({ length: Math.min(500, records - from) }, (_, i) => `r${from + i}`);
        await collection.add({ ids, embeddings: ids.map(() => stored()) });
      }
    }
    const queryOne = (p: Prepared) => p.collection.query({ queryEmbeddings: p.query(), nResults, approximate: false } as never);
    for (const p of prepared) {
      const got = await queryOne(p);
      if (got.ids[0]?.length !== nResults) throw new Error(`${p.target.label}: a query returned ${got.ids[0]?.length} ids, not ${nResults}`);
      for (let i = 0; i < (opts.warmup ?? 20); i++) await queryOne(p);
    }
    const totals = await alternatingRounds(prepared, rounds, roundSeconds, queryOne);
    return prepared.map((p, k) => ({
      name: `seekdb-js queries → ${p.target.label}`,
      value: totals[k]!.calls / totals[k]!.seconds,
      unit: "queries/s",
      detail: `${totals[k]!.calls} exact queries (nResults ${nResults}, ${records} vectors of dimension ${dimension}) in ${totals[k]!.seconds.toFixed(2)} s, ${rounds} alternating rounds`,
    }));
  } finally {
    await releaseBenchCollections(prepared);
  }
}
