// The tree's promises: the mock server stands alone (no import from suites/), the model does no
// I/O (no node: modules, no network or file access in spec/model/).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const imports = (file: string) => [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);

describe("architecture", () => {
  it("mock-server/ imports nothing from suites/", () => {
    const bad = sources(join(root, "mock-server")).flatMap((f) => imports(f).filter((i) => i.includes("suites/")).map((i) => `${relative(root, f)} → ${i}`));
    expect(bad).toEqual([]);
  });

  it("spec/model/ is pure: no node built-ins, no drivers", () => {
    const bad = sources(join(root, "spec", "model")).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith("node:") || ["fs", "net", "http", "child_process", "mysql2", "seekdb"].includes(i) || i.includes("suites/") || i.includes("mock-server/"))
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    expect(bad).toEqual([]);
  });
});
