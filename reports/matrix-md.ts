// matrix.md: for a GitHub job summary or a PR comment. The one line a person reads first, the
// clause × (client, target) grid, then each unexpected divergence with its evidence and replay
// command, and the profile lines that fixed ones make obsolete. Bounded in size (a job summary
// holds 1 MiB): past the limits it points at index.html.
import { evidenceText } from "./junit.ts";
import { cellVerdict, headline, REPORT_VERDICTS, VERDICT_SYMBOL, type ReportModel, type ReportVerdict } from "./model.ts";
import { htmlEscape, mdCode, mdCodeSpan, mdInline } from "./text.ts";

const MAX_DETAILS = 30;

const cell = (v: ReportVerdict | undefined) => (v === undefined ? "" : `${VERDICT_SYMBOL[v]} ${v}`);

export function matrixMarkdown(model: ReportModel): string {
  const run = model.run;
  const out: string[] = [];
  out.push(`**${mdInline(headline(model), 2000)}**`, "");
  out.push(`seekdb referee run ${mdCodeSpan(run.runId, 100)}, ${new Date(run.startedMs).toISOString()}, ${(run.durationMs / 1000).toFixed(1)} s${run.shard ? `, shard ${mdInline(run.shard, 20)}` : ""}${run.commit ? `, referee ${mdInline(run.commit.slice(0, 12), 20)}` : ""}`, "");
  for (const c of run.clients) out.push(`- client **${mdInline(c.label)}** (${mdInline(c.source)}), judged by profile ${mdCodeSpan(c.profile)}`);
  for (const t of run.targets) out.push(`- target **${mdInline(t.name)}**: ${mdInline(t.version)} (${mdInline(t.source)})`);
  out.push("");
  out.push(`Legend: ${REPORT_VERDICTS.map((v) => `${VERDICT_SYMBOL[v]} ${v}`).join(" · ")}; an empty cell: nothing ran for it.`, "");

  if (model.lanes.length > 0) {
    out.push(`| clause | ${model.lanes.map((l) => mdInline(l, 80)).join(" | ")} |`);
    out.push(`|---|${model.lanes.map(() => "---").join("|")}|`);
    let group = "";
    for (const g of model.gridRows) {
      const verdicts = model.lanes.map((l) => cellVerdict(model, g.key, l));
      if (verdicts.every((v) => v === undefined)) continue;
      if (g.group !== group) {
        group = g.group;
        out.push(`| **${mdInline(group)}** | ${model.lanes.map(() => "").join(" | ")} |`);
      }
      out.push(`| ${mdInline(g.label, 80)} | ${verdicts.map(cell).join(" | ")} |`);
    }
    out.push("");
  }

  const unexpected = model.rows.filter((r) => r.verdict === "unexpected" || r.verdict === "error");
  if (unexpected.length > 0) {
    out.push(`### Unexpected divergences (${unexpected.length})`, "");
    for (const r of unexpected.slice(0, MAX_DETAILS)) {
      // Inside HTML, Markdown is not read: HTML escaping, one line.
      const summary = `${VERDICT_SYMBOL[r.verdict]} <code>${htmlEscape(r.id, 200)}</code> — ${htmlEscape(r.lane, 200)} — ${htmlEscape(r.clauses.join(", ") || "no clause", 300)}`.replace(/[\r\n]+/g, " ");
      out.push(`<details><summary>${summary}</summary>`, "");
      out.push(mdCode(evidenceText(r), 6000), "");
      if (r.evidence.replay) out.push("Replay:", "", mdCode(r.evidence.replay, 2000, "sh"), "");
      out.push("</details>", "");
    }
    if (unexpected.length > MAX_DETAILS) out.push(`… and ${unexpected.length - MAX_DETAILS} more: see index.html or junit.xml.`, "");
  }
  const fixed = model.rows.filter((r) => r.verdict === "fixed");
  if (fixed.length > 0) {
    out.push(`### Fixed: the profile expects a divergence that no longer happens (${fixed.length})`, "");
    for (const r of fixed.slice(0, MAX_DETAILS)) out.push(`- ${mdCodeSpan(r.id, 200)} on ${mdInline(r.lane, 200)}: ${mdInline(r.evidence.fix ?? r.evidence.message, 600)}`);
    if (fixed.length > MAX_DETAILS) out.push(`- … and ${fixed.length - MAX_DETAILS} more`);
    out.push("");
  }
  out.push(`Reports: \`index.html\` (the grid with every result's evidence), \`junit.xml\`, \`ctrf.json\`, \`results.json\`.`, "");
  return out.join("\n");
}
