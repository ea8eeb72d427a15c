// ctrf.json: the Common Test Report Format (ctrf.io), specVersion 0.0.0, valid against the schema
// the ctrf npm package ships (reports/schemas/ctrf-schema-0.0.json, checked by a test). Verdicts
// map to CTRF statuses (pass/known → passed, unexpected/error → failed, not-run → skipped,
// fixed → other) with the verdict kept as rawStatus; SDK versions, server VERSION(), seeds and
// durations are in the environment and extra blocks.
import { randomUUID } from "node:crypto";
import { arch, platform, release } from "node:os";
import { evidenceText } from "./junit.ts";
import type { ReportModel, ReportRow, ReportVerdict } from "./model.ts";
import { clip, visibleCodePoints } from "./text.ts";

export const CTRF_SPEC_VERSION = "0.0.0";

type Status = "passed" | "failed" | "skipped" | "pending" | "other";

const STATUS: Readonly<Record<ReportVerdict, Status>> = { pass: "passed", known: "passed", unexpected: "failed", error: "failed", "not-run": "skipped", fixed: "other" };

/** Strings in CTRF are JSON strings: valid UTF-8 once written, so lone surrogates are spelled out. */
const text = (s: string, max = 100_000) => visibleCodePoints(clip(s, max));
const ms = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

function test(model: ReportModel, r: ReportRow) {
  const client = model.run.clients.find((c) => c.label === r.client);
  const target = model.run.targets.find((t) => t.name === r.target);
  return {
    name: text(r.kind === "vector" ? `${r.id} · ${r.lane}` : r.kind === "fuzz" ? `fuzz campaign · ${r.lane}` : `law ${r.id} · ${r.lane}`, 2000),
    status: STATUS[r.verdict],
    rawStatus: r.verdict,
    duration: ms(r.durationMs),
    suite: [r.kind === "vector" ? "vectors" : r.kind === "fuzz" ? "fuzz" : "laws", text(r.client, 500), text(r.target, 500)],
    type: r.kind,
    ...(r.verdict !== "pass" ? { message: text(r.evidence.message, 4000) } : {}),
    ...(r.verdict === "unexpected" || r.verdict === "error" || r.verdict === "fixed" ? { trace: text(evidenceText(r)) } : {}),
    tags: r.clauses.map((c) => text(c, 200)),
    labels: {
      verdict: r.verdict,
      client: text(r.client, 500),
      target: text(r.target, 500),
      ...(client ? { "sdk.version": text(client.version, 200) } : {}),
      ...(target ? { "server.version": text(target.version, 500) } : {}),
      ...(r.evidence.seed !== undefined ? { seed: text(r.evidence.seed, 100) } : {}),
    },
    extra: {
      title: text(r.title, 2000),
      ...(r.evidence.replay ? { replay: text(r.evidence.replay, 4000) } : {}),
      ...(r.evidence.path !== undefined ? { path: text(r.evidence.path, 4000) } : {}),
      ...(r.evidence.reproFile ? { reproFile: text(r.evidence.reproFile, 4000) } : {}),
    },
  };
}

export function ctrfReport(model: ReportModel, now = new Date()) {
  const run = model.run;
  const tests = model.rows.map((r) => test(model, r));
  const count = (s: Status) => tests.filter((t) => t.status === s).length;
  const start = ms(run.startedMs);
  return {
    reportFormat: "CTRF" as const,
    specVersion: CTRF_SPEC_VERSION,
    reportId: randomUUID(),
    runId: text(run.runId, 200) || "unknown-run",
    timestamp: now.toISOString(),
    generatedBy: "seekdb-referee",
    results: {
      tool: { name: "seekdb-referee", version: text(run.toolVersion, 100) },
      summary: {
        tests: tests.length,
        passed: count("passed"),
        failed: count("failed"),
        skipped: count("skipped"),
        pending: 0,
        other: count("other"),
        suites: model.lanes.length,
        start,
        stop: start + ms(run.durationMs),
        duration: ms(run.durationMs),
        extra: { verdicts: model.counts, exitCode: run.exitCode, verdict: text(run.verdictLine, 2000) },
      },
      tests,
      environment: {
        reportName: text(`seekdb-referee ${run.runId}`, 300),
        appName: "seekdb-referee",
        appVersion: text(run.toolVersion, 100),
        ...(run.commit ? { commit: text(run.commit, 100) } : {}),
        osPlatform: platform(),
        osRelease: release(),
        ...(run.shard ? { shardId: text(run.shard, 50) } : {}),
        testEnvironment: text(run.targets.map((t) => t.name).join(", "), 300),
        extra: {
          node: process.version,
          arch: arch(),
          seeds: run.seeds,
          sdks: run.clients.map((c) => ({ client: text(c.label, 300), name: text(c.name, 100), version: text(c.version, 100), source: text(c.source, 2000), profile: text(c.profile, 200) })),
          servers: run.targets.map((t) => ({ target: text(t.name, 100), version: text(t.version, 500), source: text(t.source, 2000) })),
        },
      },
    },
  };
}

export const ctrfJson = (model: ReportModel, now?: Date): string => `${JSON.stringify(ctrfReport(model, now), null, 2)}\n`;
