// Opens a target for a run: the model, the mock (in this process) or a real seekdb, with its
// version and how to leave it clean. Drivers are the clients' business (suites/clients.ts).
import type { ServerAddress } from "../drivers/driver.ts";
import { startMockTarget } from "./mock.ts";
import { acquireRealSeekdb, realMode, sweep, TargetConfigError, type AcquiredSeekdb } from "./real.ts";

export const TARGET_NAMES = ["model", "mock", "real"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetSession {
  readonly name: TargetName;
  /** What the target is: "reference model", the mock's version, or the real server's VERSION(). */
  readonly version: string;
  /** Where it came from: "in-process", "pylibseekdb wheel", "SEEKDB_HOST=...". */
  readonly source: string;
  /** The server to connect clients to; none for the model. */
  readonly address?: ServerAddress;
  /** Drops what the run created (collections named `${prefix}...`) and stops servers started here. */
  close(): Promise<void>;
}

export class TargetUnavailable extends Error {}

export interface OpenTargetOptions {
  readonly prefix: string;
  readonly allowRemote: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
  /** For "real": start this pylibseekdb version instead of the pinned one. */
  readonly seekdbVersion?: string;
}

export async function openTarget(name: TargetName, opts: OpenTargetOptions): Promise<TargetSession> {
  switch (name) {
    case "model":
      return { name, version: "reference model", source: "in-process", close: async () => undefined };
    case "mock": {
      const mock = await startMockTarget();
      return { name, version: mock.version, source: `in-process, 127.0.0.1:${mock.address.port}`, address: mock.address, close: () => mock.stop() };
    }
    case "real": {
      let acquired: AcquiredSeekdb;
      const env = opts.env ?? process.env;
      try {
        // The same check, and the same words, as npm test's global setup.
        if (realMode(env) === "off") throw new TargetConfigError("SEEKDB_REAL=off leaves the real target out; unset it to run --target real");
        acquired = await acquireRealSeekdb(env, opts.allowRemote, { ...(opts.seekdbVersion ? { seekdbVersion: opts.seekdbVersion } : {}), ...(opts.log ? { log: opts.log } : {}) });
      } catch (e) {
        throw new TargetUnavailable((e as Error).message);
      }
      const { address, version, source, stop } = acquired;
      return {
        name,
        version,
        source,
        address,
        close: async () => {
          try {
            await sweep(address, opts.prefix);
          } finally {
            await stop();
          }
        },
      };
    }
  }
}
