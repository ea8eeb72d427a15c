// index.html: one self-contained page (inline CSS and JS, the run's data embedded as JSON, nothing
// fetched): the clause × (client, target) grid with filters by clause group, client, target and
// verdict; a cell opens the evidence of its results (steps, expected vs observed, seed and path,
// the repro script and the replay command to copy). The page builds its DOM with textContent only,
// so nothing in the data is ever read as markup.
import { cellVerdict, headline, REPORT_VERDICTS, severity, type ReportModel, type ReportVerdict } from "./model.ts";
import { clip, htmlEscape, scriptJson, visibleCodePoints } from "./text.ts";

/** Symbols every system font has (the Markdown's emoji need an emoji font a headless box lacks). */
const SYMBOL: Readonly<Record<ReportVerdict, string>> = { pass: "✓", known: "≈", unexpected: "✗", fixed: "↺", error: "⚠", "not-run": "–" };

/** Every string of `value` with what a page cannot show (lone surrogates, controls) spelled out. */
function visibleStrings(value: unknown): unknown {
  if (typeof value === "string") return visibleCodePoints(value);
  if (Array.isArray(value)) return value.map(visibleStrings);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [visibleCodePoints(k), visibleStrings(v)]));
  return value;
}

/** The data the page reads: bounded per row so a large run stays a page a browser opens. */
function pageData(model: ReportModel) {
  return visibleStrings({
    headline: headline(model, SYMBOL),
    run: model.run,
    counts: model.counts,
    verdicts: REPORT_VERDICTS,
    symbols: SYMBOL,
    lanes: model.lanes.map((lane) => {
      const row = model.rows.find((r) => r.lane === lane)!;
      return { lane, client: row.client, target: row.target };
    }),
    gridRows: model.gridRows.map((g) => ({
      ...g,
      cells: Object.fromEntries(model.lanes.flatMap((l) => {
        const v = cellVerdict(model, g.key, l);
        if (v === undefined) return [];
        const entries = [...model.cells.get(g.key)!.get(l)!].sort((a, b) => severity(a.verdict) - severity(b.verdict));
        return [[l, { verdict: v, rows: entries.map((e) => e.row) }]];
      })),
    })),
    rows: Object.fromEntries(
      model.rows.map((r) => [
        r.key,
        {
          ...r,
          evidence: {
            ...r.evidence,
            ...(r.evidence.steps ? { steps: clip(r.evidence.steps, 8000) } : {}),
            ...(r.evidence.repro ? { repro: clip(r.evidence.repro, 30_000) } : {}),
            differences: r.evidence.differences.slice(0, 30),
          },
        },
      ]),
    ),
  });
}

const CSS = `
:root { --pass:#1a7f37; --known:#9a6700; --unexpected:#cf222e; --fixed:#0969da; --error:#8250df; --notrun:#6e7781; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { padding: 14px 20px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
h1 { font-size: 17px; margin: 0 0 6px; }
.meta { color: #57606a; font-size: 12.5px; }
.counts { margin-top: 8px; display: flex; gap: 6px; flex-wrap: wrap; }
.count { padding: 2px 8px; border-radius: 10px; background: #fff; border: 1px solid #d0d7de; font-variant-numeric: tabular-nums; }
.filters { padding: 10px 20px; display: flex; gap: 14px; flex-wrap: wrap; align-items: center; border-bottom: 1px solid #d0d7de; }
.filters label { font-size: 12.5px; color: #57606a; }
main { display: flex; align-items: flex-start; }
#grid-wrap { overflow: auto; padding: 0 20px 10px; flex: 1 1 auto; max-height: calc(100vh - 150px); }
table.grid { border-collapse: collapse; font-size: 12.5px; }
.grid th, .grid td { border: 1px solid #d0d7de; padding: 2px 6px; white-space: nowrap; }
.grid thead th { position: sticky; top: 0; background: #f6f8fa; z-index: 1; max-width: 180px; white-space: normal; }
.grid tr.group th { background: #eaeef2; text-align: left; }
.grid th.clause { text-align: left; font-weight: normal; font-family: ui-monospace, monospace; }
.cell { cursor: pointer; border: 0; background: none; font: inherit; padding: 1px 4px; border-radius: 4px; width: 100%; text-align: left; }
.cell:hover, .cell.selected { outline: 2px solid #0969da; }
.v-pass { color: var(--pass); } .v-known { color: var(--known); } .v-unexpected { color: var(--unexpected); font-weight: 600; }
.v-fixed { color: var(--fixed); } .v-error { color: var(--error); font-weight: 600; } .v-not-run { color: var(--notrun); }
#details { flex: 0 0 46%; max-height: calc(100vh - 150px); overflow: auto; padding: 10px 16px; border-left: 1px solid #d0d7de; }
#details[hidden] { display: none; }
.result { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; margin-bottom: 10px; }
.result h3 { font-size: 13.5px; margin: 0 0 4px; font-family: ui-monospace, monospace; word-break: break-all; }
pre { background: #f6f8fa; padding: 6px 8px; border-radius: 4px; overflow: auto; max-height: 320px; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
table.diffs { border-collapse: collapse; font-size: 12px; width: 100%; }
.diffs td, .diffs th { border: 1px solid #d0d7de; padding: 2px 4px; vertical-align: top; word-break: break-all; font-family: ui-monospace, monospace; }
button.copy { font-size: 11.5px; margin-left: 6px; }
.empty { color: #6e7781; padding: 20px; }
`;

const SCRIPT = `
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(typeof c === "string" ? document.createTextNode(c) : c);
    return e;
  };
  const groups = [...new Set(data.gridRows.map((g) => g.group))];
  const clients = [...new Set(data.lanes.map((l) => l.client))];
  const targets = [...new Set(data.lanes.map((l) => l.target))];
  const fill = (select, values) => { for (const v of values) select.append(el("option", { value: v }, v)); };
  fill($("f-group"), groups); fill($("f-client"), clients); fill($("f-target"), targets); fill($("f-verdict"), data.verdicts);
  const filters = () => ({ group: $("f-group").value, client: $("f-client").value, target: $("f-target").value, verdict: $("f-verdict").value });

  function render() {
    const f = filters();
    const lanes = data.lanes.filter((l) => (!f.client || l.client === f.client) && (!f.target || l.target === f.target));
    const table = $("grid");
    table.textContent = "";
    const head = el("tr", {}, el("th", {}, "clause"));
    for (const l of lanes) head.append(el("th", { title: l.lane }, l.lane));
    table.append(el("thead", {}, head));
    const body = el("tbody", {});
    const shown = new Set();
    let group = null;
    for (const g of data.gridRows) {
      if (f.group && g.group !== f.group) continue;
      const cells = lanes.map((l) => g.cells[l.lane]);
      if (!cells.some((c) => c && (!f.verdict || c.verdict === f.verdict))) continue;
      if (g.group !== group) {
        group = g.group;
        body.append(el("tr", { class: "group" }, el("th", { colSpan: lanes.length + 1 }, group)));
      }
      const tr = el("tr", {}, el("th", { class: "clause", title: g.statement }, g.label));
      lanes.forEach((l, i) => {
        const c = cells[i];
        if (!c || (f.verdict && c.verdict !== f.verdict)) { tr.append(el("td", {})); return; }
        for (const k of c.rows) if (!f.verdict || data.rows[k].verdict === f.verdict || c.verdict === f.verdict) shown.add(k);
        const button = el("button", { class: "cell v-" + c.verdict, title: c.rows.length + " result(s)", "data-grid": g.key, "data-lane": l.lane, "data-verdict": c.verdict }, data.symbols[c.verdict] + " " + c.verdict);
        button.addEventListener("click", () => open(g, l, c, button));
        tr.append(el("td", {}, button));
      });
      body.append(tr);
    }
    table.append(body);
    $("grid-empty").hidden = body.children.length > 0;
    const counts = {};
    for (const v of data.verdicts) counts[v] = 0;
    for (const [k, r] of Object.entries(data.rows)) {
      if (lanes.some((l) => l.lane === r.lane) && (!f.verdict || r.verdict === f.verdict) && (!f.group || shownGroup(r, f.group))) counts[r.verdict]++;
    }
    const bar = $("counts");
    bar.textContent = "";
    for (const v of data.verdicts) bar.append(el("span", { class: "count v-" + v, "data-verdict": v, id: "count-" + v }, data.symbols[v] + " " + counts[v] + " " + v));
  }
  function shownGroup(r, group) {
    if (group === "FUZZ") return r.kind === "fuzz";
    if (group === "LAW") return r.kind === "law";
    return r.clauses.some((c) => c.split("-")[1] === group);
  }
  function copyButton(text) {
    const b = el("button", { class: "copy", type: "button" }, "copy");
    b.addEventListener("click", async () => {
      try { await navigator.clipboard.writeText(text); b.textContent = "copied"; }
      catch { const t = el("textarea", { value: text }); document.body.append(t); t.select(); document.execCommand("copy"); t.remove(); b.textContent = "copied"; }
    });
    return b;
  }
  function block(title, text) {
    return el("div", {}, el("strong", {}, title), copyButton(text), el("pre", {}, text));
  }
  function open(g, lane, cell, button) {
    for (const b of document.querySelectorAll(".cell.selected")) b.classList.remove("selected");
    button.classList.add("selected");
    const d = $("details");
    d.hidden = false;
    d.textContent = "";
    d.append(el("h2", {}, g.label + " — " + lane.lane), el("p", { class: "meta" }, g.statement));
    for (const k of cell.rows) {
      const r = data.rows[k];
      const e = r.evidence;
      const box = el("div", { class: "result", "data-row": k });
      box.append(el("h3", {}, data.symbols[r.verdict] + " " + r.id + " · " + r.verdict), el("div", { class: "meta" }, r.title), el("p", {}, e.message));
      box.append(el("div", { class: "meta" }, "clauses: " + (r.clauses.join(", ") || "none") + (e.seed !== undefined ? " · seed " + e.seed : "") + (e.path !== undefined ? " · path " + e.path : "") + " · " + Math.round(r.durationMs) + " ms"));
      if (e.differences.length) {
        const t = el("table", { class: "diffs" }, el("tr", {}, el("th", {}, "path"), el("th", {}, "expected"), el("th", {}, "observed")));
        for (const x of e.differences) t.append(el("tr", {}, el("td", {}, x.path), el("td", {}, x.expected), el("td", {}, x.observed)));
        box.append(t);
      }
      if (e.fix) box.append(el("p", {}, "fix: " + e.fix));
      if (e.note) box.append(el("p", { class: "meta" }, "note: " + e.note));
      if (e.script) box.append(block("counterexample", e.script));
      if (e.steps) box.append(el("details", {}, el("summary", {}, "steps: inputs and what each returned"), el("pre", {}, e.steps)));
      if (e.repro) box.append(block("repro script (" + (e.reproFile || "repro.ts") + ")", e.repro));
      if (e.replay) box.append(block("replay", e.replay));
      d.append(box);
    }
    d.scrollTop = 0;
  }
  for (const id of ["f-group", "f-client", "f-target", "f-verdict"]) $(id).addEventListener("change", render);
  render();
})();
`;

export function reportHtml(model: ReportModel): string {
  const run = model.run;
  const meta = [
    `run ${run.runId}`,
    new Date(run.startedMs).toISOString(),
    `${(run.durationMs / 1000).toFixed(1)} s`,
    `seed ${run.seeds.join(", ")}`,
    ...(run.shard ? [`shard ${run.shard}`] : []),
    ...run.clients.map((c) => `client ${c.label} (profile ${c.profile})`),
    ...run.targets.map((t) => `target ${t.name}: ${t.version}`),
  ].join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>seekdb referee — ${htmlEscape(run.runId, 200)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1 id="headline">${htmlEscape(headline(model, SYMBOL), 2000)}</h1>
<div class="meta">${htmlEscape(meta, 4000)}</div>
<div class="counts" id="counts"></div>
</header>
<div class="filters">
<label>clause group <select id="f-group"><option value="">all</option></select></label>
<label>client <select id="f-client"><option value="">all</option></select></label>
<label>target <select id="f-target"><option value="">all</option></select></label>
<label>verdict <select id="f-verdict"><option value="">all</option></select></label>
<span class="meta">a cell opens the evidence of its results</span>
</div>
<main>
<div id="grid-wrap"><table class="grid" id="grid"></table><p class="empty" id="grid-empty" hidden>nothing matches these filters</p></div>
<aside id="details" hidden></aside>
</main>
<script type="application/json" id="report-data">${scriptJson(pageData(model))}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
