// The "done when" of issue 10: every public client, admin and collection method of each SDK, run
// with the same inputs on the mock and on real seekdb, gives the same results, except the steps
// mock-server/known-limitations.json lists (each with the fidelity probe that shows the limit).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startMockServer, type MockServer } from "../../mock-server/index.ts";
import { sweep } from "../targets/real.ts";
import "../targets/real-context.ts";
import { compareMethodRuns, describeDifference, knownMethodDifferences, type ParityVerdict } from "./method-parity.ts";
import { runPyseekdbMethods } from "./pyseekdb-methods.ts";
import { runSeekdbJsMethods, type MethodRun } from "./seekdb-js-methods.ts";

const real = inject("realSeekdb");
const known = knownMethodDifferences();
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
});


const clients: [string, (address: Parameters<typeof runSeekdbJsMethods>[0], prefix: string) => Promise<MethodRun>][] = [
  ["seekdb-js", runSeekdbJsMethods],
  ["pyseekdb", runPyseekdbMethods],
];

describe.skipIf(!real.available)("method parity: the mock against real seekdb", () => {
  for (const [client, run] of clients) {
    it(`${client}: every public method gives real seekdb's result on the mock, or a listed limit`, async () => {
      if (!real.available) return;
      // the same names on both servers, so results that name them compare
      const prefix = `ref_${real.runId}_mp${client === "pyseekdb" ? "p" : "j"}`;
      const onMock = await run({ host: mock.host, port: mock.port, user: "root", password: "", database: "test" }, prefix);
      const onReal = await run(real.address, prefix).finally(() => sweep(real.address, prefix));
      const verdict: ParityVerdict = compareMethodRuns(client, onMock, onReal, known);
      expect(onReal.steps.some((s) => s.step === "(aborted)"), "the scenario ran to its end on real seekdb").toBe(false);
      expect(verdict.unexpected.map(describeDifference)).toEqual([]);
      expect(verdict.fixed.map((k) => `${k.client} ${k.step} no longer differs: remove it from known-limitations.json`)).toEqual([]);
      console.log(`${client}: ${verdict.steps} steps, ${verdict.steps - verdict.differences.length} agree, ${verdict.differences.length} listed limits (${verdict.differences.map((d) => d.step).join("; ")})`);
    }, 600_000);
  }
});
