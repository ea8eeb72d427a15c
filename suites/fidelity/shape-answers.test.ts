// Without a real server: each captured read (a SELECT from a collection table), sent as the SDK
// sent it (shape-probes.ts), answers rows on the mock when real seekdb answered it rows when
// captured (statement-shapes.json keeps real seekdb's answers per shape). Writes and hybrid
// search's GET_SQL answer by the rows and names a probe runs on, so the fidelity run judges them. It catches an engine change that turns a statement the
// SDKs send into an error before the fidelity run on a real seekdb does (a MATCH in WHERE once
// answered 1191 after two branches met).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer } from "../../mock-server/index.ts";
import { limitedProbeIds } from "./known-limitations.ts";
import { PROBES } from "./probes.ts";
import { runProbes, type ProbeOutcome } from "./run-probes.ts";
import { shapeCatalog, shapeProbeSpecs } from "./shape-probes.ts";

const answerOf = (o: ProbeOutcome): string => (o.kind === "error" ? `error ${o.errno}` : o.kind === "setup-failed" ? `setup failed: ${o.statement}: ${o.error}` : o.kind);

describe("captured shapes on the mock", () => {
  let mock: Awaited<ReturnType<typeof startMockServer>>;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, vectorIndexLagMs: 0 });
  });
  afterAll(async () => {
    await mock.close();
  });

  it("each read real seekdb answered with rows answers rows (the listed mock limits aside)", async () => {
    const catalog = shapeCatalog();
    const limits = limitedProbeIds();
    const byId = new Map(catalog.shapes.map((s, i) => [`shape-${s.client}-${i}`, s]));
    const isRead = (id: string) => {
      const s = byId.get(id)!;
      return /^\s*SELECT\b/i.test(s.example) && !/DBMS_HYBRID_SEARCH/i.test(s.example) && s.answers.includes("rows") && !limits.has(id);
    };
    const ids = new Set(shapeProbeSpecs(catalog).map((s) => s.id).filter(isRead));
    expect(ids.size).toBeGreaterThan(40);
    const outcomes = await runProbes({ host: "127.0.0.1", port: mock.port, user: "root", password: "", database: "test" }, `shapes_${process.pid}`, PROBES.filter((p) => ids.has(p.id)));
    expect(outcomes.size).toBe(ids.size);
    const wrong = [...outcomes].flatMap(([id, o]) => {
      const real = byId.get(id)!.answers;
      return real.includes(answerOf(o)) ? [] : [`${id} (${byId.get(id)!.methods[0]}): mock ${answerOf(o)}${o.kind === "error" ? ` ${o.message}` : ""}; real seekdb: ${real.join(", ")}`];
    });
    expect(wrong).toEqual([]);
  }, 120_000);
});
