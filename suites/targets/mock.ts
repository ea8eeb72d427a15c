// Target "mock": the mock server started in this process on a free loopback port.
import { startMockServer, type MockServer } from "../../mock-server/index.ts";
import type { ServerAddress } from "../drivers/driver.ts";

export interface RunningTarget {
  readonly name: string;
  readonly address: ServerAddress;
  readonly version: string;
  stop(): Promise<void>;
}

export async function startMockTarget(log?: (line: string) => void): Promise<RunningTarget & { server: MockServer }> {
  const server = await startMockServer({ port: 0, ...(log ? { log } : {}) });
  return {
    name: "mock",
    server,
    address: { host: server.host, port: server.port, user: "root", password: "", database: "test" },
    version: "5.7.25-OceanBase seekdb-v1.4.0.0 (mock)",
    stop: () => server.close(),
  };
}
