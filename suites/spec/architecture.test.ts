// The tree's promises: the mock server stands alone (nothing from spec/ or suites/) and its layers
// import one way, entry points (index.ts, cli.ts) → protocol → engine → sql; the model does no I/O
// (no node: modules, no network or file access in spec/model/). Imports are read by TypeScript's
// own pre-processor, so every form counts: `import`, `import type`, `export ... from`, side-effect
// imports and dynamic `import()`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const mock = join(root, "mock-server");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every module specifier a source file names. */
const specifiers = (text: string) => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

/** A relative specifier as the absolute path it names; a bare one (a package, node:) as it is. */
const target = (file: string, specifier: string) => (specifier.startsWith(".") ? resolve(dirname(file), specifier) : specifier);

const under = (path: string, dir: string) => path.startsWith(dir + sep);

/** The mock's layers, top to bottom: its entry points (index.ts, cli.ts), protocol/, engine/, sql/. A layer may import its own and lower ones. */
const LAYERS = ["protocol", "engine", "sql"] as const;
function layerOf(path: string): number {
  if (dirname(path) === mock) return 0;
  const i = LAYERS.findIndex((l) => under(path, join(mock, l)));
  return i < 0 ? -1 : i + 1;
}

/** "file → specifier" for each import of `file` (named `text`) that breaks the mock's rules. */
function mockViolations(file: string, text: string): string[] {
  const from = layerOf(file);
  return specifiers(text)
    .filter((s) => {
      const to = target(file, s);
      if (under(to, join(root, "spec")) || under(to, join(root, "suites"))) return true;
      return from >= 0 && layerOf(to) >= 0 && layerOf(to) < from;
    })
    .map((s) => `${relative(root, file)} → ${s}`);
}

describe("architecture", () => {
  it("mock-server/ imports nothing from spec/ or suites/, and its layers import only downwards (index/cli → protocol → engine → sql)", () => {
    const bad = sources(mock).flatMap((f) => mockViolations(f, readFileSync(f, "utf8")));
    expect(bad).toEqual([]);
  });

  it("the import rules see every form of import (checked on deliberately bad sources)", () => {
    const sqlFile = join(mock, "sql", "example.ts");
    const engineFile = join(mock, "engine", "example.ts");
    const bad = [
      [sqlFile, 'import { Engine } from "../engine/engine.ts";'],
      [sqlFile, 'import type { ExecResult } from "../engine/result.ts";'],
      [sqlFile, 'export { resultSet } from "../protocol/packets.ts";'],
      [sqlFile, 'export * from "../engine/values.ts";'],
      [sqlFile, 'import "../engine/catalog.ts";'],
      [sqlFile, 'const m = await import("../engine/values.ts");'],
      [sqlFile, 'let t: import("../engine/catalog.ts").Table;'],
      [engineFile, 'import { startSession } from "../protocol/session.ts";'],
      [engineFile, 'import { Engine } from "../index.ts";'],
      [engineFile, 'import { PROBES } from "../../suites/fidelity/probes.ts";'],
      [engineFile, 'import clauses from "../../spec/clauses.json";'],
    ] as const;
    for (const [file, text] of bad) expect(mockViolations(file, text), text).toHaveLength(1);
    expect(mockViolations(engineFile, 'import { parse } from "../sql/parser.ts";\n// import "../protocol/session.ts";')).toEqual([]);
  });

  it("spec/model/ is pure: no node built-ins, no drivers", () => {
    const bad = sources(join(root, "spec", "model")).flatMap((f) =>
      specifiers(readFileSync(f, "utf8"))
        .filter((i) => i.startsWith("node:") || ["fs", "net", "http", "child_process", "mysql2", "seekdb"].includes(i) || i.includes("suites/") || i.includes("mock-server/"))
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    expect(bad).toEqual([]);
  });
});
