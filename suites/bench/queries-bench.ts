// Sequential round trips per second: `SELECT 1` through one mysql2 connection (what seekdb-js
// holds), in alternating rounds over the servers given.
import mysql from "mysql2/promise";
import type { ServerAddress } from "../drivers/driver.ts";

export async function queriesPerSecond(targets: readonly { label: string; address: ServerAddress }[], rounds = 4, roundSeconds = 0.5): Promise<Map<string, { rate: number; queries: number; seconds: number }>> {
  const conns = await Promise.all(targets.map((t) => mysql.createConnection({ ...t.address })));
  const totals = targets.map(() => ({ queries: 0, seconds: 0 }));
  try {
    for (const c of conns) for (let i = 0; i < 2000; i++) await c.query("SELECT 1");
    for (let r = 0; r < rounds; r++) {
      for (const [i, c] of conns.entries()) {
        const start = performance.now();
        let n = 0;
        while (performance.now() - start < roundSeconds * 1000) {
          await c.query("SELECT 1");
          n++;
        }
        totals[i]!.queries += n;
        totals[i]!.seconds += (performance.now() - start) / 1000;
      }
    }
  } finally {
    for (const c of conns) await c.end();
  }
  return new Map(targets.map((t, i) => [t.label, { rate: totals[i]!.queries / totals[i]!.seconds, ...totals[i]! }]));
}
