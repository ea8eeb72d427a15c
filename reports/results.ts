// A run's results as data: what `npm start` writes to reports/out/<run-id>/results.json. Report
// writers (JUnit XML, CTRF, Markdown/HTML matrix) read this shape.
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface RunTarget {
  readonly name: string;
  /** The server's SELECT VERSION() for mock and real targets. */
  readonly version: string;
  readonly source: string;
}

export interface RunSummary {
  readonly exitCode: number;
  /** One line a person reads first. */
  readonly verdict: string;
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The referee's own commit, when it runs from a git checkout. */
  readonly commit?: string;
  readonly clients: readonly { readonly label: string; readonly source: string; readonly profile: string; readonly profileNote?: string }[];
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

/** Writes results.json into `dir` (created if needed) and returns its path. */
export function writeResults(dir: string, results: RunResults): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "results.json");
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
