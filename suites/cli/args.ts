// The command line: commands, flags, their help, and the checks that run before anything starts
// (a bad flag or value is one line and exit 2, with nothing created).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_KEEP } from "../../reports/publish.ts";
import { loadVectors } from "../../spec/load.ts";
import { ClientSpecError, defaultClientSpecs, parseClientSpec, type ClientSpec } from "../clients.ts";
import { DEFAULT_FAILURES_DIR } from "../fuzz/failures.ts";
import { LAWS } from "../properties/laws.ts";
import { PROJECT_ROOT, SEEKDB_VERSION_PATTERN } from "../targets/real.ts";
import { TARGET_NAMES, type TargetName } from "../targets/sessions.ts";

export const DEFAULT_SEED = 20261124;
const INT32: [number, number] = [-(2 ** 31), 2 ** 31 - 1];

/** How the user calls the referee: `npx seekdb-referee` through the bin, else `npm start --`. */
export const COMMAND = process.env.SEEKDB_REFEREE_BIN === "1" ? "npx seekdb-referee" : "npm start --";

export class UsageError extends Error {}

const TARGETING = `  --target <t>      model | mock | real (repeatable; default: model and mock)
                      model  the reference model under every profile
                      mock   the client against the mock server, started in this process
                      real   the client against a real seekdb: SEEKDB_HOST/PORT/USER/PASSWORD/DATABASE,
                             or one started from the pylibseekdb wheel (.venv)
  --sdk <client>    seekdb-js (the installed package), seekdb-js=<dir> (a build in <dir>), pyseekdb
                    (.venv's) or pyseekdb=<venv>; repeatable
  --seekdb <v>      run the real target from pylibseekdb <v> (e.g. 1.3.0.post5), in its own venv under
                    .seekdb/venvs/<v>/; adds --target real when no --target is given
  --failures <dir>  the failure database (default reports/failures)
  --allow-remote    let SEEKDB_HOST name a non-loopback server`;

const OUTPUT = `  --reports <dir>   where run directories go (default reports/out); <dir>/latest is the newest
  --keep <n>        keep the newest n run directories there (default ${DEFAULT_KEEP})
  --out <dir>       write this run's reports into exactly <dir> instead (no latest, no pruning)
  --quiet           no progress and no per-lane lines: where the reports are and the verdict
  --json            print the summary as JSON on stdout (human lines go to stderr)
  --help            this text`;

export const USAGE: Record<string, string> = {
  run: `usage: ${COMMAND} [options]
Runs the spec vectors on every client and target, a bounded differential fuzz of each client on
every target at once (saved failures replayed first), and the property laws on the model; writes
results.json, junit.xml, ctrf.json, matrix.md and index.html into a run directory.
${TARGETING}
  --seed <n>        fast-check seed, an integer in [${INT32[0]}, ${INT32[1]}] (default FC_SEED or ${DEFAULT_SEED})
  --runs <n>        fuzz sequences per client (default 100; 0 skips the fuzz)
  --law-runs <n>    runs per property law (default FC_RUNS or 200; 0 skips them)
  --vector <id>     only this vector (repeatable); with --law, only what is named runs
  --law <id>        only this property law (repeatable)
  --shard <i>/<n>   shard i of n: every n-th vector, fuzz seed + i - 1, the laws on shard 1 only;
                    report merge joins the shards' directories
  --no-replay       do not replay saved failures first
${OUTPUT}
Exit codes: 0 nothing unexpected, 1 an unexpected divergence (or a result that could not be had),
2 could not run (bad flags, unreachable target, an SDK that does not load), 130 interrupted.
other commands: fuzz, replay, report diff, report merge (${COMMAND} <command> --help)`,
  fuzz: `usage: ${COMMAND} fuzz --minutes <m> [options]
Fuzzes each client on every target for a time box, with a progress line; no vectors, no laws.
${TARGETING}
  --minutes <m>     the time box, per client (required; 0 < m ≤ 1440, decimals allowed)
  --seed <n>        fast-check seed, an integer in [${INT32[0]}, ${INT32[1]}] (default FC_SEED or ${DEFAULT_SEED})
  --runs <n>        stop earlier after this many sequences (default: no limit)
  --shard <i>/<n>   shard i of n of a split fuzz run: seed + i - 1 (report merge joins them)
  --no-replay       do not replay saved failures first
${OUTPUT}`,
  replay: `usage: ${COMMAND} replay <hash-or-file> [options]
Runs one saved failure again, in full, on its client and targets (or those the flags name) and
says whether it still diverges (exit 1) or not (exit 0).
${TARGETING}
  --help            this text`,
  report: `usage: ${COMMAND} report diff <run-a> <run-b> [--json]
       ${COMMAND} report merge <dir>... [--reports <dir> | --out <dir>] [--keep <n>] [--json] [--quiet]
A run is a run id (in --reports, default reports/out), "latest", a run directory or a results.json.
  diff    what changed from run a to run b, result by result: regressions (a pass, known or fixed
          result that became unexpected or an error), new divergences, ones that no longer
          diverge, changed errors and values; exit 1 when something regressed, else 0
  merge   the shards of a split run (--shard i/n) as one run directory with every report; exits
          like a run (1 when the merged results hold an unexpected divergence)`,
};

function int(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  return n;
}

function envInt(name: string, min: number, max: number, dflt: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return dflt;
  try {
    return int(name, raw, min, max);
  } catch {
    throw new UsageError(`${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  }
}

const VALUE_FLAGS = ["target", "sdk", "seekdb", "seed", "runs", "law-runs", "minutes", "out", "reports", "keep", "failures", "vector", "law", "shard"] as const;

/** `--runs -1` is a value that looks like a flag to node:util: join such pairs so the range check speaks. */
function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (a.startsWith("--") && (VALUE_FLAGS as readonly string[]).includes(a.slice(2)) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function parse(args: readonly string[], allowPositionals: boolean) {
  try {
    return parseArgs({
      args: joinNegativeValues(args),
      options: {
        target: { type: "string", multiple: true },
        sdk: { type: "string", multiple: true },
        seekdb: { type: "string" },
        seed: { type: "string" },
        runs: { type: "string" },
        "law-runs": { type: "string" },
        minutes: { type: "string" },
        out: { type: "string" },
        reports: { type: "string" },
        keep: { type: "string" },
        failures: { type: "string" },
        vector: { type: "string", multiple: true },
        law: { type: "string", multiple: true },
        shard: { type: "string" },
        "allow-remote": { type: "boolean" },
        "no-replay": { type: "boolean" },
        quiet: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals,
    });
  } catch (e) {
    const m = /option '(--[a-z-]+)/.exec((e as Error).message);
    throw new UsageError(m && /ambiguous/.test((e as Error).message) ? `${m[1]} needs a value; write ${m[1]}=<value> for values that start with '-'` : (e as Error).message.split("\n")[0]!);
  }
}

type Values = ReturnType<typeof parse>["values"];

/** Flags a command does not take: named, so a misplaced flag is not silently ignored. */
const ACCEPTS: Record<string, readonly string[]> = {
  run: ["target", "sdk", "seekdb", "seed", "runs", "law-runs", "out", "reports", "keep", "failures", "vector", "law", "shard", "allow-remote", "no-replay", "quiet", "json", "help"],
  fuzz: ["target", "sdk", "seekdb", "seed", "runs", "minutes", "out", "reports", "keep", "failures", "shard", "allow-remote", "no-replay", "quiet", "json", "help"],
  replay: ["target", "sdk", "seekdb", "failures", "allow-remote", "help"],
  "report diff": ["reports", "json", "help"],
  "report merge": ["reports", "keep", "out", "json", "quiet", "help"],
};

function checkAccepted(command: string, v: Values): void {
  for (const [k, value] of Object.entries(v)) {
    if (value !== undefined && !ACCEPTS[command]!.includes(k)) throw new UsageError(`--${k} does not belong to ${command === "run" ? "a run" : `the ${command} command`}`);
  }
}

export interface Output {
  readonly reportsRoot: string;
  readonly keep: number;
  readonly outDir?: string;
  readonly quiet: boolean;
  readonly json: boolean;
}

function output(v: Values): Output {
  if (v.out !== undefined && v.reports !== undefined) throw new UsageError("--out names this run's directory and --reports where run directories go: give one");
  if (v.out !== undefined && v.out.trim() === "") throw new UsageError("--out needs a directory");
  if (v.reports !== undefined && v.reports.trim() === "") throw new UsageError("--reports needs a directory");
  return {
    reportsRoot: resolve(v.reports ?? join(PROJECT_ROOT, "reports", "out")),
    keep: v.keep === undefined ? DEFAULT_KEEP : int("keep", v.keep, 1, 10_000),
    ...(v.out !== undefined ? { outDir: resolve(v.out) } : {}),
    quiet: v.quiet === true,
    json: v.json === true,
  };
}

function shardOf(raw: string | undefined): { index: number; count: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 1000 || index < 1 || index > count) throw new UsageError(`--shard must be <i>/<n> with 1 ≤ i ≤ n ≤ 1000, got '${raw}'`);
  return { index, count };
}

export type Parsed =
  | { readonly command: string; readonly help: true }
  | ({ readonly command: "run" | "fuzz"; readonly help: false } & RunOptions)
  | ({ readonly command: "replay"; readonly help: false } & TargetOptions & { readonly ref: string })
  | { readonly command: "report diff"; readonly help: false; readonly runs: readonly [string, string]; readonly reportsRoot: string; readonly json: boolean }
  | { readonly command: "report merge"; readonly help: false; readonly dirs: readonly string[] } & Output;

export interface TargetOptions {
  readonly targets: readonly TargetName[];
  readonly targetsGiven: boolean;
  readonly clients: readonly ClientSpec[];
  readonly clientsGiven: boolean;
  /** Which clients the run tests by default, and whether pyseekdb is among them (when --sdk is not given). */
  readonly clientsNote?: string;
  readonly seekdbVersion?: string;
  readonly failuresDir: string;
  readonly allowRemote: boolean;
}

export interface RunOptions extends TargetOptions, Output {
  readonly seed: number;
  readonly runs: number;
  readonly lawRuns: number;
  readonly minutes?: number;
  readonly replay: boolean;
  readonly vectorIds?: readonly string[];
  readonly lawIds?: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
}

function targeting(v: Values): TargetOptions {
  const seekdbVersion = v.seekdb;
  if (seekdbVersion !== undefined && !SEEKDB_VERSION_PATTERN.test(seekdbVersion)) throw new UsageError(`--seekdb must be a pylibseekdb version such as 1.3.0.post5, got '${seekdbVersion}'`);
  const targets = (v.target ?? (seekdbVersion ? ["model", "mock", "real"] : ["model", "mock"])) as string[];
  for (const t of targets) if (!(TARGET_NAMES as readonly string[]).includes(t)) throw new UsageError(`unknown --target '${t}'; known: ${TARGET_NAMES.join(", ")}`);
  if (seekdbVersion && !targets.includes("real")) throw new UsageError(`--seekdb ${seekdbVersion} starts the real target, but --target does not name real`);
  let clients: ClientSpec[];
  const defaults = v.sdk === undefined ? defaultClientSpecs() : undefined;
  try {
    clients = defaults ? defaults.specs : v.sdk!.map(parseClientSpec);
  } catch (e) {
    if (e instanceof ClientSpecError) throw new UsageError(e.message);
    throw e;
  }
  return {
    targets: [...new Set(targets)] as TargetName[],
    targetsGiven: v.target !== undefined,
    clients,
    clientsGiven: v.sdk !== undefined,
    ...(defaults ? { clientsNote: defaults.note } : {}),
    ...(seekdbVersion ? { seekdbVersion } : {}),
    failuresDir: resolve(v.failures ?? DEFAULT_FAILURES_DIR),
    allowRemote: v["allow-remote"] === true,
  };
}

export function parseCli(argv: readonly string[]): Parsed {
  const first = argv[0];
  if (first === "report") {
    const sub = argv[1];
    if (sub === undefined || sub === "--help" || sub === "-h") return { command: "report", help: true };
    if (sub !== "diff" && sub !== "merge") throw new UsageError(`unknown report command '${sub}'; known: diff, merge`);
    const command = `report ${sub}` as const;
    const { values: v, positionals } = parse(argv.slice(2), true);
    checkAccepted(command, v);
    if (v.help) return { command: "report", help: true };
    if (command === "report diff") {
      if (positionals.length !== 2) throw new UsageError(`report diff needs two runs (ids, directories or results.json files), got ${positionals.length}`);
      return { command, help: false, runs: [positionals[0]!, positionals[1]!], reportsRoot: output(v).reportsRoot, json: v.json === true };
    }
    if (positionals.length === 0) throw new UsageError("report merge needs the shards' run directories (or ids)");
    return { command, help: false, dirs: positionals, ...output(v) };
  }
  const command = first === "fuzz" || first === "replay" || first === "run" ? first : "run";
  const rest = command === first ? argv.slice(1) : argv;
  const { values: v, positionals } = parse(rest, command === "replay");
  checkAccepted(command, v);
  if (v.help) return { command, help: true };
  const target = targeting(v);
  if (command === "replay") {
    if (positionals.length !== 1) throw new UsageError("replay needs exactly one saved failure: a hash or a file");
    return { command, help: false, ...target, ref: positionals[0]! };
  }
  const shard = shardOf(v.shard);
  const baseSeed = v.seed === undefined ? envInt("FC_SEED", INT32[0], INT32[1], DEFAULT_SEED) : int("seed", v.seed, INT32[0], INT32[1]);
  // Disjoint seeds per shard; wraps within int32 (fast-check's seed range).
  const seed = shard ? ((baseSeed + shard.index - 1) | 0) : baseSeed;
  const minutes = v.minutes === undefined ? undefined : Number(v.minutes);
  if (command === "fuzz" && (minutes === undefined || !Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)) {
    throw new UsageError(`fuzz needs --minutes <m> with 0 < m ≤ 1440, got '${v.minutes ?? ""}'`);
  }
  const runs = v.runs === undefined ? (command === "fuzz" ? 1_000_000_000 : 100) : int("runs", v.runs, 0, 1_000_000_000);
  const lawRuns = v["law-runs"] === undefined ? envInt("FC_RUNS", 1, 1_000_000, 200) : int("law-runs", v["law-runs"], 0, 1_000_000);
  let vectorIds: string[] | undefined;
  let lawIds: string[] | undefined;
  if (v.vector || v.law) {
    const known = new Set(loadVectors().map((x) => x.id));
    for (const id of v.vector ?? []) if (!known.has(id)) throw new UsageError(`no vector '${id}' in spec/vectors/`);
    for (const id of v.law ?? []) if (!LAWS.some((l) => l.id === id)) throw new UsageError(`no law '${id}'; known: ${LAWS.map((l) => l.id).join(", ")}`);
    vectorIds = v.vector ?? [];
    lawIds = v.law ?? [];
  }
  return {
    command,
    help: false,
    ...target,
    ...output(v),
    seed,
    runs,
    lawRuns: command === "run" ? lawRuns : 0,
    ...(minutes !== undefined ? { minutes } : {}),
    replay: v["no-replay"] !== true,
    ...(vectorIds ? { vectorIds } : {}),
    ...(lawIds ? { lawIds } : {}),
    ...(shard ? { shard } : {}),
  };
}
