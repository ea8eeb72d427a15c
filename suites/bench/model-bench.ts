// Model throughput: single-id upserts per second (fuzz sequences per second: fuzz-bench.ts).
import { emptyCollection } from "../../spec/model/index.ts";
import type { Profile } from "../../spec/profiles.ts";

export interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly detail?: string;
}

/** Upserts of one id at a time into a collection of `ids` distinct records (half inserts, then updates). */
export function modelSingleIdUpserts(profile: Profile, total = 2_000_000, ids = 1000): Measurement {
  const idList = Array.from({ length: ids }, (_, i) => `id-${i}`);
  const args = idList.map((id, i) => ({ ids: id, embeddings: [i / 8, 1, 2], documents: `doc ${i}`, metadatas: { i } }));
  let state = emptyCollection({ dimension: 3, embeddingFunction: "length" });
  // Warm up so the JIT has compiled the hot path before we time it.
  for (let i = 0; i < 50_000; i++) state = profile.write(state, "upsert", args[i % ids]!).state;
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const r = profile.write(state, "upsert", args[i % ids]!);
    state = r.state;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name: `model ${profile.id}: single-id upserts`, value: total / seconds, unit: "upserts/s", detail: `${total} calls over ${ids} ids in ${seconds.toFixed(2)} s` };
}
