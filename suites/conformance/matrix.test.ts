// The unit half of the matrix: the model under every profile and the installed seekdb-js on the
// mock (started in this process); the fuzz also runs pyseekdb (through its harness) when the
// project's .venv has it. No real server: suites/conformance/matrix.real.test.ts has that.
import { describe } from "vitest";
import { defaultClientSpecs, type ClientSpec } from "../clients.ts";
import { newRunId } from "../runner/run-id.ts";
import { openTarget } from "../targets/sessions.ts";
import { fuzzTests, vectorTests, type MatrixTarget } from "./matrix.ts";

const clients: ClientSpec[] = [{ name: "seekdb-js" }];
const prefix = `ref_${newRunId()}`;
const target = (name: "model" | "mock"): MatrixTarget => ({ name, open: () => openTarget(name, { prefix, allowRemote: false }) });

describe("vectors on the model", () => vectorTests(target("model"), clients, `${prefix}_m`));
describe("vectors through seekdb-js on the mock", () => vectorTests(target("mock"), clients, `${prefix}_v`));
describe("fuzz", () => fuzzTests([target("model"), target("mock")], defaultClientSpecs().specs, { runs: 150, prefix: `${prefix}_f`, timeoutMs: 240_000 }));
