// seekdb-js upserts against servers, by batch size (ids per call) and by new or existing ids. A
// seekdb-js upsert is, per id, a SELECT of the id and then an INSERT (new) or UPDATE (existing):
// 2 statements per id whatever the batch. Servers are measured in alternating short rounds within
// one run, so drift in the machine's speed hits every server alike and the ratios stay meaningful.
import { SeekdbClient, type Collection } from "seekdb";
import type { ServerAddress } from "../drivers/driver.ts";

export interface UpsertTarget {
  readonly label: string;
  readonly address: ServerAddress;
}

export interface UpsertCell {
  readonly batch: number;
  readonly existing: boolean;
}

export interface UpsertRate {
  readonly target: string;
  readonly cell: UpsertCell;
  /** Ids upserted per second (batch × calls / s). */
  readonly idsPerSecond: number;
  readonly callsPerSecond: number;
  readonly calls: number;
  readonly seconds: number;
}

export const cellName = (c: UpsertCell) => `batch ${c.batch}, ${c.existing ? "existing" : "new"} ids`;

interface Prepared {
  readonly target: UpsertTarget;
  readonly client: SeekdbClient;
  readonly names: string[];
  next: number;
}

const DIMENSION = 3;

/**
 * Each cell in `cells`, on each target, `rounds` alternating rounds of `roundSeconds` (at least one
 * call per round). Collections are created with embeddingFunction null and a dimension, and
 * dropped afterwards.
 */
export async function seekdbJsUpserts(targets: readonly UpsertTarget[], cells: readonly UpsertCell[], opts: { rounds?: number; roundSeconds?: number; warmup?: number } = {}): Promise<UpsertRate[]> {
  const rounds = opts.rounds ?? 5;
  const roundSeconds = opts.roundSeconds ?? 0.4;
  const prepared: Prepared[] = [];
  const rates: UpsertRate[] = [];
  try {
    for (const target of targets) {
      const a = target.address;
      prepared.push({ target, client: new SeekdbClient({ host: a.host, port: a.port, user: a.user, password: a.password, database: a.database }), names: [], next: 0 });
    }
    const collectionFor = async (p: Prepared): Promise<Collection> => {
      const name = `bench_${process.pid}_${Date.now()}_${p.names.length}`;
      p.names.push(name);
      return p.client.createCollection({ name, configuration: { dimension: DIMENSION, distance: "l2" }, embeddingFunction: null });
    };
    const upsert = (p: Prepared, c: Collection, ids: string[]) =>
      c.upsert({ ids, embeddings: ids.map((_, i) => [i, p.next % 1000, 1]), documents: ids.map(() => `doc ${p.next}`), metadatas: ids.map(() => ({ n: p.next })) });
    // Warm-up: connections, JIT, every server's first statements.
    for (const p of prepared) {
      const c = await collectionFor(p);
      for (let i = 0; i < (opts.warmup ?? 200); i++) await upsert(p, c, [`w${p.next++}`]);
    }
    for (const cell of cells) {
      const state = await Promise.all(
        prepared.map(async (p) => {
          const c = await collectionFor(p);
          const fixed = Array.from({ length: cell.batch }, (_, i) => `e${i}`);
          if (cell.existing) await upsert(p, c, fixed);
          return { p, c, fixed, calls: 0, seconds: 0 };
        }),
      );
      for (let r = 0; r < rounds; r++) {
        for (const s of state) {
          const start = performance.now();
          do {
            const ids = cell.existing ? s.fixed : Array.from({ length: cell.batch }, () => `n${s.p.next++}`);
            s.p.next++;
            await upsert(s.p, s.c, ids);
            s.calls++;
          } while (performance.now() - start < roundSeconds * 1000);
          s.seconds += (performance.now() - start) / 1000;
        }
      }
      for (const s of state) rates.push({ target: s.p.target.label, cell, idsPerSecond: (s.calls * cell.batch) / s.seconds, callsPerSecond: s.calls / s.seconds, calls: s.calls, seconds: s.seconds });
    }
    return rates;
  } finally {
    for (const p of prepared) {
      for (const name of p.names) await p.client.deleteCollection(name).catch(() => undefined);
      await p.client.close();
    }
  }
}
