// pyseekdb through its harness (harnesses/python): single-id upserts of new ids, per second, on the
// servers given; skipped where .venv has no pyseekdb.
import type { ServerAddress } from "../drivers/driver.ts";
import { HarnessDriver } from "../drivers/harness/driver.ts";
import { pyseekdbHarnessAvailable, pyseekdbHarnessCommand } from "../drivers/harness/pyseekdb.ts";

export async function pyseekdbUpserts(targets: readonly { label: string; address: ServerAddress }[], ops = 300): Promise<Map<string, number> | string> {
  const available = pyseekdbHarnessAvailable();
  if (!available.ok) return available.reason;
  const rates = new Map<string, number>();
  for (const t of targets) {
    const py = await HarnessDriver.start(pyseekdbHarnessCommand(), { target: t.label, address: t.address });
    const name = `bench_py_${process.pid}_${Date.now()}`;
    try {
      await py.createCollection({ name, dimension: 3, embeddingFunction: "length" });
      for (let i = 0; i < 20; i++) await py.upsert(name, { ids: [`w${i}`], embeddings: [[1, 2, 3]] });
      const start = performance.now();
      for (let i = 0; i < ops; i++) await py.upsert(name, { ids: [`n${i}`], embeddings: [[1, 2, i]] });
      rates.set(t.label, ops / ((performance.now() - start) / 1000));
      await py.dropCollection(name);
    } finally {
      await py.close();
    }
  }
  return rates;
}
