// What the global setup hands every test file about the real seekdb.
import type { ServerAddress } from "../drivers/driver.ts";

export type RealSeekdb =
  | { readonly available: true; readonly address: ServerAddress; readonly version: string; readonly source: string; readonly runId: string }
  | { readonly available: false; readonly reason: string; readonly runId: string; /** The run must fail rather than skip (see global-setup.ts). */ readonly required: boolean };

declare module "vitest" {
  export interface ProvidedContext {
    realSeekdb: RealSeekdb;
  }
}
