// The report model: one run's results.json read tolerantly into rows (one per vector × client ×
// target, per fuzz campaign, per law) with their evidence, and the clause × lane grid. Every
// writer (JUnit, CTRF, Markdown, HTML) reads this, so none of them meets raw data: a missing
// field, a NaN or a string where a number belongs becomes a default here, never a crash there.
import type { RunClient } from "./results.ts";
import { asNumber, asText, clip, safeJson } from "./text.ts";

export const REPORT_VERDICTS = ["pass", "known", "unexpected", "fixed", "error", "not-run"] as const;
export type ReportVerdict = (typeof REPORT_VERDICTS)[number];
export type RowKind = "vector" | "fuzz" | "law";

/** Worst first: a grid cell shows the worst verdict of its rows. */
const SEVERITY: readonly ReportVerdict[] = ["error", "unexpected", "fixed", "known", "pass", "not-run"];

/** 0 for the worst verdict (error) up to not-run: cells list their rows in this order. */
export const severity = (v: ReportVerdict): number => SEVERITY.indexOf(v);

export const worstVerdict = (vs: readonly ReportVerdict[]): ReportVerdict => SEVERITY.find((s) => vs.includes(s)) ?? "not-run";

export function asVerdict(v: unknown): ReportVerdict {
  return (REPORT_VERDICTS as readonly unknown[]).includes(v) ? (v as ReportVerdict) : "error";
}

export interface Difference {
  readonly path: string;
  readonly expected: string;
  readonly observed: string;
}

/** What a person needs to see why a row has its verdict, and to reproduce it. */
export interface Evidence {
  /** One line: why this verdict. */
  readonly message: string;
  readonly differences: readonly Difference[];
  /** The steps (inputs and what each returned), as text. */
  readonly steps?: string;
  readonly seed?: string;
  readonly path?: string;
  /** The shrunk counterexample (fuzz, laws) as a person reads it. */
  readonly script?: string;
  /** A standalone repro script to copy (fuzz failures). */
  readonly repro?: string;
  readonly reproFile?: string;
  /** The command that runs this result again. */
  readonly replay?: string;
  /** For fixed: what to delete from the profile. */
  readonly fix?: string;
  readonly note?: string;
}

export interface ReportRow {
  readonly kind: RowKind;
  /** Stable across runs and versions: kind, id, client name (without version), target. */
  readonly key: string;
  readonly id: string;
  readonly title: string;
  readonly clauses: readonly string[];
  /** The lane: "<client> on <target>"; laws and model lanes use "model:<profile>". */
  readonly client: string;
  readonly target: string;
  readonly lane: string;
  readonly verdict: ReportVerdict;
  readonly durationMs: number;
  readonly evidence: Evidence;
  /** What the client was seen to do, place by place (a vector's steps and final read, a campaign's findings): report diff compares these. */
  readonly observations: readonly Observation[];
  /** Per clause, when it differs from the row's verdict (a campaign's known divergences beside its failure). */
  readonly clauseVerdicts?: Readonly<Record<string, ReportVerdict>>;
}

export interface Observation {
  /** "steps[2] upsert", "final", "failure", "known divergences", "error". */
  readonly at: string;
  readonly value: string;
}

/** A client as the reports show it. */
export type ClientInfo = Omit<RunClient, "profileNote">;

export interface TargetInfo {
  readonly name: string;
  readonly version: string;
  readonly source: string;
}

export interface RunInfo {
  readonly runId: string;
  readonly startedAt: string;
  readonly startedMs: number;
  readonly durationMs: number;
  readonly seed: number;
  readonly seeds: readonly number[];
  readonly exitCode: number;
  readonly verdictLine: string;
  readonly commit?: string;
  readonly toolVersion: string;
  /** How to call the referee again: "npm start --" or "npx seekdb-referee". */
  readonly command: string;
  readonly shard?: string;
  readonly clients: readonly ClientInfo[];
  readonly targets: readonly TargetInfo[];
}

export interface ClauseInfo {
  readonly id: string;
  readonly group: string;
  readonly statement: string;
}

export interface CellEntry {
  readonly row: string;
  readonly verdict: ReportVerdict;
}

export interface ReportModel {
  readonly run: RunInfo;
  readonly rows: readonly ReportRow[];
  readonly lanes: readonly string[];
  /** Row labels of the grid: clause ids (by group), then the fuzz campaign, then each law. */
  readonly gridRows: readonly { readonly key: string; readonly label: string; readonly group: string; readonly statement: string }[];
  /** Grid row key → lane → the rows in that cell, each with the verdict it gives that cell. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, readonly CellEntry[]>>;
  readonly counts: Readonly<Record<ReportVerdict, number>>;
}

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strs = (v: unknown): string[] => arr(v).map(asText).filter((s) => s !== "");

/** "seekdb-js@1.4.0" → "seekdb-js"; "model:pyseekdb@1.4" stays (a profile, not a version). */
export const clientName = (label: string): string => (label.startsWith("model:") ? label : label.replace(/@[^@]*$/, ""));

/** The clause group of an id: UPSERT-NORM-007 → NORM. */
export const groupOf = (clause: string): string => /^UPSERT-([A-Z]+)-\d+$/.exec(clause)?.[1] ?? "OTHER";

function differences(v: unknown): Difference[] {
  return arr(v)
    .map(obj)
    .filter((d) => d.kind !== "tolerance")
    .map((d) => ({ path: asText(d.path), expected: clip(safeJson(d.expected), 4000), observed: clip(safeJson(d.observed), 4000) }));
}

function runInfo(results: Record<string, unknown>): RunInfo {
  const summary = obj(results.summary);
  const startedAt = asText(results.startedAt);
  const startedMs = Number.isFinite(Date.parse(startedAt)) ? Date.parse(startedAt) : 0;
  const clients = arr(summary.clients).map((c) => {
    const o = obj(c);
    const label = asText(o.label) || "unknown client";
    const name = asText(o.name) || clientName(label);
    return { label, name, version: asText(o.version) || label.split("@")[1] || "", source: asText(o.source), profile: asText(o.profile), spec: asText(o.spec) || name };
  });
  const seed = asNumber(results.seed);
  const seeds = arr(summary.seeds).filter((s): s is number => typeof s === "number" && Number.isFinite(s));
  return {
    runId: asText(results.runId) || "unknown-run",
    startedAt: startedAt || new Date(startedMs).toISOString(),
    startedMs,
    durationMs: Math.max(0, asNumber(results.durationMs)),
    seed,
    seeds: seeds.length > 0 ? seeds : [seed],
    exitCode: asNumber(summary.exitCode, 2),
    verdictLine: asText(summary.verdict) || "no verdict recorded",
    ...(summary.commit ? { commit: asText(summary.commit) } : {}),
    toolVersion: asText(obj(summary.tool).version) || "unknown",
    command: asText(summary.command) || "npm start --",
    ...(summary.shard ? { shard: asText(summary.shard) } : {}),
    clients,
    targets: arr(results.targets).map((t) => ({ name: asText(obj(t).name), version: asText(obj(t).version), source: asText(obj(t).source) })),
  };
}

/** The --sdk argument of a lane's client, for replay commands. */
function sdkArg(run: RunInfo, clientLabel: string): string {
  return run.clients.find((c) => c.label === clientLabel)?.spec ?? clientName(clientLabel);
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=@+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function vectorRow(run: RunInfo, raw: unknown): ReportRow {
  const c = obj(raw);
  const id = asText(c.caseId) || "unnamed-vector";
  const client = asText(c.client) || "unknown client";
  const target = asText(c.target) || "unknown";
  const verdict = asVerdict(c.verdict);
  // known: how it differs from the spec; unexpected and fixed: how it differs from what the profile expects.
  const diffs = differences(verdict === "known" || c.profileDifferences === undefined ? c.specDifferences : c.profileDifferences);
  const onModel = client.startsWith("model:");
  const profile = asText(c.profile);
  const sdk = onModel ? run.clients.find((x) => x.profile === profile)?.spec : sdkArg(run, client);
  const replay = `${run.command} --vector ${quote(id)} --target ${quote(target)}${sdk ? ` --sdk ${quote(sdk)}` : ""} --runs 0 --law-runs 0`;
  const divergences = arr(c.divergences).map(obj);
  const message =
    verdict === "pass"
      ? "behaves as the spec says"
      : verdict === "known"
        ? `differs from the spec as profile ${profile} says: ${divergences.map((d) => `${asText(d.clause)} (${asText(d.actual)})`).join("; ") || "overridden"}`
        : verdict === "fixed"
          ? `the divergence profile ${profile} expects no longer happens`
          : verdict === "not-run"
            ? `not run: ${asText(c.note)}`
            : verdict === "error"
              ? `could not run: ${asText(c.error) || "no message"}`
              : `differs from the spec and from profile ${profile}: ${diffs
                  .slice(0, 2)
                  .map((d) => `${d.path}: expected ${d.expected}, got ${d.observed}`)
                  .join("; ")}`;
  const trace = obj(c.trace);
  const observations: Observation[] = [
    ...arr(trace.steps).flatMap((st, i) => {
      const o = obj(st);
      return "observed" in o ? [{ at: `steps[${i}] ${asText(o.op)}`, value: clip(safeJson(o.observed), 4000) }] : [];
    }),
    ...("final" in trace ? [{ at: "final", value: clip(safeJson(trace.final), 4000) }] : []),
    ...(c.error ? [{ at: "error", value: asText(c.error) }] : []),
  ];
  return {
    kind: "vector",
    key: `vector|${id}|${clientName(client)}|${target}`,
    id,
    title: asText(c.description),
    clauses: strs(c.clauses),
    client,
    target,
    lane: `${client} on ${target}`,
    verdict,
    durationMs: Math.max(0, asNumber(c.durationMs)),
    observations,
    evidence: {
      message: clip(message, 2000),
      differences: diffs,
      ...(c.trace !== undefined ? { steps: clip(safeJson(c.trace, 2), 20_000) } : {}),
      seed: String(run.seed),
      replay,
      ...(c.fix ? { fix: asText(c.fix) } : {}),
      ...(c.note ? { note: asText(c.note) } : {}),
      ...(c.error ? { note: asText(c.error) } : {}),
    },
  };
}

function fuzzRow(run: RunInfo, raw: unknown, readRepro: (file: string) => string | undefined): ReportRow {
  const f = obj(raw);
  const clientLabel = asText(f.client) || "unknown client";
  const target = asText(f.target) || "unknown";
  const profile = asText(f.profile);
  // The campaign's "model" target is the client's profile model: that lane is model:<profile>.
  const client = target === "model" ? `model:${profile}` : clientLabel;
  const verdict = asVerdict(f.verdict);
  const failure = f.failure === undefined ? undefined : obj(f.failure);
  const known = Object.entries(obj(f.known)).map(([k, n]) => `${k}×${asNumber(n)}`);
  const sequences = asNumber(f.sequences);
  const seed = String(asNumber(f.seed, run.seed));
  const hash = failure ? asText(failure.hash) : "";
  const file = failure ? asText(failure.file) : "";
  const reproFile = file ? file.replace(/\.json$/, ".repro.ts") : "";
  const repro = reproFile ? readRepro(reproFile) : undefined;
  const failureClauses = failure ? strs(failure.clauses) : [];
  const message =
    verdict === "error"
      ? `could not run: ${asText(f.error) || "no message"}`
      : failure
        ? `${verdict === "fixed" ? "the profile's divergence no longer happens" : "differs from its profile"} at step ${asNumber(failure.step)}${failureClauses.length ? ` (${failureClauses.join(", ")})` : ""}; ${failure.replayed === true ? "replayed from the failure database" : `found after ${asNumber(failure.foundAtSequence)} sequences, shrunk in ${asNumber(failure.shrinkRuns)} runs`}`
        : `${sequences} sequences, ${asNumber(f.steps)} steps${known.length ? `; known divergences seen: ${known.join(" ")}` : ""}`;
  const knownClauses = Object.keys(obj(f.known));
  const clauseVerdicts = Object.fromEntries([...knownClauses.map((k) => [k, "known"] as const), ...failureClauses.map((k) => [k, verdict] as const)]);
  return {
    kind: "fuzz",
    key: `fuzz|campaign|${clientName(clientLabel)}|${target}`,
    id: "fuzz campaign",
    title: `differential fuzz of ${clientLabel} on ${target}: ${sequences} sequences, seed ${seed}`,
    clauses: [...new Set([...failureClauses, ...knownClauses])],
    clauseVerdicts,
    observations: [
      { at: "known divergences", value: known.sort().join(" ") || "none" },
      ...(failure ? [{ at: "failure", value: `step ${asNumber(failure.step)} (${failureClauses.join(", ") || "no clause"}): ${clip(safeJson(failure.differences), 2000)}` }] : []),
      ...(f.error ? [{ at: "error", value: asText(f.error) }] : []),
    ],
    client,
    target,
    lane: `${client} on ${target}`,
    verdict,
    durationMs: Math.max(0, asNumber(f.durationMs)),
    evidence: {
      message: clip(message, 2000),
      differences: failure ? differences(failure.differences) : [],
      seed,
      ...(failure ? { script: asText(failure.script) } : {}),
      ...(repro !== undefined ? { repro } : {}),
      ...(reproFile ? { reproFile } : {}),
      ...(hash ? { replay: `${run.command} replay ${hash}${file ? ` --failures ${quote(file.replace(/\/[^/]*$/, ""))}` : ""}` } : {}),
      ...(f.note ? { note: asText(f.note) } : {}),
    },
  };
}

function lawRow(run: RunInfo, raw: unknown): ReportRow {
  const l = obj(raw);
  const law = asText(l.law) || "unnamed-law";
  const profile = asText(l.profile) || "spec";
  const verdict = asVerdict(l.verdict);
  const seed = String(asNumber(l.seed, run.seed));
  const runs = asNumber(l.runs);
  const sdk = run.clients.find((c) => c.profile === profile)?.spec;
  const expected = asText(l.expected);
  const observed = asText(l.observed);
  const message =
    verdict === "error"
      ? `crashed: ${asText(l.error)}`
      : verdict === "known"
        ? `breaks as profile ${profile} says (${asText(l.clause)})${l.shown === false ? `; not shown in ${runs} runs` : ""}`
        : verdict === "pass"
          ? `keeps (${runs} runs)`
          : `expected to ${expected === "breaks" ? "break" : "keep"}, ${observed === "keeps" ? "keeps" : "breaks"}`;
  return {
    kind: "law",
    key: `law|${law}|model:${profile}|model`,
    id: law,
    title: `property law ${law} on the ${profile} model`,
    clauses: l.clause ? [asText(l.clause)] : [],
    client: `model:${profile}`,
    target: "model",
    lane: `model:${profile} on model`,
    verdict,
    durationMs: 0,
    observations: [{ at: "law", value: `${observed}${l.counterexample !== undefined ? `: ${clip(asText(l.counterexample), 2000)}` : ""}` }, ...(l.error ? [{ at: "error", value: asText(l.error) }] : [])],
    evidence: {
      message,
      differences: [],
      seed,
      ...(l.path !== undefined ? { path: asText(l.path) } : {}),
      ...(l.counterexample !== undefined ? { script: asText(l.counterexample) } : {}),
      replay: `${run.command} --law ${quote(law)} --target model${sdk ? ` --sdk ${quote(sdk)}` : ""} --seed ${seed} --law-runs ${runs || 200} --runs 0`,
    },
  };
}

export interface ModelOptions {
  readonly clauses?: readonly ClauseInfo[];
  /** Reads a repro script beside a saved failure (absent in tests and merged runs from elsewhere). */
  readonly readRepro?: (file: string) => string | undefined;
}

export function reportModel(resultsJson: unknown, opts: ModelOptions = {}): ReportModel {
  const results = obj(resultsJson);
  const run = runInfo(results);
  const readRepro = opts.readRepro ?? (() => undefined);
  const seen = new Map<string, number>();
  // Keys must be unique for the grid and for diffs: a repeated one (malformed input) gets #n.
  const unique = (r: ReportRow): ReportRow => {
    const n = (seen.get(r.key) ?? 0) + 1;
    seen.set(r.key, n);
    return n === 1 ? r : { ...r, key: `${r.key}#${n}` };
  };
  const rows: ReportRow[] = [...arr(results.cases).map((c) => vectorRow(run, c)), ...arr(results.fuzz).map((f) => fuzzRow(run, f, readRepro)), ...arr(results.laws).map((l) => lawRow(run, l))].map(unique);
  const lanes = [...new Set(rows.map((r) => r.lane))];
  const clauseInfo = new Map((opts.clauses ?? []).map((c) => [c.id, c]));
  const clauseIds = [...new Set([...(opts.clauses ?? []).map((c) => c.id), ...rows.flatMap((r) => r.clauses)])];
  const gridRows = [
    ...clauseIds.map((id) => ({ key: id, label: id, group: groupOf(id), statement: clauseInfo.get(id)?.statement ?? "" })),
    ...(rows.some((r) => r.kind === "fuzz") ? [{ key: "fuzz campaign", label: "fuzz campaign", group: "FUZZ", statement: "the differential fuzz of the client on this target" }] : []),
    ...[...new Set(rows.filter((r) => r.kind === "law").map((r) => r.id))].map((law) => ({ key: `law ${law}`, label: law, group: "LAW", statement: `the property law ${law}` })),
  ];
  const cells = new Map<string, Map<string, CellEntry[]>>(gridRows.map((g) => [g.key, new Map()]));
  const put = (gridKey: string, r: ReportRow, verdict: ReportVerdict) => {
    const byLane = cells.get(gridKey)!;
    byLane.set(r.lane, [...(byLane.get(r.lane) ?? []), { row: r.key, verdict }]);
  };
  for (const r of rows) {
    for (const c of r.clauses) put(c, r, r.clauseVerdicts?.[c] ?? r.verdict);
    if (r.kind === "fuzz") put("fuzz campaign", r, r.verdict);
    if (r.kind === "law") put(`law ${r.id}`, r, r.verdict);
  }
  const counts = Object.fromEntries(REPORT_VERDICTS.map((v) => [v, rows.filter((r) => r.verdict === v).length])) as Record<ReportVerdict, number>;
  return { run, rows, lanes, gridRows, cells, counts };
}

/** The verdict of a grid cell: the worst its rows give it; undefined for an empty cell. */
export function cellVerdict(model: ReportModel, gridKey: string, lane: string): ReportVerdict | undefined {
  const entries = model.cells.get(gridKey)?.get(lane);
  return entries && entries.length > 0 ? worstVerdict(entries.map((e) => e.verdict)) : undefined;
}

export const VERDICT_SYMBOL: Readonly<Record<ReportVerdict, string>> = {
  pass: "✅",
  known: "🟡",
  unexpected: "❌",
  fixed: "🔄",
  error: "⚠️",
  "not-run": "➖",
};

/** The one line a person reads first. */
export function headline(model: ReportModel, symbols: Readonly<Record<ReportVerdict, string>> = VERDICT_SYMBOL): string {
  const c = model.counts;
  const total = model.rows.length;
  const parts = REPORT_VERDICTS.filter((v) => c[v] > 0).map((v) => `${c[v]} ${v}`);
  const bad = c.unexpected + c.error;
  const lead = bad === 0 ? `${symbols.pass} no unexpected divergence` : `${symbols.unexpected} ${c.unexpected} unexpected divergence(s)${c.error ? `, ${c.error} could not run` : ""}`;
  const clients = model.run.clients.map((x) => x.label).join(", ") || "no client";
  const targets = model.run.targets.map((t) => (t.name === "model" ? "model" : `${t.name} (${t.version})`)).join(", ") || "no target";
  return `${lead} — ${total} results (${parts.join(", ") || "none"}) · ${clients} on ${targets} · seed ${model.run.seeds.join(", ")} · run ${model.run.runId}`;
}
