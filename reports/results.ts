// A run's results as data: what `npm start` writes to reports/out/<run-id>/results.json. Report
// writers (JUnit XML, CTRF, Markdown/HTML matrix) read this shape.
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

export interface RunTarget {
  readonly name: string;
  /** The server's SELECT VERSION() for mock and real targets. */
  readonly version: string;
  readonly source: string;
}

export interface RunClient {
  /** "seekdb-js@1.4.0" */
  readonly label: string;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly profile: string;
  readonly profileNote?: string;
  /** The --sdk argument that selects this client again (replay commands use it). */
  readonly spec: string;
}

export interface RunSummary {
  readonly exitCode: number;
  /** One line a person reads first. */
  readonly verdict: string;
  /** vectors / fuzz / laws / all → verdict → count. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly tool: { readonly name: string; readonly version: string; readonly node: string };
  /** The referee's own commit, when it runs from a git checkout. */
  readonly commit?: string;
  /** How to call the referee again ("npm start --" in a checkout, "npx seekdb-referee" as a package). */
  readonly command: string;
  /** "run" or "fuzz"; "merge" for merged shards. */
  readonly kind: string;
  /** Every fuzz seed the results come from (one per shard). */
  readonly seeds: readonly number[];
  /** "i/n" for one shard of a split run. */
  readonly shard?: string;
  /** For a merge: the run ids merged. */
  readonly mergedFrom?: readonly string[];
  readonly interrupted: boolean;
  readonly clients: readonly RunClient[];
}

export interface RunResults {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly seed: number;
  readonly targets: readonly RunTarget[];
  readonly summary: RunSummary;
  readonly cases: readonly unknown[];
  readonly fuzz: readonly unknown[];
  readonly laws: readonly unknown[];
  /** The cross-SDK matrix: records written by one client, read back by another (absent with one client). */
  readonly crossSdk?: readonly unknown[];
}

export class OutDirError extends Error {}

/** Fails early (before a run) when `dir` cannot be created or written. */
export function checkOutDir(dir: string): void {
  let probe = dir;
  while (!existsSync(probe)) {
    const up = dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  try {
    if (!statSync(probe).isDirectory()) throw new OutDirError(`--out ${dir}: ${probe} is not a directory`);
    accessSync(probe, constants.W_OK);
  } catch (e) {
    if (e instanceof OutDirError) throw e;
    throw new OutDirError(`--out ${dir}: ${probe} is not writable (${(e as Error).message})`);
  }
}

export function currentCommit(root: string): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** This package's name and version (package.json beside reports/). */
export function toolInfo(root: string): { name: string; version: string; node: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: string; version?: string };
    return { name: "seekdb-referee", version: pkg.version ?? "unknown", node: process.version };
  } catch {
    return { name: "seekdb-referee", version: "unknown", node: process.version };
  }
}
