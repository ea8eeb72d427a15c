// Every report format, from a real run on the model and from odd data: junit.xml valid against
// the Jenkins junit-10.xsd (xmllint compiled to WebAssembly), ctrf.json valid against the CTRF
// schema (ajv, draft-07 with formats), matrix.md and index.html with what a person needs; no writer
// throws on undefined, NaN, wrong types, lone surrogates, control characters or 2 MB strings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { ctrfJson } from "../../reports/ctrf.ts";
import { reportHtml } from "../../reports/html.ts";
import { junitXml } from "../../reports/junit.ts";
import { matrixMarkdown } from "../../reports/matrix-md.ts";
import { reportModel, type ReportModel } from "../../reports/model.ts";
import { modelOf } from "../../reports/publish.ts";
import { PROJECT_ROOT } from "../targets/real.ts";
import { modelRunResults, withOddRows } from "./fixtures.ts";

const SCHEMAS = join(PROJECT_ROOT, "reports", "schemas");
const junitXsd = readFileSync(join(SCHEMAS, "junit-10.xsd"), "utf8");
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validateCtrf = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, "ctrf-schema-0.0.json"), "utf8")));

async function junitErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: "junit.xml", contents: xml }], schema: [{ fileName: "junit-10.xsd", contents: junitXsd }], maxMemoryPages: 16384 });
  return r.errors.map((e) => e.rawMessage);
}

let real: ReportModel;
let odd: ReportModel;
beforeAll(async () => {
  const results = await modelRunResults();
  real = modelOf(results);
  odd = modelOf(withOddRows(results));
}, 60_000);

describe("junit.xml", () => {
  it("is valid against junit-10.xsd, for a real run and for odd data; the validator does refuse a broken document", async () => {
    expect(await junitErrors(junitXml(real))).toEqual([]);
    const xml = junitXml(odd);
    expect(await junitErrors(xml)).toEqual([]);
    // The check can fail: a testcase without its required name is refused.
    expect((await junitErrors(xml.replace(/<testcase name="[^"]*"/, "<testcase"))).join("\n")).toMatch(/name/);
  }, 60_000);

  it("has one testcase per vector × lane, fuzz campaign and law, and failures with their evidence", () => {
    const xml = junitXml(odd);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(odd.rows.length);
    expect((xml.match(/<failure /g) ?? []).length).toBe(odd.counts.unexpected);
    expect((xml.match(/<error /g) ?? []).length).toBe(odd.counts.error);
    expect((xml.match(/<skipped /g) ?? []).length).toBe(odd.counts["not-run"]);
    const fuzzFailure = xml.slice(xml.indexOf('<testcase name="fuzz campaign on mock"'));
    expect(fuzzFailure).toMatch(/<failure type="unexpected"/);
    expect(fuzzFailure).toContain("counterexample:");
    expect(fuzzFailure).toContain("replay: npm start -- replay 0123456789ab");
    // What XML cannot hold is spelled out, not dropped or left raw.
    expect(xml).toContain("\\uD800");
    expect(xml).not.toMatch(/[\u0001\u0008\uD800]/);
    expect(xml).not.toContain("<script>");
  });
});

describe("ctrf.json", () => {
  it("is valid against the CTRF schema, and the schema does refuse a broken report", () => {
    for (const model of [real, odd]) {
      const report = JSON.parse(ctrfJson(model));
      expect(validateCtrf(report), JSON.stringify(validateCtrf.errors)).toBe(true);
    }
    const broken = JSON.parse(ctrfJson(real));
    broken.results.tests[0].status = "known";
    expect(validateCtrf(broken)).toBe(false);
  });

  it("carries the SDK versions, the servers' VERSION(), seeds and durations", () => {
    const report = JSON.parse(ctrfJson(odd));
    expect(report.results.summary.tests).toBe(odd.rows.length);
    expect(report.results.summary.failed).toBe(odd.counts.unexpected + odd.counts.error);
    expect(report.results.environment.extra.sdks[0]).toMatchObject({ name: "seekdb-js", version: "1.4.0" });
    expect(report.results.environment.extra.servers.map((s: { version: string }) => s.version)).toContain("reference model");
    expect(report.results.environment.extra.seeds).toEqual([7]);
    expect(report.results.tests.every((t: { duration: number }) => Number.isInteger(t.duration) && t.duration >= 0)).toBe(true);
  });
});

describe("matrix.md", () => {
  it("starts with the one-line verdict, then the grid, then each unexpected divergence with its replay command", () => {
    const md = matrixMarkdown(odd);
    const lines = md.split("\n");
    expect(odd.counts.unexpected).toBe(2);
    expect(odd.counts.error).toBe(5);
    expect(lines[0]).toMatch(/^\*\*❌ 2 unexpected divergence\(s\), 5 could not run — /);
    expect(md).toContain("| UPSERT-NORM-007 |");
    expect(md).toContain("### Unexpected divergences (7)");
    expect(md).toContain("npm start -- replay 0123456789ab");
    expect(md).toMatch(/npm start -- --vector 'odd-<script>/);
    expect(md).toContain("### Fixed: the profile expects a divergence that no longer happens (1)");
    expect(md.length).toBeLessThan(1_000_000);
    expect(matrixMarkdown(real).split("\n")[0]).toMatch(/^\*\*✅ no unexpected divergence — \d+ results/);
  });
});

describe("index.html", () => {
  it("is one file with its data embedded, which no string in the data can end early", () => {
    const html = reportHtml(odd);
    expect(html).not.toMatch(/<(link|img|iframe)\b|src=|href=/);
    expect(html.match(/<\/script>/g)?.length).toBe(2);
    const json = html.slice(html.indexOf('id="report-data">') + 17, html.indexOf("</script>"));
    const data = JSON.parse(json) as { rows: Record<string, unknown> };
    expect(Object.keys(data.rows).length).toBe(odd.rows.length);
  });
});

describe("the writers never throw", () => {
  const shapes: unknown[] = [undefined, null, 42, "text", [], {}, { cases: "nope", fuzz: [null], laws: [{}] }, { summary: { clients: [null, { label: 7 }] }, targets: "x", startedAt: "not a date", durationMs: Number.NaN }];
  it.each(shapes.map((s, i) => [i, s] as const))("odd results #%i", (_i, shape) => {
    const model = reportModel(shape);
    expect(() => [junitXml(model), ctrfJson(model), matrixMarkdown(model), reportHtml(model)]).not.toThrow();
  });
});
