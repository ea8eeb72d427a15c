// What the SDK benches share: servers measured in alternating short rounds within one run, so that
// drift in the machine's speed hits every server alike and the ratios stay meaningful.
import { SeekdbClient, type Collection } from "seekdb";
import type { ServerAddress } from "../drivers/driver.ts";

export interface BenchCollection {
  readonly client: SeekdbClient;
  readonly collection: Collection;
  /** Run-unique: `bench_<kind>_<pid>_<time>_<k>`. */
  readonly name: string;
}

/** A client of the server at `address` and a new collection in it, made by `create`. */
export async function openBenchCollection(address: ServerAddress, kind: string, k: number, create: (client: SeekdbClient, name: string) => Promise<Collection>): Promise<BenchCollection> {
  const a = address;
  const client = new SeekdbClient({ host: a.host, port: a.port, user: a.user, password: a.password, database: a.database });
  const name = `bench_${kind}_${process.pid}_${Date.now()}_${k}`;
  return { client, name, collection: await create(client, name) };
}

/** Calls `one` on each item in turn for `roundSeconds`, `rounds` times over: calls and seconds per item. */
export async function alternatingRounds<T>(items: readonly T[], rounds: number, roundSeconds: number, one: (item: T) => Promise<unknown>): Promise<{ calls: number; seconds: number }[]> {
  const totals = items.map(() => ({ calls: 0, seconds: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (const [k, item] of items.entries()) {
      const start = performance.now();
      let n = 0;
      while (performance.now() - start < roundSeconds * 1000) {
        await one(item);
        n++;
      }
      totals[k]!.calls += n;
      totals[k]!.seconds += (performance.now() - start) / 1000;
    }
  }
  return totals;
}

/** Deletes each bench collection (run-unique names) and closes its client. */
export async function releaseBenchCollections(prepared: readonly { readonly client: SeekdbClient; readonly name: string }[]): Promise<void> {
  for (const p of prepared) {
    await p.client.deleteCollection(p.name).catch(() => undefined);
    await p.client.close();
  }
}
