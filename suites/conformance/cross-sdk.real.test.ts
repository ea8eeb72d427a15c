// The cross-SDK matrix on real seekdb and on the mock: every (writer, reader) pair of seekdb-js and
// pyseekdb agrees, or differs exactly as spec/cross-sdk.json lists (each with clause and why); and
// the mock shows the very same cells as real seekdb.
import { describe, expect, inject, it } from "vitest";
import { openClient } from "../clients.ts";
import { crossSdkMatrix, type CrossSdkCell } from "../runner/cross-sdk.ts";
import { sweep } from "../targets/real.ts";
import "../targets/real-context.ts";
import { openTarget } from "../targets/sessions.ts";

const real = inject("realSeekdb");
const shape = (cells: readonly CrossSdkCell[]) =>
  cells.map((c) => ({ writer: c.writer, reader: c.reader, verdict: c.verdict, differences: c.differences.map((d) => `${d.id}.${d.field}`).sort(), notWritten: c.notWritten.map((n) => n.id) }));

describe.skipIf(!real.available)("cross-SDK write/read matrix", () => {
  it("on real seekdb every pair agrees or differs as listed, and the mock shows the same cells", async () => {
    if (!real.available) return;
    const clients = [await openClient({ name: "seekdb-js" }), await openClient({ name: "pyseekdb" })];
    const prefix = `ref_${real.runId}_xs`;
    const onReal = await crossSdkMatrix(clients, { name: "real", version: real.version, source: real.source, address: real.address, close: async () => undefined }, `${prefix}_r`).finally(() => sweep(real.address, prefix));
    const mock = await openTarget("mock", { prefix, allowRemote: false });
    const onMock = await crossSdkMatrix(clients, mock, `${prefix}_m`).finally(() => mock.close());
    for (const c of onReal) {
      const detail = c.error ?? JSON.stringify(c.differences.map((d) => ({ id: d.id, field: d.field, clauses: d.clauses, writer: d.writer, reader: d.reader }))).slice(0, 2000);
      expect(["pass", "known"], `${c.writer} → ${c.reader} on real: ${c.verdict}: ${detail}`).toContain(c.verdict);
    }
    expect(onReal.length).toBe(4);
    expect(shape(onMock)).toEqual(shape(onReal));
  }, 300_000);
});
