// Model throughput: single-id upserts per second, and fast-check call sequences per second.
import fc from "fast-check";
import { emptyCollection } from "../../spec/model/index.ts";
import { profileById, SPEC_PROFILE, type Profile } from "../../spec/profiles.ts";
import { batchArgsArb, stateArb } from "../properties/arbitraries.ts";

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

/** Generated sequences of 1–8 batch upserts applied to a generated state (generation included). */
export function modelSequences(profile: Profile, seconds = 3): Measurement {
  const arb = fc.tuple(stateArb(), fc.array(batchArgsArb(), { minLength: 1, maxLength: 8 }));
  let sequences = 0;
  let calls = 0;
  const start = performance.now();
  let seed = 1;
  while (performance.now() - start < seconds * 1000) {
    for (const [s0, seq] of fc.sample(arb, { seed: seed++, numRuns: 200 })) {
      let s = s0;
      for (const a of seq) s = profile.write(s, "upsert", a).state;
      sequences++;
      calls += seq.length;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  return { name: `model ${profile.id}: property sequences`, value: sequences / elapsed, unit: "sequences/s", detail: `${calls} calls in ${sequences} sequences, ${elapsed.toFixed(2)} s` };
}

export function modelBenchmarks(): Measurement[] {
  return [
    modelSingleIdUpserts(SPEC_PROFILE),
    modelSingleIdUpserts(profileById("seekdb-js@1.4")),
    modelSequences(SPEC_PROFILE),
    modelSequences(profileById("seekdb-js@1.4")),
  ];
}
