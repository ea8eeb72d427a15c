// The real half of the matrix: every vector and a bounded differential fuzz through each client —
// seekdb-js in this process, pyseekdb through its harness — on a real seekdb (the one the global
// setup started or SEEKDB_HOST names), with the mock and the models beside it. pyseekdb needs the
// project's .venv, which the global setup creates with the real seekdb.
import { describe, inject } from "vitest";
import type { ClientSpec } from "../clients.ts";
import { sweep } from "../targets/real.ts";
import "../targets/real-context.ts";
import { openTarget } from "../targets/sessions.ts";
import { fuzzTests, vectorTests, type MatrixTarget } from "./matrix.ts";

const real = inject("realSeekdb");
const clients: ClientSpec[] = [{ name: "seekdb-js" }, { name: "pyseekdb" }];
const prefix = `ref_${real.runId}_mx`;

const realTarget: MatrixTarget = {
  name: "real",
  open: async () => {
    if (!real.available) throw new Error(real.reason);
    const address = real.address;
    return { name: "real", version: real.version, source: real.source, address, close: async () => void (await sweep(address, prefix)) };
  },
};
const mockTarget: MatrixTarget = { name: "mock", open: () => openTarget("mock", { prefix, allowRemote: false }) };

describe.skipIf(!real.available)(`real seekdb${real.available ? ` ${real.version}` : ` (skipped: ${real.reason})`}`, () => {
  describe("vectors on real seekdb", () => vectorTests(realTarget, clients, `${prefix}_v`));
  describe("vectors through pyseekdb on the mock", () => vectorTests(mockTarget, [{ name: "pyseekdb" }], `${prefix}_pm`));
  describe("fuzz, mock and real side by side", () => fuzzTests([mockTarget, realTarget], clients, { runs: 40, prefix: `${prefix}_f`, timeoutMs: 900_000 }));
});
