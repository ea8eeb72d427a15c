// Loads seekdb-js: the installed `seekdb` package, or the one in a directory an SDK's CI points
// at (`--sdk seekdb-js=<dir>`, a local build). The driver uses only what this returns, so the
// SDK under test is exactly the one named.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire, register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Seekdb from "seekdb";

export type SeekdbJsModule = Pick<typeof Seekdb, "SeekdbClient" | "SeekdbError" | "SeekdbValueError" | "registerEmbeddingFunction">;

export interface LoadedSeekdbJs {
  readonly module: SeekdbJsModule;
  readonly version: string;
  /** The package directory it was loaded from. */
  readonly dir: string;
  /** "installed" (this project's node_modules) or "path". */
  readonly source: "installed" | "path";
}

export class SdkLoadError extends Error {}

const REQUIRED_EXPORTS = ["SeekdbClient", "SeekdbError", "SeekdbValueError", "registerEmbeddingFunction"] as const;

function readPackage(dir: string): { name?: string; version?: string; exports?: unknown; module?: string; main?: string } {
  const path = join(dir, "package.json");
  if (!existsSync(path)) {
    throw new SdkLoadError(`no package.json in ${dir}: --sdk seekdb-js=<dir> must name the seekdb package's directory (the one holding its package.json and dist/)`);
  }
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SdkLoadError(`${path}: ${(e as Error).message}`);
  }
}

/** The ESM entry file: exports["."].import(.default), else "module", else "main". */
function esmEntry(pkg: ReturnType<typeof readPackage>): string | undefined {
  const dot = typeof pkg.exports === "object" && pkg.exports !== null ? ((pkg.exports as Record<string, unknown>)["."] ?? pkg.exports) : pkg.exports;
  if (typeof dot === "string") return dot;
  if (dot && typeof dot === "object") {
    const imp = (dot as Record<string, unknown>).import ?? (dot as Record<string, unknown>).default;
    if (typeof imp === "string") return imp;
    if (imp && typeof imp === "object" && typeof (imp as Record<string, unknown>).default === "string") return (imp as Record<string, string>).default;
  }
  return pkg.module ?? pkg.main;
}

const hooked = new Set<string>();

/** Loads seekdb-js from `dir`, or the installed package when dir is undefined. */
export async function loadSeekdbJs(dir?: string): Promise<LoadedSeekdbJs> {
  const installed = dir === undefined;
  const packageDir = installed ? findInstalled() : resolve(dir);
  if (!existsSync(packageDir)) throw new SdkLoadError(`--sdk seekdb-js=${dir}: no such directory`);
  const pkg = readPackage(packageDir);
  if (pkg.name !== "seekdb") throw new SdkLoadError(`${join(packageDir, "package.json")} is package '${pkg.name}', not 'seekdb'`);
  if (typeof pkg.version !== "string") throw new SdkLoadError(`${join(packageDir, "package.json")} has no version`);
  const entry = esmEntry(pkg);
  if (!entry) throw new SdkLoadError(`${join(packageDir, "package.json")} names no ESM entry (exports/module/main)`);
  const entryPath = join(packageDir, entry);
  if (!existsSync(entryPath)) throw new SdkLoadError(`${entryPath} does not exist: build the package first (e.g. npm run build in ${packageDir})`);
  if (!installed) {
    const root = pathToFileURL(`${realpathSync(packageDir)}/`).href;
    if (!hooked.has(root)) {
      hooked.add(root);
      register(new URL("./resolve-fallback.mjs", import.meta.url), { data: { roots: [root], fallbackParent: import.meta.url } });
    }
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(realpathSync(entryPath)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new SdkLoadError(`cannot load seekdb-js from ${entryPath}: ${(e as Error).message}`);
  }
  const missing = REQUIRED_EXPORTS.filter((k) => typeof module[k] !== "function");
  if (missing.length > 0) throw new SdkLoadError(`${entryPath} does not export ${missing.join(", ")}`);
  return { module: module as unknown as SeekdbJsModule, version: pkg.version, dir: packageDir, source: installed ? "installed" : "path" };
}

function findInstalled(): string {
  let d = dirname(createRequire(import.meta.url).resolve("seekdb"));
  for (;;) {
    const p = join(d, "package.json");
    if (existsSync(p) && (JSON.parse(readFileSync(p, "utf8")) as { name?: string }).name === "seekdb") return d;
    const up = dirname(d);
    if (up === d) throw new SdkLoadError("cannot find the installed seekdb package (npm install)");
    d = up;
  }
}
