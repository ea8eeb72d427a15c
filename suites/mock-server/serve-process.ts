// `npm run serve` as a process of its own: mock-server/cli.ts under tsx, as the npm script runs
// it, for the process tests and the benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
export const SERVE_CLI = join(root, "mock-server", "cli.ts");

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ServeRun {
  readonly child: ChildProcess;
  /** What it has printed so far. */
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<Exit>;
}

/** Runs the CLI with `args` (and node flags `nodeArgs`, e.g. --cpu-prof) to its end. */
export function runServe(args: readonly string[], nodeArgs: readonly string[] = []): ServeRun {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", SERVE_CLI, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  child.stdout!.on("data", (b: Buffer) => (out.stdout += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<Exit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, ...out })));
  return { child, out, exited };
}

export interface Serving extends ServeRun {
  readonly port: number;
  /** SIGTERM, then its exit. */
  stop(): Promise<Exit>;
}

/** Starts the CLI on a free port and waits until it says where it listens. */
export async function startServe(args: readonly string[] = [], nodeArgs: readonly string[] = []): Promise<Serving> {
  const run = runServe(["--port", "0", ...args], nodeArgs);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(run.out.stdout);
    if (m) {
      return {
        ...run,
        port: Number(m[1]),
        stop: () => {
          run.child.kill("SIGTERM");
          return run.exited;
        },
      };
    }
    if (run.child.exitCode !== null || Date.now() > deadline) {
      run.child.kill();
      throw new Error(`npm run serve did not start: ${run.out.stdout}${run.out.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
