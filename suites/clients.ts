// The clients under test: which SDK, which build of it (installed or a directory an SDK's CI
// points at), which profile judges it, and how to connect it to a server.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { profileFor, type Profile } from "../spec/profiles.ts";
import type { EmbeddingFunctionName } from "../spec/embedding-functions.ts";
import type { Driver, ServerAddress } from "./drivers/driver.ts";
import { HarnessDriver } from "./drivers/harness/driver.ts";
import { pyseekdbHarnessCommand } from "./drivers/harness/pyseekdb.ts";
import { SeekdbJsDriver } from "./drivers/seekdb-js/driver.ts";
import { loadSeekdbJs, SdkLoadError } from "./drivers/seekdb-js/load.ts";
import { PROJECT_ROOT } from "./targets/real.ts";

export const CLIENT_NAMES = ["seekdb-js", "pyseekdb"] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/**
 * `--sdk seekdb-js` (the installed package), `--sdk seekdb-js=<dir>` (a build in a directory),
 * `--sdk pyseekdb` (the project's .venv) or `--sdk pyseekdb=<venv dir or python>`.
 */
export interface ClientSpec {
  readonly name: ClientName;
  readonly dir?: string;
}

export class ClientSpecError extends Error {}

export function parseClientSpec(text: string): ClientSpec {
  const eq = text.indexOf("=");
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  if (!(CLIENT_NAMES as readonly string[]).includes(name)) {
    throw new ClientSpecError(`unknown client '${name}' in --sdk ${text}; known: ${CLIENT_NAMES.join(", ")}`);
  }
  if (value !== undefined && value.trim() === "") throw new ClientSpecError(`--sdk ${text}: the directory is empty`);
  return { name: name as ClientName, ...(value !== undefined ? { dir: value } : {}) };
}

/**
 * The clients a run tests when --sdk is not given: seekdb-js, and pyseekdb when the project's
 * .venv holds it (scripts/seekdb-venv installs it) — with a sentence saying so when it does not.
 */
export function defaultClientSpecs(root: string = PROJECT_ROOT): { specs: ClientSpec[]; note: string } {
  const lib = join(root, ".venv", "lib");
  const installed = existsSync(lib) && readdirSync(lib).some((py) => existsSync(join(lib, py, "site-packages", "pyseekdb", "__init__.py")));
  return installed
    ? { specs: [{ name: "seekdb-js" }, { name: "pyseekdb" }], note: "clients: seekdb-js (installed) and pyseekdb (.venv); --sdk chooses others" }
    : { specs: [{ name: "seekdb-js" }], note: "clients: seekdb-js only — pyseekdb is not run: no pyseekdb in .venv (scripts/seekdb-venv installs it; --sdk pyseekdb=<venv> names another)" };
}

export interface Client {
  readonly name: ClientName;
  readonly version: string;
  /** Where the build came from: "installed node_modules/seekdb" or the directory. */
  readonly source: string;
  /** "seekdb-js@1.4.0" */
  readonly label: string;
  readonly profile: Profile;
  /** Set when no profile names this version (judged by the nearest one). */
  readonly profileNote?: string;
  readonly embeddingFunctions: readonly EmbeddingFunctionName[];
  /** Whether the client's language can hold undefined (distinct from null); if not, the fuzzer sends null. */
  readonly holdsUndefined: boolean;
  connect(target: string, address: ServerAddress): Promise<Driver>;
}

/**
 * The python of `--sdk pyseekdb[=<where>]` and the pyseekdb version it imports. <where> is a venv
 * directory, a python executable, or a directory holding a `pyseekdb/` package (an SDK checkout or
 * a patched copy), which then runs with the project's .venv python and that directory first on
 * PYTHONPATH.
 */
function pyseekdbPython(where: string | undefined): { python: string; version: string; pythonPath?: string } {
  const given = where === undefined ? join(PROJECT_ROOT, ".venv") : resolve(where);
  const sourceTree = existsSync(join(given, "pyseekdb", "__init__.py")) ? given : undefined;
  const python = sourceTree ? join(PROJECT_ROOT, ".venv", "bin", "python") : existsSync(given) && statSync(given).isDirectory() ? join(given, "bin", "python") : given;
  if (!existsSync(python)) {
    throw new ClientSpecError(`no python at ${python}: ${where === undefined ? "run scripts/seekdb-venv (it installs the pinned pyseekdb into .venv)" : "--sdk pyseekdb=<dir> must name a venv directory or a python executable"}`);
  }
  // The version the import actually resolves to: the package's own metadata, else its __version__.
  const probe = "import importlib.metadata as m, pyseekdb\ntry: print(m.version('pyseekdb'))\nexcept Exception: print(getattr(pyseekdb, '__version__', '0'))";
  const env = sourceTree ? { ...process.env, PYTHONPATH: [sourceTree, process.env.PYTHONPATH].filter(Boolean).join(":") } : process.env;
  const r = spawnSync(python, ["-c", probe], { encoding: "utf8", timeout: 60_000, env });
  if (r.status !== 0) throw new ClientSpecError(`${python} cannot import pyseekdb: ${(r.stderr || r.error?.message || "").trim().slice(-300)} (scripts/harness-venv pyseekdb==<version> makes a venv)`);
  return { python, version: r.stdout.trim(), ...(sourceTree ? { pythonPath: sourceTree } : {}) };
}

export async function openClient(spec: ClientSpec): Promise<Client> {
  switch (spec.name) {
    case "seekdb-js": {
      let loaded;
      try {
        loaded = await loadSeekdbJs(spec.dir);
      } catch (e) {
        if (e instanceof SdkLoadError) throw new ClientSpecError(e.message);
        throw e;
      }
      const choice = profileFor("seekdb-js", loaded.version);
      return {
        name: "seekdb-js",
        version: loaded.version,
        source: loaded.source === "installed" ? `installed (${loaded.dir})` : loaded.dir,
        label: `seekdb-js@${loaded.version}`,
        profile: choice.profile,
        ...(choice.note ? { profileNote: choice.note } : {}),
        embeddingFunctions: ["length", "failing", "short", "long", "wrong_dimension", "http"],
        holdsUndefined: true,
        connect: async (target, address) => new SeekdbJsDriver(target, address, loaded),
      };
    }
    case "pyseekdb": {
      const { python, version, pythonPath } = pyseekdbPython(spec.dir);
      const env = pythonPath ? { ...process.env, PYTHONPATH: [pythonPath, process.env.PYTHONPATH].filter(Boolean).join(":") } : process.env;
      const choice = profileFor("pyseekdb", version);
      return {
        name: "pyseekdb",
        version,
        source: pythonPath ? `${pythonPath} (with ${python})` : python,
        label: `pyseekdb@${version}`,
        profile: choice.profile,
        ...(choice.note ? { profileNote: choice.note } : {}),
        // The harness offers no HTTP provider (msw intercepts this process only).
        embeddingFunctions: ["length", "failing", "short", "long", "wrong_dimension"],
        holdsUndefined: false,
        connect: (target, address) => HarnessDriver.start(pyseekdbHarnessCommand(python, env), { target, address }),
      };
    }
  }
}
