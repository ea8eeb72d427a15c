// The mock against a real seekdb, probe by probe. Every difference must be a listed known
// limitation, and every listed limitation must still differ (a fixed one is reported too).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startMockServer, type MockServer } from "../../mock-server/index.ts";
import { sweep } from "../targets/real.ts";
import "../targets/real-context.ts";
import { knownProbeLimitations } from "./known-limitations.ts";
import { PROBES } from "./probes.ts";
import { diffOutcomes, runProbes, type ProbeOutcome } from "./run-probes.ts";

const real = inject("realSeekdb");
const known = knownProbeLimitations();
const prefix = `ref_${real.runId}_fp`;
let mock: MockServer;
let onMock: Map<string, ProbeOutcome>;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  onMock = await runProbes({ host: mock.host, port: mock.port, user: "root", password: "", database: "test" }, prefix);
});
afterAll(async () => {
  await mock?.close();
});

describe("fidelity probe catalogue", () => {
  it("has unique ids, and every probe's setup runs on the mock", () => {
    expect(new Set(PROBES.map((p) => p.id)).size).toBe(PROBES.length);
    const failed = [...onMock].filter(([, o]) => o.kind === "setup-failed").map(([id, o]) => `${id}: ${JSON.stringify(o)}`);
    expect(failed).toEqual([]);
  });

  it("lists only known limitations that name a probe, with a reason", () => {
    for (const k of known) {
      expect(PROBES.map((p) => p.id)).toContain(k.probe);
      expect(k.reason.length).toBeGreaterThan(10);
    }
  });
});

describe.skipIf(!real.available)(`fidelity: mock vs real seekdb${real.available ? ` ${real.version}` : ` (skipped: ${real.reason})`}`, () => {
  let onReal: Map<string, ProbeOutcome>;
  beforeAll(async () => {
    if (!real.available) return;
    try {
      onReal = await runProbes(real.address, prefix);
    } finally {
      await sweep(real.address, prefix);
    }
    // 600 probes, a hundred of them on a table of nine writes: about three minutes on seekdb 1.4
  }, 900_000);

  it("the real server answers every probe's setup", () => {
    const failed = [...onReal].filter(([, o]) => o.kind === "setup-failed").map(([id, o]) => `${id}: ${JSON.stringify(o)}`);
    expect(failed).toEqual([]);
  });

  it(`differs from the mock only in the known limitations (${PROBES.length} probes)`, () => {
    const diffs = diffOutcomes(onMock, onReal);
    const unexpected = diffs.filter((d) => !known.some((k) => k.probe === d.probe));
    const fixed = known.filter((k) => !diffs.some((d) => d.probe === k.probe)).map((k) => `${k.probe} no longer differs: remove it from mock-server/known-limitations.json`);
    expect(unexpected.map((d) => `${d.probe}\n  mock: ${JSON.stringify(d.mock)}\n  real: ${JSON.stringify(d.real)}`)).toEqual([]);
    expect(fixed).toEqual([]);
  });
});
