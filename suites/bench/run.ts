// `npm run bench`: throughput measured in one run, printed with the targets they are held to.
import { modelBenchmarks, type Measurement } from "./model-bench.ts";

const TARGETS: Record<string, number> = {
  "model spec: single-id upserts": 1_000_000,
};

function print(m: Measurement): void {
  const target = TARGETS[m.name];
  const verdict = target === undefined ? "" : m.value >= target ? `  (target ≥ ${target.toLocaleString("en")}: met)` : `  (target ≥ ${target.toLocaleString("en")}: NOT met)`;
  console.log(`${m.name.padEnd(48)} ${Math.round(m.value).toLocaleString("en").padStart(12)} ${m.unit}${verdict}${m.detail ? `\n${"".padEnd(50)}${m.detail}` : ""}`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const m of modelBenchmarks()) print(m);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
