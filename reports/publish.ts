// A run's reports on disk: results.json and the four formats written into reports/out/<run-id>/
// (built in a hidden directory and renamed into place, so a crash leaves nothing half-written),
// reports/out/latest pointing at it (a symlink, or a copy where the file system has none), and
// only the newest N run directories kept.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { loadClauses } from "../spec/load.ts";
import { ctrfJson } from "./ctrf.ts";
import { reportHtml } from "./html.ts";
import { junitXml } from "./junit.ts";
import { matrixMarkdown } from "./matrix-md.ts";
import { reportModel, type ClauseInfo, type ReportModel } from "./model.ts";

export const REPORT_FILES = ["results.json", "junit.xml", "ctrf.json", "matrix.md", "index.html"] as const;
export const DEFAULT_KEEP = 20;
/** newRunId()'s shape: only directories named like this are ever pruned. */
const RUN_DIR = /^r\d{14}_[0-9a-f]{6}$/;

let clauses: readonly ClauseInfo[] | undefined;
function specClauses(): readonly ClauseInfo[] {
  try {
    clauses ??= loadClauses().map((c) => ({ id: c.id, group: c.group, statement: c.statement }));
  } catch {
    clauses = [];
  }
  return clauses;
}

function readRepro(file: string): string | undefined {
  try {
    return statSync(file).size <= 1_000_000 ? readFileSync(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

/** The report model of a results.json document, with the spec's clauses and the saved repro scripts. */
export const modelOf = (results: unknown): ReportModel => reportModel(results, { clauses: specClauses(), readRepro });

/** Writes results.json and every report format into `dir` (created if needed). */
export function writeReports(dir: string, results: unknown): ReportModel {
  mkdirSync(dir, { recursive: true });
  const model = modelOf(results);
  writeFileSync(join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(dir, "junit.xml"), junitXml(model));
  writeFileSync(join(dir, "ctrf.json"), ctrfJson(model));
  writeFileSync(join(dir, "matrix.md"), matrixMarkdown(model));
  writeFileSync(join(dir, "index.html"), reportHtml(model));
  return model;
}

/** Writes the reports into `dir` through a hidden sibling, so `dir` appears whole or not at all. */
export function writeReportsAtomically(dir: string, results: unknown): ReportModel {
  const staging = join(dirname(dir), `.${basename(dir)}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const model = writeReports(staging, results);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(staging, dir);
    return model;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Points `root/latest` at the run directory `name`: a relative symlink, or a copy where symlinks fail. */
export function updateLatest(root: string, name: string, link: (target: string, path: string) => void = (t, p) => symlinkSync(t, p, "dir")): "symlink" | "copy" {
  const latest = join(root, "latest");
  const staging = join(root, `.latest-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  let how: "symlink" | "copy";
  try {
    link(name, staging);
    how = "symlink";
  } catch {
    cpSync(join(root, name), staging, { recursive: true });
    how = "copy";
  }
  // rename() replaces a symlink in one step; a directory (an earlier copy) must go first.
  if (existsSync(latest) || isSymlink(latest)) {
    if (!isSymlink(latest) || how === "copy") rmSync(latest, { recursive: true, force: true });
  }
  renameSync(staging, latest);
  return how;
}

const isSymlink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/** Removes all but the newest `keep` run directories of `root` (never `protect`); returns what went. */
export function pruneRuns(root: string, keep: number, protect: string): string[] {
  if (!existsSync(root)) return [];
  const runs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && RUN_DIR.test(d.name))
    .map((d) => d.name)
    .sort();
  const doomed = runs.slice(0, Math.max(0, runs.length - keep)).filter((n) => n !== protect);
  for (const n of doomed) rmSync(join(root, n), { recursive: true, force: true });
  return doomed;
}

export interface Published {
  readonly dir: string;
  readonly model: ReportModel;
  readonly latest?: "symlink" | "copy";
  readonly pruned: readonly string[];
}

/**
 * Publishes one run: into `root/<runId>` with latest and pruning, or into exactly `outDir` when
 * the caller names one (then latest and the other runs are left alone).
 */
export function publishRun(results: { readonly runId: string }, where: { readonly root: string; readonly keep: number } | { readonly outDir: string }): Published {
  if ("outDir" in where) return { dir: where.outDir, model: writeReportsAtomically(where.outDir, results), pruned: [] };
  const dir = join(where.root, results.runId);
  const model = writeReportsAtomically(dir, results);
  const latest = updateLatest(where.root, results.runId);
  const pruned = pruneRuns(where.root, where.keep, results.runId);
  return { dir, model, latest, pruned };
}
