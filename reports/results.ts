// A run's results as data: what `npm start` writes to reports/out/<run-id>/results.json. Report
// writers (JUnit XML, CTRF, Markdown/HTML matrix) read this shape.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface RunTarget {
  readonly name: string;
  /** The server's SELECT VERSION() for mock and real targets. */
  readonly version: string;
  readonly source: string;
}

export interface RunResults<Case, Law> {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly targets: readonly RunTarget[];
  readonly seed: number;
  readonly runsPerLaw: number;
  readonly cases: readonly Case[];
  readonly laws: readonly Law[];
}

/** Writes results.json into `dir` (created if needed) and returns its path. */
export function writeResults<C, L>(dir: string, results: RunResults<C, L>): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "results.json");
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
