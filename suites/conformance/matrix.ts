// The conformance matrix the test files share: every vector on every lane, and a bounded
// differential fuzz of each client on its targets, with one assertion each — the verdict is pass
// or known. The vector loop and the fuzz loop live in suites/runner and suites/fuzz; this only
// turns their results into vitest tests.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadVectors } from "../../spec/load.ts";
import { SPEC_PROFILE } from "../../spec/profiles.ts";
import { openClient, type Client, type ClientSpec } from "../clients.ts";
import { fuzzClient } from "../fuzz/campaign.ts";
import { closeGroup, fuzzGroupOf, lanesOf, type Lane } from "../lanes.ts";
import { FC_SEED } from "../properties/settings.ts";
import { runCase } from "../runner/run-vector.ts";
import type { TargetSession } from "../targets/sessions.ts";

const vectors = loadVectors();
// not-run carries its reason (a client that cannot express the input) and is printed, never counted as a pass.
const ACCEPTED = ["pass", "known", "not-run"];

export interface MatrixTarget {
  readonly name: string;
  open(): Promise<TargetSession>;
}

/** One `it` per vector per lane of the target, judged by the lane's profile. */
export function vectorTests(target: MatrixTarget, clientSpecs: readonly ClientSpec[], prefix: string): void {
  let session: TargetSession;
  let clients: Client[];
  let lanes: Lane[] = [];
  beforeAll(async () => {
    session = await target.open();
    clients = await Promise.all(clientSpecs.map(openClient));
    lanes = await lanesOf(session, clients);
  });
  afterAll(async () => {
    for (const l of lanes) await l.driver.close().catch(() => undefined);
    await session?.close();
  });
  const laneNames = target.name === "model" ? ["the spec's model", ...clientSpecs.map((c) => `the model of ${c.name}'s profile`)] : clientSpecs.map((c) => `${c.name}${c.dir ? ` from ${c.dir}` : ""}`);
  for (const [k, laneName] of laneNames.entries()) {
    describe(laneName, () => {
      it.each(vectors.map((v, n) => [v.id, v, n] as const))("%s", async (_id, v, n) => {
        const lane = lanes[k]!;
        const r = await runCase(lane.driver, lane.profile, SPEC_PROFILE, v, `${prefix}_${k}_${n}`);
        const shown = r.error ?? JSON.stringify((r.profileDifferences ?? r.specDifferences).filter((d) => d.kind === "mismatch"), null, 1);
        expect(ACCEPTED, `${lane.client} on ${lane.target}: ${r.verdict}${r.fix ? ` — ${r.fix}` : ""}\n${shown}`).toContain(r.verdict);
      });
    });
  }
}

/**
 * A bounded differential fuzz of each client on the targets (fixed seed, FC_SEED to change it);
 * failures go to a temporary failure database and are printed with their script and replay hint.
 */
export function fuzzTests(targets: readonly MatrixTarget[], clientSpecs: readonly ClientSpec[], opts: { runs: number; prefix: string; timeoutMs: number }): void {
  for (const spec of clientSpecs) {
    it(
      `differential fuzz of ${spec.name} on ${targets.map((t) => t.name).join(" + ")} (${opts.runs} sequences, seed ${FC_SEED})`,
      async () => {
        const sessions: TargetSession[] = [];
        const client = await openClient(spec);
        try {
          for (const t of targets) sessions.push(await t.open());
          const group = await fuzzGroupOf(client, sessions.filter((s) => s.address));
          try {
            const results = await fuzzClient(client, group, sessions.map((s) => ({ name: s.name, version: s.version })), {
              seed: FC_SEED,
              runs: opts.runs,
              prefix: opts.prefix,
              failuresDir: mkdtempSync(join(tmpdir(), "referee-failures-")),
              replay: false,
            });
            for (const r of results) {
              const f = r.failure;
              const detail = f
                ? `step ${f.step} (${f.clauses.join(", ")}), seed ${r.seed}\n${f.script}\n${JSON.stringify(f.differences).slice(0, 2000)}\nsaved ${f.file}; replay: npm start -- replay ${f.file}`
                : (r.error ?? r.note ?? "");
              expect(ACCEPTED, `${r.client} on ${r.target}: ${r.verdict}\n${detail}`).toContain(r.verdict);
            }
            // Every sequence was drawn and judged (no failure cut the search short), queries among the steps.
            for (const r of results) expect(r.sequences, `${r.target}: sequences drawn`).toBe(opts.runs);
            for (const r of results) expect(r.queries, `${r.client} on ${r.target}: queries compared`).toBeGreaterThan(0);
            console.log(results.map((r) => `${r.client} on ${r.target}: ${r.verdict}, ${r.sequences} sequences, ${r.steps} steps, ${r.queries} queries`).join("\n"));
          } finally {
            await closeGroup(group);
          }
        } finally {
          for (const s of sessions.reverse()) await s.close();
        }
      },
      opts.timeoutMs,
    );
  }
}
