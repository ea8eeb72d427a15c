// Opens a target for a run: its drivers, its server's version, and how to leave it clean.
import { PROFILES } from "../../spec/model/index.ts";
import type { Driver } from "../drivers/driver.ts";
import { ModelDriver } from "../drivers/model-driver.ts";
import { SeekdbJsDriver } from "../drivers/seekdb-js/driver.ts";
import { startMockTarget } from "./mock.ts";
import { acquireRealSeekdb, sweep, type AcquiredSeekdb } from "./real.ts";

export const TARGET_NAMES = ["model", "mock", "real"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetSession {
  readonly name: TargetName;
  /** What the target is: "reference model", the mock's version, or the real server's VERSION(). */
  readonly version: string;
  /** Where it came from: "in-process", "pylibseekdb wheel", "SEEKDB_HOST=...". */
  readonly source: string;
  readonly drivers: readonly Driver[];
  /** Closes drivers, drops what the run created (collections named `${prefix}...`), stops servers. */
  close(): Promise<void>;
}

/** Stops a session's in-flight work at once (its drivers refuse further calls); close() still cleans up. */
export async function interrupt(session: TargetSession): Promise<void> {
  await Promise.all(session.drivers.map((d) => d.close().catch(() => undefined)));
}

export class TargetUnavailable extends Error {}

export async function openTarget(name: TargetName, opts: { prefix: string; allowRemote: boolean; env?: NodeJS.ProcessEnv }): Promise<TargetSession> {
  switch (name) {
    case "model": {
      const drivers = PROFILES.map((p) => new ModelDriver(p.id));
      return { name, version: "reference model", source: "in-process", drivers, close: async () => void (await Promise.all(drivers.map((d) => d.close()))) };
    }
    case "mock": {
      const mock = await startMockTarget();
      const driver = new SeekdbJsDriver("mock", mock.address);
      return {
        name,
        version: mock.version,
        source: `in-process, 127.0.0.1:${mock.address.port}`,
        drivers: [driver],
        close: async () => {
          await driver.close();
          await mock.stop();
        },
      };
    }
    case "real": {
      let acquired: AcquiredSeekdb;
      try {
        acquired = await acquireRealSeekdb(opts.env ?? process.env, opts.allowRemote);
      } catch (e) {
        throw new TargetUnavailable((e as Error).message);
      }
      const { address, version, source, stop } = acquired;
      const driver = new SeekdbJsDriver("real", address);
      return {
        name,
        version,
        source,
        drivers: [driver],
        close: async () => {
          try {
            await driver.close();
            await sweep(address, opts.prefix);
          } finally {
            await stop();
          }
        },
      };
    }
  }
}
