// One run of the referee: open the clients and targets, run the vectors on every lane, fuzz each
// client on every target at once, run the laws on the model, close and sweep everything (also
// on failure or interrupt). The CLI and the tests both call this; it returns data, never prints
// results (progress lines go to `log`).
import { loadVectors } from "../spec/load.ts";
import { PROFILES, SPEC_PROFILE } from "../spec/profiles.ts";
import { verdictSentence } from "../reports/merge.ts";
import { currentCommit, toolInfo, type RunClient, type RunResults, type RunTarget } from "../reports/results.ts";
import { openClient, type Client, type ClientSpec } from "./clients.ts";
import { fuzzClient, type FuzzResult } from "./fuzz/campaign.ts";
import type { FuzzProgress } from "./fuzz/differential.ts";
import { closeGroup, fuzzGroupOf, laneCount, lanesOf } from "./lanes.ts";
import { LAWS } from "./properties/laws.ts";
import { runLaw, type LawResult } from "./runner/laws-run.ts";
import { crossSdkMatrix, type CrossSdkCell } from "./runner/cross-sdk.ts";
import { runCases, type CaseResult } from "./runner/run-vector.ts";
import { countVerdicts, isFailing, type VerdictCounts } from "./runner/verdict.ts";
import { PROJECT_ROOT } from "./targets/real.ts";
import { openTarget, type TargetName, type TargetSession } from "./targets/sessions.ts";

export interface RunConfig {
  readonly runId: string;
  readonly targets: readonly TargetName[];
  readonly clients: readonly ClientSpec[];
  readonly seed: number;
  /** Fuzz sequences per client (0: no fuzzing). */
  readonly runs: number;
  /** Runs per property law (0: no laws). */
  readonly lawRuns: number;
  readonly vectors: boolean;
  /** Time box for the fuzz search (per client). */
  readonly fuzzTimeLimitMs?: number;
  readonly allowRemote: boolean;
  readonly failuresDir: string;
  readonly replayFailures: boolean;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  readonly onFuzzProgress?: (client: string, p: FuzzProgress) => void;
  readonly onCase?: (r: CaseResult) => void;
  readonly onVectorProgress?: (p: VectorProgress) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Only these vector ids (all when absent). */
  readonly vectorIds?: readonly string[];
  /** Only these laws (all when absent). */
  readonly lawIds?: readonly string[];
  /** One shard of a split run: its share of the vectors; the laws run on shard 1 only. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** For the real target: this pylibseekdb version instead of the pinned one. */
  readonly seekdbVersion?: string;
}

export interface VectorProgress {
  readonly done: number;
  readonly total: number;
  /** Results so far that differ from both the spec and the profile (or could not run). */
  readonly unexpected: number;
  readonly elapsedMs: number;
}

/** A client as results.json records it. */
export type ClientInfo = RunClient;

export interface RunOutcome {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly seed: number;
  readonly targets: readonly RunTarget[];
  readonly clients: readonly ClientInfo[];
  readonly cases: readonly CaseResult[];
  readonly fuzz: readonly FuzzResult[];
  readonly laws: readonly LawResult[];
  /** Writer × reader cells on each server target (two clients or more). */
  readonly crossSdk: readonly CrossSdkCell[];
  readonly counts: { readonly vectors: VerdictCounts; readonly fuzz: VerdictCounts; readonly laws: VerdictCounts; readonly crossSdk: VerdictCounts; readonly all: VerdictCounts };
  /** 0: nothing unexpected; 1: an unexpected divergence or an error verdict. */
  readonly exitCode: 0 | 1;
  readonly interrupted: boolean;
}

export async function run(config: RunConfig): Promise<RunOutcome> {
  const started = Date.now();
  const prefix = `ref_${config.runId}`;
  const clients: Client[] = [];
  for (const spec of config.clients) clients.push(await openClient(spec));
  for (const c of clients) if (c.profileNote) config.log(`note: ${c.profileNote}`);

  const sessions: TargetSession[] = [];
  const cases: CaseResult[] = [];
  const fuzzResults: FuzzResult[] = [];
  const crossSdk: CrossSdkCell[] = [];
  try {
    for (const name of config.targets) {
      const s = await openTarget(name, { prefix, allowRemote: config.allowRemote, log: config.log, ...(config.env ? { env: config.env } : {}), ...(config.seekdbVersion ? { seekdbVersion: config.seekdbVersion } : {}) });
      sessions.push(s);
      config.log(`target ${name}: ${s.version} (${s.source})`);
    }
    if (config.vectors) {
      const vectors = selectVectors(config);
      const total = vectors.length * sessions.reduce((n, s) => n + laneCount(s, clients), 0);
      let done = 0;
      let unexpected = 0;
      const onResult = (r: CaseResult) => {
        done++;
        if (r.verdict === "unexpected" || r.verdict === "error") unexpected++;
        config.onCase?.(r);
        config.onVectorProgress?.({ done, total, unexpected, elapsedMs: Date.now() - started });
      };
      for (const s of sessions) {
        for (const lane of await lanesOf(s, clients)) {
          if (config.signal?.aborted) break;
          try {
            cases.push(
              ...(await runCases(lane.driver, lane.profile, SPEC_PROFILE, vectors, `${prefix}_${s.name}_v`, {
                ...(config.signal ? { signal: config.signal } : {}),
                onResult,
              })),
            );
          } finally {
            await lane.driver.close().catch(() => undefined);
          }
        }
      }
    }
    if (config.runs > 0) {
      const servers = sessions.filter((s) => s.address);
      const fuzzTargets = config.targets.includes("model") || servers.length > 0;
      for (const client of clients) {
        if (!fuzzTargets || config.signal?.aborted) break;
        const group = await fuzzGroupOf(client, servers);
        try {
          const results = await fuzzClient(
            client,
            group,
            sessions.map((s) => ({ name: s.name, version: s.version })),
            {
              seed: config.seed,
              runs: config.runs,
              prefix: `${prefix}_f`,
              failuresDir: config.failuresDir,
              replay: config.replayFailures,
              log: config.log,
              ...(config.fuzzTimeLimitMs ? { timeLimitMs: config.fuzzTimeLimitMs } : {}),
              ...(config.onFuzzProgress ? { onProgress: (p: FuzzProgress) => config.onFuzzProgress!(client.label, p) } : {}),
            },
          );
          // The model lane is reported only when the run names the model target.
          fuzzResults.push(...results.filter((r) => r.target !== "model" || config.targets.includes("model")));
        } finally {
          await closeGroup(group);
        }
      }
    }
    // Two clients or more: what each writes, every other reads back (a full run, not a shard or a fuzz).
    if (clients.length > 1 && config.vectors && !config.shard && !config.signal?.aborted) {
      for (const s of sessions.filter((x) => x.address)) crossSdk.push(...(await crossSdkMatrix(clients, s, `${prefix}_${s.name}_x`)));
    }
  } finally {
    for (const s of [...sessions].reverse()) await s.close().catch((e) => config.log(`cleanup of ${s.name} failed: ${(e as Error).message}`));
  }
  const lawsHere = config.lawRuns > 0 && config.targets.includes("model") && (config.shard?.index ?? 1) === 1 && !config.signal?.aborted;
  const laws = lawsHere
    ? PROFILES.filter((p) => p.client === null || clients.some((c) => c.profile.id === p.id)).flatMap((p) => LAWS.filter((l) => !config.lawIds || config.lawIds.includes(l.id)).map((law) => runLaw(p, law, config.seed, config.lawRuns)))
    : [];
  const counts = {
    vectors: countVerdicts(cases.map((c) => c.verdict)),
    fuzz: countVerdicts(fuzzResults.map((f) => f.verdict)),
    laws: countVerdicts(laws.map((l) => l.verdict)),
    crossSdk: countVerdicts(crossSdk.map((c) => c.verdict)),
    all: countVerdicts([...cases, ...fuzzResults, ...laws, ...crossSdk].map((x) => x.verdict)),
  };
  return {
    runId: config.runId,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    seed: config.seed,
    targets: sessions.map((s) => ({ name: s.name, version: s.version, source: s.source })),
    clients: clients.map((c, i) => {
      const spec = config.clients[i]!;
      return { label: c.label, name: c.name, version: c.version, source: c.source, profile: c.profile.id, ...(c.profileNote ? { profileNote: c.profileNote } : {}), spec: spec.dir === undefined ? spec.name : `${spec.name}=${spec.dir}` };
    }),
    cases,
    fuzz: fuzzResults,
    laws,
    crossSdk,
    counts,
    exitCode: isFailing(counts.all) ? 1 : 0,
    interrupted: config.signal?.aborted ?? false,
  };
}

/** The vectors this run (or shard) runs: the named ones, then every n-th for shard i/n. */
export function selectVectors(config: Pick<RunConfig, "vectorIds" | "shard">) {
  const all = loadVectors();
  const named = config.vectorIds ? all.filter((v) => config.vectorIds!.includes(v.id)) : all;
  const shard = config.shard;
  return shard ? named.filter((_, i) => i % shard.count === shard.index - 1) : named;
}

/** A run's outcome as results.json holds it (the reports are built from this). */
export function runResults(o: RunOutcome, how: { command: string; kind: "run" | "fuzz"; interrupted: boolean; shard?: { index: number; count: number } }): RunResults {
  const commit = currentCommit(PROJECT_ROOT);
  return {
    runId: o.runId,
    startedAt: o.startedAt,
    durationMs: o.durationMs,
    seed: o.seed,
    targets: o.targets,
    summary: {
      exitCode: how.interrupted ? 130 : o.exitCode,
      verdict: `${how.interrupted ? "interrupted, partial: " : ""}${verdictSentence(o.counts.all)}`,
      counts: o.counts,
      tool: toolInfo(PROJECT_ROOT),
      ...(commit ? { commit } : {}),
      command: how.command,
      kind: how.kind,
      seeds: [o.seed],
      ...(how.shard ? { shard: `${how.shard.index}/${how.shard.count}` } : {}),
      interrupted: how.interrupted,
      clients: o.clients,
    },
    cases: o.cases,
    fuzz: o.fuzz,
    laws: o.laws,
    ...(o.crossSdk.length > 0 ? { crossSdk: o.crossSdk } : {}),
  };
}
