// junit.xml: one <testsuite> per lane (client × target), one <testcase> per vector, fuzz campaign and
// law. unexpected → <failure>, error → <error>, not-run → <skipped>; known and fixed pass (they do
// not fail a run) and say so in <system-out>. A failure carries the evidence: the shrunk
// counterexample, the differences and the command that replays it. Valid against the Jenkins
// xunit-plugin junit-10.xsd (reports/schemas/junit-10.xsd, checked by a test).
import { hostname } from "node:os";
import type { ReportModel, ReportRow } from "./model.ts";
import { xmlEscape, xmlText } from "./text.ts";

/** Seconds with up to three decimals, as the schema's SUREFIRE_TIME pattern allows (no exponent). */
const seconds = (ms: number) => (Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : "0.000");

/** Dots split a JUnit classname into package and class: keep them for the hierarchy only. */
const classPart = (s: string) => s.replace(/[.\s]+/g, "_");

export function evidenceText(r: ReportRow): string {
  const e = r.evidence;
  const lines = [`${r.verdict}: ${e.message}`, `clauses: ${r.clauses.join(", ") || "none"}`, `lane: ${r.lane}`];
  if (e.seed !== undefined) lines.push(`seed: ${e.seed}${e.path !== undefined ? `, path: ${e.path}` : ""}`);
  if (e.differences.length > 0) {
    lines.push("differences (expected → observed):");
    for (const d of e.differences.slice(0, 20)) lines.push(`  ${d.path}: ${d.expected} → ${d.observed}`);
    if (e.differences.length > 20) lines.push(`  … ${e.differences.length - 20} more`);
  }
  if (e.script) lines.push("counterexample:", ...e.script.split("\n").map((l) => `  ${l}`));
  if (e.fix) lines.push(`fix: ${e.fix}`);
  if (e.note) lines.push(`note: ${e.note}`);
  if (e.reproFile) lines.push(`repro script: ${e.reproFile}`);
  if (e.replay) lines.push(`replay: ${e.replay}`);
  return lines.join("\n");
}

function testcase(r: ReportRow): string {
  const name = r.kind === "vector" ? `${r.id} [${r.clauses.join(", ")}]` : r.kind === "fuzz" ? `fuzz campaign on ${r.target}` : `law ${r.id}`;
  const classname = [r.kind === "vector" ? "vectors" : r.kind === "fuzz" ? "fuzz" : "laws", classPart(r.client), classPart(r.target)].join(".");
  const open = `    <testcase name="${xmlEscape(name, 2000)}" classname="${xmlEscape(classname, 2000)}" time="${seconds(r.durationMs)}">`;
  const body = evidenceText(r);
  const message = xmlEscape(r.evidence.message, 1000);
  switch (r.verdict) {
    case "unexpected":
      return `${open}\n      <failure type="unexpected" message="${message}">${xmlText(body, 200_000)}</failure>\n    </testcase>`;
    case "error":
      return `${open}\n      <error type="error" message="${message}">${xmlText(body, 200_000)}</error>\n    </testcase>`;
    case "not-run":
      return `${open}\n      <skipped type="not-run" message="${message}"/>\n    </testcase>`;
    case "pass":
      return `${open}</testcase>`;
    default:
      // known and fixed pass; what they mean is in the output.
      return `${open}\n      <system-out>${xmlText(body, 200_000)}</system-out>\n    </testcase>`;
  }
}

export function junitXml(model: ReportModel): string {
  const run = model.run;
  const host = xmlEscape(hostname());
  const suites = model.lanes.map((lane) => {
    const rows = model.rows.filter((r) => r.lane === lane);
    const count = (v: string) => rows.filter((r) => r.verdict === v).length;
    const first = rows[0]!;
    const target = run.targets.find((t) => t.name === first.target);
    const client = run.clients.find((c) => c.label === first.client);
    const properties = [
      ["client", first.client],
      ...(client ? [["client.source", client.source], ["profile", client.profile]] : []),
      ["target", first.target],
      ...(target ? [["server.version", target.version], ["server.source", target.source]] : []),
      ["seed", run.seeds.join(",")],
      ["run", run.runId],
    ];
    return [
      `  <testsuite name="${xmlEscape(lane)}" tests="${rows.length}" failures="${count("unexpected")}" errors="${count("error")}" skipped="${count("not-run")}" time="${seconds(rows.reduce((s, r) => s + r.durationMs, 0))}" timestamp="${xmlEscape(run.startedAt)}" hostname="${host}">`,
      `    <properties>`,
      ...properties.map(([k, v]) => `      <property name="${xmlEscape(k)}" value="${xmlEscape(v, 2000)}"/>`),
      `    </properties>`,
      ...rows.map(testcase),
      `  </testsuite>`,
    ].join("\n");
  });
  const total = (v: string) => model.rows.filter((r) => r.verdict === v).length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="seekdb-referee ${xmlEscape(run.runId)}" tests="${model.rows.length}" failures="${total("unexpected")}" errors="${total("error")}" time="${seconds(run.durationMs)}">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}
