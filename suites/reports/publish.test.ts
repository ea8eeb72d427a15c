// A run directory appears whole, reports/out/latest follows the newest run (a symlink, or a copy
// where the file system refuses symlinks), and only the newest --keep runs stay.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishRun, pruneRuns, REPORT_FILES, updateLatest } from "../../reports/publish.ts";

const results = (runId: string) => ({ runId, startedAt: "2026-01-01T00:00:00.000Z", durationMs: 1, seed: 1, targets: [], summary: { exitCode: 0, verdict: "ok", counts: {}, clients: [] }, cases: [], fuzz: [], laws: [] });
const id = (n: number) => `r202601010000${String(n).padStart(2, "0")}_abcdef`;

describe("publishing a run", () => {
  it("writes every report into root/<run-id>, points latest at it and keeps the newest N", () => {
    const root = join(mkdtempSync(join(tmpdir(), "referee-publish-")), "out"); // as on a fresh clone: no root yet
    mkdirSync(root, { recursive: true });
    mkdirSync(join(root, "not-a-run"));
    for (let n = 1; n <= 4; n++) {
      const p = publishRun(results(id(n)), { root, keep: 2 });
      expect(p.dir).toBe(join(root, id(n)));
      for (const f of REPORT_FILES) expect(existsSync(join(p.dir, f)), f).toBe(true);
      expect(lstatSync(join(root, "latest")).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(root, "latest"))).toBe(id(n));
      expect(JSON.parse(readFileSync(join(root, "latest", "results.json"), "utf8")).runId).toBe(id(n));
    }
    expect(readdirSync(root).sort()).toEqual([id(3), id(4), "latest", "not-a-run"].sort());
  });

  it("copies the run to latest where symlinks fail, and replaces that copy next time", () => {
    const root = mkdtempSync(join(tmpdir(), "referee-publish-"));
    for (const n of [1, 2]) {
      mkdirSync(join(root, id(n)));
      writeFileSync(join(root, id(n), "results.json"), JSON.stringify({ runId: id(n) }));
      const how = updateLatest(root, id(n), () => {
        throw new Error("EPERM: symlinks not allowed here");
      });
      expect(how).toBe("copy");
      expect(lstatSync(join(root, "latest")).isDirectory()).toBe(true);
      expect(JSON.parse(readFileSync(join(root, "latest", "results.json"), "utf8")).runId).toBe(id(n));
    }
    // And back to a symlink on a file system that has them.
    expect(updateLatest(root, id(1))).toBe("symlink");
    expect(readlinkSync(join(root, "latest"))).toBe(id(1));
  });

  it("--out writes exactly there and leaves latest and other runs alone; nothing half-written stays behind", () => {
    const parent = mkdtempSync(join(tmpdir(), "referee-publish-"));
    const out = join(parent, "mine");
    publishRun(results(id(1)), { outDir: out });
    expect(readdirSync(parent)).toEqual(["mine"]);
    expect(readdirSync(out).sort()).toEqual([...REPORT_FILES].sort());
  });

  it("never prunes the run it just wrote, nor directories that are not runs", () => {
    const root = mkdtempSync(join(tmpdir(), "referee-publish-"));
    for (const name of [id(1), id(2), "notes", "r2026_bad"]) mkdirSync(join(root, name));
    expect(pruneRuns(root, 1, id(1))).toEqual([]);
    expect(readdirSync(root).sort()).toEqual([id(1), id(2), "notes", "r2026_bad"].sort());
  });
});
