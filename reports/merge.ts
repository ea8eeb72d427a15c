// `report merge <dirs...>`: the results of the shards of one split run (--shard i/n) as one run.
// Vectors are disjoint across shards (each ran every n-th); fuzz campaigns of the same client and
// target add up (sequences, steps, time, known divergences; the worst verdict and its failure
// win); laws ran on shard 1. Counts and the exit code are computed again from the merged results.
import { countVerdicts, formatCounts, isFailing, type Verdict } from "../suites/runner/verdict.ts";
import { asVerdict, worstVerdict } from "./model.ts";
import type { RunResults } from "./results.ts";
import { asNumber, asText } from "./text.ts";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class MergeError extends Error {}

/** The one-line verdict of a run from its counts. */
export function verdictSentence(c: Record<Verdict, number>): string {
  if (!isFailing(c)) return `no unexpected divergence (${formatCounts(c)})`;
  return `${c.unexpected} unexpected divergence(s)${c.error ? `, ${c.error} could not run` : ""} (${formatCounts(c)})`;
}

function mergeByKey(items: readonly Obj[], key: (x: Obj) => string, combine: (a: Obj, b: Obj) => Obj): Obj[] {
  const out = new Map<string, Obj>();
  for (const x of items) {
    const k = key(x);
    const had = out.get(k);
    out.set(k, had ? combine(had, x) : x);
  }
  return [...out.values()];
}

const worse = (a: Obj, b: Obj): Obj => (worstVerdict([asVerdict(a.verdict), asVerdict(b.verdict)]) === asVerdict(b.verdict) && a.verdict !== b.verdict ? b : a);

function mergeFuzz(a: Obj, b: Obj): Obj {
  const known: Record<string, number> = { ...(obj(a.known) as Record<string, number>) };
  for (const [k, n] of Object.entries(obj(b.known))) known[k] = (known[k] ?? 0) + asNumber(n);
  const verdict = worstVerdict([asVerdict(a.verdict), asVerdict(b.verdict)]);
  const lead = asVerdict(b.verdict) === verdict && asVerdict(a.verdict) !== verdict ? b : a;
  const seeds = [...new Set([...arr(a.seeds ?? [a.seed]), ...arr(b.seeds ?? [b.seed])])];
  return {
    ...lead,
    verdict,
    seeds,
    runs: asNumber(a.runs) + asNumber(b.runs),
    sequences: asNumber(a.sequences) + asNumber(b.sequences),
    steps: asNumber(a.steps) + asNumber(b.steps),
    queries: asNumber(a.queries) + asNumber(b.queries),
    durationMs: asNumber(a.durationMs) + asNumber(b.durationMs),
    known,
    unlisted: [...arr(a.unlisted), ...arr(b.unlisted)].slice(0, 20),
    replays: [...arr(a.replays), ...arr(b.replays)],
  };
}

/** Merges the results.json documents of a split run's shards into one run's results. */
export function mergeResults(shards: readonly unknown[], runId: string, command: string): RunResults {
  if (shards.length === 0) throw new MergeError("nothing to merge");
  const docs = shards.map(obj);
  const summaries = docs.map((d) => obj(d.summary));
  const starts = docs.map((d) => Date.parse(asText(d.startedAt))).filter(Number.isFinite);
  const ends = docs.map((d) => Date.parse(asText(d.startedAt)) + asNumber(d.durationMs)).filter(Number.isFinite);
  const started = starts.length ? Math.min(...starts) : Date.now();
  const cases = mergeByKey(docs.flatMap((d) => arr(d.cases).map(obj)), (c) => `${asText(c.caseId)}|${asText(c.client)}|${asText(c.target)}`, worse);
  const fuzz = mergeByKey(docs.flatMap((d) => arr(d.fuzz).map(obj)), (f) => `${asText(f.client)}|${asText(f.target)}`, mergeFuzz);
  const laws = mergeByKey(docs.flatMap((d) => arr(d.laws).map(obj)), (l) => `${asText(l.profile)}|${asText(l.law)}`, worse);
  const verdicts = (xs: Obj[]) => countVerdicts(xs.map((x) => asVerdict(x.verdict)));
  const counts = { vectors: verdicts(cases), fuzz: verdicts(fuzz), laws: verdicts(laws), all: verdicts([...cases, ...fuzz, ...laws]) };
  const clients = mergeByKey(summaries.flatMap((s) => arr(s.clients).map(obj)), (c) => asText(c.label), (a) => a);
  const targets = mergeByKey(docs.flatMap((d) => arr(d.targets).map(obj)), (t) => `${asText(t.name)}|${asText(t.version)}`, (a) => a);
  const seeds = [...new Set(summaries.flatMap((s, i) => (arr(s.seeds).length ? arr(s.seeds) : [docs[i]!.seed])).filter((x): x is number => typeof x === "number"))];
  const tool = obj(summaries[0]!.tool);
  const commit = summaries.map((s) => s.commit).find((c) => typeof c === "string") as string | undefined;
  return {
    runId,
    startedAt: new Date(started).toISOString(),
    durationMs: ends.length ? Math.max(...ends) - started : 0,
    seed: asNumber(docs[0]!.seed),
    targets: targets.map((t) => ({ name: asText(t.name), version: asText(t.version), source: asText(t.source) })),
    summary: {
      exitCode: isFailing(counts.all) ? 1 : 0,
      verdict: verdictSentence(counts.all),
      counts,
      tool: { name: "seekdb-referee", version: asText(tool.version) || "unknown", node: asText(tool.node) || process.version },
      ...(commit ? { commit } : {}),
      command,
      kind: "merge",
      seeds,
      mergedFrom: docs.map((d) => asText(d.runId)),
      interrupted: summaries.some((s) => s.interrupted === true),
      clients: clients.map((c) => ({ label: asText(c.label), name: asText(c.name), version: asText(c.version), source: asText(c.source), profile: asText(c.profile), spec: asText(c.spec) || asText(c.name) })),
    },
    cases,
    fuzz,
    laws,
  };
}

/** What looks wrong about a set of shards (not fatal: the merge still says what it merged). */
export function shardWarnings(shards: readonly unknown[]): string[] {
  const warnings: string[] = [];
  const summaries = shards.map((d) => obj(obj(d).summary));
  const labels = summaries.map((s) => arr(s.clients).map((c) => asText(obj(c).label)).sort().join(","));
  if (new Set(labels).size > 1) warnings.push(`the shards ran different clients: ${[...new Set(labels)].join(" / ")}`);
  const shardSpecs = summaries.map((s) => asText(s.shard)).filter(Boolean);
  const counts = new Set(shardSpecs.map((s) => s.split("/")[1]));
  if (counts.size > 1) warnings.push(`the shards come from different splits: ${shardSpecs.join(", ")}`);
  const dupes = shardSpecs.filter((s, i) => shardSpecs.indexOf(s) !== i);
  if (dupes.length) warnings.push(`shard ${dupes.join(", ")} given twice`);
  const n = Number([...counts][0]);
  if (counts.size === 1 && Number.isInteger(n) && new Set(shardSpecs).size < n) warnings.push(`only ${new Set(shardSpecs).size} of ${n} shards given`);
  if (shardSpecs.length < shards.length) warnings.push(`${shards.length - shardSpecs.length} of the runs were not shards (no --shard)`);
  return warnings;
}
