// The repro scripts run on their own — plain seekdb-js with tsx, plain pyseekdb with python —
// against the mock, and show what the SDK does at each step (here: seekdb-js stores an empty
// document on insert as null, pyseekdb keeps it; both call the embedding function).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../mock-server/index.ts";
import { PROJECT_ROOT } from "../targets/real.ts";
import { reproPythonScript, reproScript } from "./repro.ts";
import type { Sequence } from "./sequence.ts";

const seq: Sequence = {
  collections: [{ dimension: 2, embeddingFunction: "length" }],
  steps: [
    { op: "upsert", c: 0, args: { ids: ["a"], documents: [""], metadatas: [{ k: -0, n: Number.NaN }] } },
    { op: "get", c: 0, ids: ["a"] },
  ],
};
const ctx = { hash: "t3st", headline: "a test repro", step: 0, expected: "x", observed: "y" };
const python = join(PROJECT_ROOT, ".venv", "bin", "python");
let mock: MockServer;
const dir = mkdtempSync(join(tmpdir(), "repro-"));

/** Runs a command without blocking this process's event loop (the mock answers from it). */
function run(cmd: string, args: string[], cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr: stderr || (error?.message ?? "") });
    });
  });
}

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
});

describe("repro scripts", () => {
  it("seekdb-js: the TypeScript repro runs with tsx and prints each step's outcome", async () => {
    // Inside the project, so that `import "seekdb"` resolves as it would in an SDK's repository.
    const file = join(PROJECT_ROOT, "reports", `repro-test-${process.pid}.repro.ts`);
    writeFileSync(file, reproScript(seq, ctx));
    try {
      const r = await run(process.execPath, ["--import", "tsx", file, "--host", "127.0.0.1", "--port", String(mock.port)], PROJECT_ROOT);
      expect(r.status, r.stderr).toBe(0);
      // seekdb-js's upsert of a new id leaves out the falsy "" document (stored as null); the embedding function gets [""].
      expect(r.stdout).toContain('embedding function called with [""]');
      expect(r.stdout).toMatch(/step 1 get on c0: ok .*"documents":\[null\]/);
      expect(r.stdout).toContain("expected at step 0: x");
    } finally {
      rmSync(file, { force: true });
    }
  });

  it.skipIf(!existsSync(python))("pyseekdb: the Python repro runs with the project's python and prints each step's outcome", async () => {
    const file = join(dir, "t3st.repro.py");
    writeFileSync(file, reproPythonScript(seq, ctx));
    const r = await run(python, [file, "--host", "127.0.0.1", "--port", String(mock.port)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("embedding function called with ['']");
    // NaN in metadata: json.dumps writes NaN, which seekdb refuses (3140): the step fails, nothing is written.
    expect(r.stdout).toMatch(/step 0 upsert on c0: .*3140/);
    expect(r.stdout).toContain("expected at step 0: x");
  });
});
