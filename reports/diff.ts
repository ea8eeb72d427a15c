// `report diff <run-a> <run-b>`: what changed between two runs, result by result (vector × client ×
// target, fuzz campaign, law), matched by a key without versions so seekdb 1.3 vs 1.4 or pyseekdb
// 1.3.0 vs 1.4.0.post1 line up. A regression is a result that passed (pass, known, fixed) in the
// first run and is unexpected or an error in the second: the command exits 1 on any.
import { reportModel, type ReportModel, type ReportRow, type ReportVerdict } from "./model.ts";
import { clip, mdCodeSpan, mdInline } from "./text.ts";

export const CHANGE_KINDS = ["regressed", "new divergence", "no longer diverges", "changed error", "changed value", "verdict changed", "added", "removed"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Change {
  readonly kind: ChangeKind;
  readonly key: string;
  readonly rowKind: ReportRow["kind"];
  readonly id: string;
  /** "seekdb-js on real": the lane without versions. */
  readonly lane: string;
  readonly clauses: readonly string[];
  readonly before?: ReportVerdict;
  readonly after?: ReportVerdict;
  /** Where and how the observation changed (first difference). */
  readonly detail: string;
}

export interface RunDiff {
  readonly a: { readonly runId: string; readonly clients: readonly string[]; readonly targets: readonly string[] };
  readonly b: { readonly runId: string; readonly clients: readonly string[]; readonly targets: readonly string[] };
  readonly changes: readonly Change[];
  readonly unchanged: number;
  readonly regressions: number;
}

const PASSING: readonly ReportVerdict[] = ["pass", "known", "fixed"];
const FAILING: readonly ReportVerdict[] = ["unexpected", "error"];

/** Names a run gives what it creates (ref_<run-id>_...) and ports differ run to run: not a change. */
export const normalise = (text: string): string =>
  text
    .replace(/ref_r\d{14}_[0-9a-f]{6}[A-Za-z0-9_]*/g, "ref_<run>")
    .replace(/c\$v2\$[A-Za-z0-9_$]+/g, "c$v2$<id>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");

const laneOf = (r: ReportRow) => `${r.key.split("|")[2]} on ${r.key.split("|")[3]}`;

function firstObservationChange(a: ReportRow, b: ReportRow): string | undefined {
  const before = new Map(a.observations.map((o) => [o.at, normalise(o.value)]));
  const after = new Map(b.observations.map((o) => [o.at, normalise(o.value)]));
  for (const at of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(at);
    const y = after.get(at);
    if (x !== y) return `${at}: ${clip(x ?? "(nothing)", 300)} → ${clip(y ?? "(nothing)", 300)}`;
  }
  return undefined;
}

function classify(a: ReportRow, b: ReportRow): Change | undefined {
  const base = { key: a.key, rowKind: a.kind, id: a.id, lane: laneOf(a), clauses: [...new Set([...a.clauses, ...b.clauses])], before: a.verdict, after: b.verdict };
  const observed = firstObservationChange(a, b);
  const detail = observed ?? `${a.evidence.message} → ${b.evidence.message}`;
  if (PASSING.includes(a.verdict) && FAILING.includes(b.verdict)) return { ...base, kind: "regressed", detail };
  if (a.verdict === "pass" && b.verdict === "known") return { ...base, kind: "new divergence", detail };
  if (a.verdict !== "pass" && a.verdict !== "fixed" && a.verdict !== "not-run" && (b.verdict === "pass" || b.verdict === "fixed")) return { ...base, kind: "no longer diverges", detail };
  if (a.verdict !== b.verdict) return { ...base, kind: "verdict changed", detail };
  if (!observed) return undefined;
  if (a.verdict === "error" || a.observations.some((o) => o.at === "error") || b.observations.some((o) => o.at === "error")) return { ...base, kind: "changed error", detail };
  return { ...base, kind: "changed value", detail };
}

export function diffModels(a: ReportModel, b: ReportModel): RunDiff {
  const before = new Map(a.rows.map((r) => [r.key, r]));
  const after = new Map(b.rows.map((r) => [r.key, r]));
  const changes: Change[] = [];
  let unchanged = 0;
  for (const [key, x] of before) {
    const y = after.get(key);
    if (!y) {
      changes.push({ kind: "removed", key, rowKind: x.kind, id: x.id, lane: laneOf(x), clauses: x.clauses, before: x.verdict, detail: "only in the first run" });
      continue;
    }
    const c = classify(x, y);
    if (c) changes.push(c);
    else unchanged++;
  }
  for (const [key, y] of after) {
    if (!before.has(key)) changes.push({ kind: "added", key, rowKind: y.kind, id: y.id, lane: laneOf(y), clauses: y.clauses, after: y.verdict, detail: `only in the second run: ${y.evidence.message}` });
  }
  const order = (c: Change) => CHANGE_KINDS.indexOf(c.kind);
  changes.sort((x, y) => order(x) - order(y) || x.key.localeCompare(y.key));
  const side = (m: ReportModel) => ({ runId: m.run.runId, clients: m.run.clients.map((c) => c.label), targets: m.run.targets.map((t) => `${t.name} ${t.version}`) });
  return { a: side(a), b: side(b), changes, unchanged, regressions: changes.filter((c) => c.kind === "regressed").length };
}

export const diffRuns = (a: unknown, b: unknown): RunDiff => diffModels(reportModel(a), reportModel(b));

/** The diff as Markdown (fit for a terminal, a job summary or a PR comment). */
export function diffMarkdown(d: RunDiff): string {
  const out: string[] = [];
  const counts = CHANGE_KINDS.map((k) => [k, d.changes.filter((c) => c.kind === k).length] as const).filter(([, n]) => n > 0);
  out.push(
    `**${d.regressions > 0 ? `❌ ${d.regressions} regression(s)` : "✅ no regression"}** — ${d.changes.length} change(s)${counts.length ? ` (${counts.map(([k, n]) => `${n} ${k}`).join(", ")})` : ""}, ${d.unchanged} unchanged`,
    "",
    `- a: ${mdCodeSpan(d.a.runId)} — ${mdInline(d.a.clients.join(", "))} on ${mdInline(d.a.targets.join(", "))}`,
    `- b: ${mdCodeSpan(d.b.runId)} — ${mdInline(d.b.clients.join(", "))} on ${mdInline(d.b.targets.join(", "))}`,
    "",
  );
  for (const [kind] of counts) {
    const list = d.changes.filter((c) => c.kind === kind);
    out.push(`### ${kind} (${list.length})`, "");
    for (const c of list.slice(0, 200)) {
      out.push(`- ${mdCodeSpan(c.id, 200)} ${c.rowKind === "vector" ? "" : `(${c.rowKind}) `}on ${mdInline(c.lane, 200)}: ${c.before ?? "—"} → ${c.after ?? "—"}${c.clauses.length ? ` [${mdInline(c.clauses.join(", "), 300)}]` : ""}`);
      out.push(`  - ${mdInline(c.detail, 700)}`);
    }
    if (list.length > 200) out.push(`- … and ${list.length - 200} more`);
    out.push("");
  }
  return out.join("\n");
}
