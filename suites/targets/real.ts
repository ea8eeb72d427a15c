// Target "real": a real seekdb. Either the one SEEKDB_HOST/SEEKDB_PORT/... point at (a container in
// a user's CI, an OceanBase cluster), or one started here from the pylibseekdb wheel
// (scripts/seekdb_server.py), which lives as long as the caller holds it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import mysql from "mysql2/promise";
import type { ServerAddress } from "../drivers/driver.ts";
import type { RunningTarget } from "./mock.ts";

export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");

export class TargetConfigError extends Error {}

const isLoopback = (host: string) => host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The address SEEKDB_* point at, or undefined when SEEKDB_HOST is not set. */
export function realAddressFromEnv(env: NodeJS.ProcessEnv, allowRemote: boolean): ServerAddress | undefined {
  const host = env.SEEKDB_HOST;
  if (host === undefined || host === "") return undefined;
  if (!isLoopback(host) && !allowRemote) {
    throw new TargetConfigError(`SEEKDB_HOST=${host} is not a loopback address; pass --allow-remote (or SEEKDB_ALLOW_REMOTE=1) to run against it`);
  }
  const port = env.SEEKDB_PORT === undefined || env.SEEKDB_PORT === "" ? 2881 : Number(env.SEEKDB_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TargetConfigError(`SEEKDB_PORT must be a port number, got '${env.SEEKDB_PORT}'`);
  const database = env.SEEKDB_DATABASE || "test";
  if (!/^[A-Za-z0-9_$]+$/.test(database)) throw new TargetConfigError(`SEEKDB_DATABASE must be [A-Za-z0-9_$]+, got '${database}'`);
  return { host, port, user: env.SEEKDB_USER || "root", password: env.SEEKDB_PASSWORD ?? "", database };
}

/** SELECT VERSION() on the server, as a reachability check. */
export async function serverVersion(a: ServerAddress): Promise<string> {
  const c = await mysql.createConnection({ host: a.host, port: a.port, user: a.user, password: a.password, database: a.database, connectTimeout: 5000 });
  try {
    const [rows] = await c.query("SELECT VERSION() AS version");
    return (rows as { version: string }[])[0]!.version;
  } finally {
    await c.end();
  }
}

/** SEEKDB_REAL: auto (use a real seekdb when one can be had), off, or required. */
export const REAL_MODES = ["auto", "off", "required"] as const;
export type RealMode = (typeof REAL_MODES)[number];

export function realMode(env: NodeJS.ProcessEnv): RealMode {
  const raw = env.SEEKDB_REAL;
  if (raw === undefined || raw === "") return "auto";
  if ((REAL_MODES as readonly string[]).includes(raw)) return raw as RealMode;
  throw new TargetConfigError(`SEEKDB_REAL must be one of ${REAL_MODES.join(", ")} (unset: auto), got '${raw}'`);
}

/** A pylibseekdb version as PyPI spells it (1.4.0.post1); the same check scripts/seekdb-venv makes. */
export const SEEKDB_VERSION_PATTERN = /^[0-9]+(\.[0-9]+)*([a-z]+[0-9]*)?(\.post[0-9]+)?$/;

/**
 * The python that runs the server: .venv (the pinned wheel) or .seekdb/venvs/<version>/, created by
 * scripts/seekdb-venv when missing. Its progress lines (creating the venv takes tens of seconds)
 * go to `log` as they come.
 */
export async function seekdbPython(version: string | undefined, log: (line: string) => void = () => undefined): Promise<string> {
  const child = spawn(join(PROJECT_ROOT, "scripts", "seekdb-venv"), version === undefined ? [] : [version], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderrTail = "";
  child.stdout!.on("data", (d) => (stdout += String(d)));
  createInterface({ input: child.stderr! }).on("line", (line) => {
    stderrTail = `${stderrTail}\n${line}`.slice(-1000);
    log(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", (e) => reject(new Error(`scripts/seekdb-venv could not run: ${e.message}`)));
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`scripts/seekdb-venv${version ? ` ${version}` : ""} failed (exit ${code}): ${stderrTail.trim().slice(-500)}`);
  const python = version === undefined ? join(PROJECT_ROOT, ".venv", "bin", "python") : stdout.trim().split("\n").pop()!;
  if (!existsSync(python)) throw new Error(`no ${python} after scripts/seekdb-venv`);
  return python;
}

export interface LaunchOptions {
  /** A pylibseekdb version to run instead of the pinned one (its own venv under .seekdb/venvs/). */
  readonly seekdbVersion?: string;
  readonly log?: (line: string) => void;
}

/** Starts a seekdb from the wheel; it stops when stop() is called or this process exits. */
export async function launchRealSeekdb(opts: LaunchOptions = {}): Promise<RunningTarget & { readonly pid: number }> {
  const log = opts.log ?? (() => undefined);
  const python = await seekdbPython(opts.seekdbVersion, log);
  const started = Date.now();
  log(`real seekdb: starting the server of pylibseekdb ${opts.seekdbVersion ?? "(pinned)"} (a few seconds)`);
  const child: ChildProcess = spawn(python, [join(PROJECT_ROOT, "scripts", "seekdb_server.py"), "--stop-on-stdin-eof", "--data-root", join(PROJECT_ROOT, ".seekdb")], {
    cwd: PROJECT_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`seekdb launcher exited with ${code} before answering: ${stderr.trim().slice(-500)}`)));
    child.once("error", reject);
  });
  const info = JSON.parse(line) as { host?: string; port?: number; user?: string; version?: string; pid?: number; error?: string; log?: string };
  if (info.error || !info.port) {
    child.stdin!.end();
    throw new Error(`seekdb did not start: ${info.error ?? line} ${info.log ?? ""}`.trim());
  }
  log(`real seekdb: ${info.version} answers on ${info.host}:${info.port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name: "real",
    pid: info.pid!,
    address: { host: info.host!, port: info.port, user: info.user ?? "root", password: "", database: "test" },
    version: info.version!,
    stop: async () => {
      child.stdin!.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 45_000)))]);
      clearTimeout(timer);
      lines.close();
      child.stdout!.destroy();
      child.stderr!.destroy();
    },
  };
}

export interface AcquiredSeekdb {
  readonly address: ServerAddress;
  /** SELECT VERSION() of the server. */
  readonly version: string;
  /** "SEEKDB_HOST=host:port" or "pylibseekdb wheel, 127.0.0.1:port". */
  readonly source: string;
  /** True for a server SEEKDB_HOST named: it outlives the run, so the run must sweep it. */
  readonly external: boolean;
  /** Stops a server started here; nothing for an external one. */
  stop(): Promise<void>;
}

/**
 * A real seekdb for a run: the one SEEKDB_* name (checked to answer), or one started from the
 * wheel. Throws TargetConfigError for bad settings (SEEKDB_*, --seekdb with SEEKDB_HOST) and
 * Error when none can be had; `npm start` and `npm test` print the same message for each.
 */
export async function acquireRealSeekdb(env: NodeJS.ProcessEnv, allowRemote: boolean, opts: LaunchOptions = {}): Promise<AcquiredSeekdb> {
  const fromEnv = realAddressFromEnv(env, allowRemote);
  if (fromEnv) {
    if (opts.seekdbVersion) throw new TargetConfigError(`--seekdb ${opts.seekdbVersion} starts a server from the wheel, but SEEKDB_HOST=${fromEnv.host} names one: unset SEEKDB_HOST or drop --seekdb`);
    let version: string;
    try {
      version = await serverVersion(fromEnv);
    } catch (e) {
      throw new Error(
        `real seekdb at ${fromEnv.host}:${fromEnv.port} (SEEKDB_HOST) does not answer: ${(e as Error).message}; start it, unset SEEKDB_HOST to start one from the pylibseekdb wheel, or set SEEKDB_REAL=off to leave the real target out`,
      );
    }
    return { address: fromEnv, version, source: `SEEKDB_HOST=${fromEnv.host}:${fromEnv.port}`, external: true, stop: async () => undefined };
  }
  let launched: Awaited<ReturnType<typeof launchRealSeekdb>>;
  try {
    launched = await launchRealSeekdb(opts);
  } catch (e) {
    throw new Error(`cannot start a real seekdb: ${(e as Error).message}`);
  }
  return {
    address: launched.address,
    version: launched.version,
    source: `pylibseekdb${opts.seekdbVersion ? ` ${opts.seekdbVersion}` : ""} wheel, 127.0.0.1:${launched.address.port}, pid ${launched.pid}`,
    external: false,
    stop: launched.stop,
  };
}

/**
 * Drops what a run created on a server: collections named `${prefix}...` (through the catalog, so
 * collections created with embeddingFunction: null are found too) and probe tables `${prefix}...`.
 * Touches nothing else.
 */
export async function sweep(a: ServerAddress, prefix: string): Promise<{ collections: number; tables: number }> {
  if (!/^[A-Za-z0-9_]+$/.test(prefix) || prefix.length < 8) throw new Error(`refusing to sweep with prefix '${prefix}'`);
  const c = await mysql.createConnection({ host: a.host, port: a.port, user: a.user, password: a.password, database: a.database });
  let collections = 0;
  let tables = 0;
  try {
    const like = `${prefix.replace(/_/g, "\\_")}%`;
    let rows: { collection_id: string; collection_name: string }[] = [];
    try {
      const [found] = await c.query("SELECT collection_id, collection_name FROM sdk_collections WHERE collection_name LIKE ?", [like]);
      rows = found as typeof rows;
    } catch (e) {
      if ((e as { errno?: number }).errno !== 1146) throw e; // no catalog: nothing was created
    }
    for (const r of rows) {
      await c.query(`DROP TABLE IF EXISTS \`c$v2$${String(r.collection_id).replace(/`/g, "")}\``);
      await c.query("DELETE FROM sdk_collections WHERE collection_name = ?", [r.collection_name]);
      collections++;
    }
    const [t] = (await c.query("SHOW TABLES LIKE ?", [like])) as [Record<string, string>[], unknown];
    for (const row of t) {
      const name = Object.values(row)[0]!;
      await c.query(`DROP TABLE IF EXISTS \`${name.replace(/`/g, "")}\``);
      tables++;
    }
  } finally {
    await c.end();
  }
  return { collections, tables };
}
