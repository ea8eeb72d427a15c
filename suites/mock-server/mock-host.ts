// The mock in a process of its own, as `npm run serve` runs it, for the robustness tests: started
// with the options in argv[2] (JSON), it sends {port} over IPC, then answers "stats" with its
// memory (after a full GC when --expose-gc is on), its open connections and the internal errors
// it logged, and "stop" by draining and exiting 0. A crash is the process's exit.
import { startMockServer, type MockServerOptions } from "../../mock-server/index.ts";

export interface HostStats {
  readonly rss: number;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
  readonly openConnections: number;
  readonly internalErrors: readonly string[];
}

const internalErrors: string[] = [];
const options = JSON.parse(process.argv[2] ?? "{}") as MockServerOptions;
const server = await startMockServer({
  ...options,
  port: 0,
  // Only the mock's own failures are kept: every other log line would cost the fuzz its speed.
  log: (line) => {
    if (line.includes("internal error")) internalErrors.push(line.slice(0, 2000));
  },
});
process.send!({ port: server.port });
process.on("message", (m: unknown) => {
  if (m === "stats") {
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    const stats: HostStats = { rss: mem.rss, heapUsed: mem.heapUsed, arrayBuffers: mem.arrayBuffers, openConnections: server.openConnections, internalErrors };
    process.send!({ stats });
  } else if (m === "stop") {
    void server.drain(5000).then(() => process.exit(0));
  }
});
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
