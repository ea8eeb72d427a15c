// The benchmark's one table (printed, and saved as Markdown) and its plot: throughput against
// batch size for each server, as SVG with log scales on both axes.

export interface Row {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  /** How it was measured, or the target a ratio is held to and whether it was met. */
  readonly note: string;
}

const number = (v: number, unit: string) => (unit === "ratio" ? v.toFixed(2) : v >= 100 ? Math.round(v).toLocaleString("en") : v.toPrecision(3));

export function tableText(rows: readonly Row[]): string {
  const w = Math.max(...rows.map((r) => r.what.length));
  return rows.map((r) => `${r.what.padEnd(w)}  ${number(r.value, r.unit).padStart(12)} ${r.unit.padEnd(12)} ${r.note}`).join("\n");
}

export function tableMarkdown(rows: readonly Row[], heading: string): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  return [heading, "", "| measurement | value | unit | how / target |", "| --- | ---: | --- | --- |", ...rows.map((r) => `| ${cell(r.what)} | ${number(r.value, r.unit)} | ${r.unit} | ${cell(r.note)} |`), ""].join("\n");
}

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly { x: number; y: number }[];
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A log-log line plot of `series` (x: batch size, y: ids/s). */
export function plotSvg(series: readonly Series[], title: string): string {
  const W = 720, H = 440, left = 80, right = 220, top = 40, bottom = 60;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter((y) => y > 0);
  const x0 = Math.floor(Math.log10(Math.min(...xs))), x1 = Math.ceil(Math.log10(Math.max(...xs)));
  const y0 = Math.floor(Math.log10(Math.min(...ys))), y1 = Math.ceil(Math.log10(Math.max(...ys)));
  const px = (x: number) => left + ((Math.log10(x) - x0) / Math.max(1, x1 - x0)) * (W - left - right);
  const py = (y: number) => H - bottom - ((Math.log10(y) - y0) / Math.max(1, y1 - y0)) * (H - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ];
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="#ddd"/>`, `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${(10 ** e).toLocaleString("en")}</text>`);
  }
  for (let e = x0; e <= x1; e++) {
    const x = px(10 ** e);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${H - bottom}" stroke="#ddd"/>`, `<text x="${x}" y="${H - bottom + 18}" text-anchor="middle">${(10 ** e).toLocaleString("en")}</text>`);
  }
  out.push(
    `<text x="${(left + W - right) / 2}" y="${H - 18}" text-anchor="middle">ids per upsert call (batch size)</text>`,
    `<text transform="translate(18 ${(top + H - bottom) / 2}) rotate(-90)" text-anchor="middle">ids upserted per second</text>`,
    `<rect x="${left}" y="${top}" width="${W - left - right}" height="${H - top - bottom}" fill="none" stroke="#888"/>`,
  );
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => p.y > 0).map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`);
    out.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    for (const p of pts) out.push(`<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="3" fill="${s.color}"/>`);
    const ly = top + 14 + i * 20;
    out.push(`<line x1="${W - right + 12}" y1="${ly - 4}" x2="${W - right + 36}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`, `<text x="${W - right + 42}" y="${ly}">${escape(s.label)}</text>`);
  });
  out.push("</svg>", "");
  return out.join("\n");
}
