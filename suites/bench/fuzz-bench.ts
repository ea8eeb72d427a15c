// Differential fuzz throughput: generated sequences run through the same loop the fuzzer uses
// (spec model, the client's profile model and each target, compared step by step), on the models
// alone and through seekdb-js on the mock. Sequences are drawn with fixed seeds, generation
// included; divergences do not stop the measurement (the loop runs every sequence in full).
import fc from "fast-check";
import { SPEC_PROFILE } from "../../spec/profiles.ts";
import { openClient } from "../clients.ts";
import type { Driver } from "../drivers/driver.ts";
import { ModelDriver } from "../drivers/model-driver.ts";
import { runSequence } from "../fuzz/run-sequence.ts";
import { sequenceArb } from "../properties/arbitraries.ts";
import type { Measurement } from "./model-bench.ts";

export async function fuzzSequences(label: string, targets: (client: Awaited<ReturnType<typeof openClient>>) => Promise<Driver[]>, seconds: number): Promise<Measurement> {
  const client = await openClient({ name: "seekdb-js" });
  const drivers = await targets(client);
  const group = { profile: client.profile, spec: new ModelDriver(SPEC_PROFILE), model: new ModelDriver(client.profile), targets: drivers };
  const arb = sequenceArb({ embeddingFunctions: client.embeddingFunctions });
  let sequences = 0;
  let steps = 0;
  let run = 0;
  let seed = 1;
  // Warm-up: connections, JIT.
  const names = () => {
    const n = run++;
    return (c: number) => `bench_${process.pid}_${n}_${c}`;
  };
  for (const seq of fc.sample(arb, { seed: 999, numRuns: 20 })) await runSequence(group, seq, { stopAtFirst: false, name: names() });
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const seq of fc.sample(arb, { seed: seed++, numRuns: 25 })) {
      const outcome = await runSequence(group, seq, { stopAtFirst: false, name: names() });
      sequences++;
      steps += outcome.stepsRun;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  for (const d of drivers) await d.close();
  return {
    name: `fuzz sequences: ${label}`,
    value: sequences / elapsed,
    unit: "sequences/s",
    detail: `${sequences} sequences, ${(steps / sequences).toFixed(1)} steps per sequence on average, ${elapsed.toFixed(1)} s`,
  };
}
