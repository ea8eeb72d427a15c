// Starts suites/mock-server/mock-host.ts in a child process and talks to it over IPC.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { MockServerOptions } from "../../mock-server/index.ts";
import type { HostStats } from "./mock-host.ts";

export interface MockProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code and signal when the process ends (a crash included). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stats(): Promise<HostStats>;
  /** Drains the server and waits for the process to exit; its exit code. */
  stop(): Promise<number | null>;
}

export async function startMockProcess(options: Omit<MockServerOptions, "port" | "log"> = {}): Promise<MockProcess> {
  const child = fork(join(import.meta.dirname, "mock-host.ts"), [JSON.stringify(options)], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    void exited.then(({ code, signal }) => reject(new Error(`mock process exited before listening (code ${code}, signal ${signal})`)));
  });
  const request = <T>(message: string, pick: (m: Record<string, unknown>) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        const v = pick(m as Record<string, unknown>);
        if (v === undefined) return;
        child.off("message", onMessage);
        resolve(v);
      };
      child.on("message", onMessage);
      if (!child.connected) return reject(new Error("the mock process is gone"));
      child.send(message);
      void exited.then(({ code, signal }) => reject(new Error(`the mock process exited (code ${code}, signal ${signal})`)));
    });
  return {
    port,
    child,
    exited,
    stats: () => request("stats", (m) => m.stats as HostStats | undefined),
    async stop() {
      if (child.connected) child.send("stop");
      return (await exited).code;
    },
  };
}
