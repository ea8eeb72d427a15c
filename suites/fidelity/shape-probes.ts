// One fidelity probe per captured statement shape on a collection table (statement-shapes.json):
// the example statement the SDK sent, on a probe table holding the rows the method scenarios
// write (METHOD_WRITES), so every such shape is compared mock against real as sent.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ShapeCatalog, ShapeEntry } from "./capture-shapes.ts";

/** The collection table of an example: seekdb-js's c$v2$<id>, also backquoted and qualified. */
const COLLECTION = /(?:`test`\.)?`c\$v2\$[0-9a-f]{32}`|c\$v2\$[0-9a-f]{32}/g;

export function shapeCatalog(): ShapeCatalog {
  return JSON.parse(readFileSync(join(import.meta.dirname, "statement-shapes.json"), "utf8")) as ShapeCatalog;
}

/** Shapes a generated probe can send as they are: on a collection table, not cut short. */
export function probedAsSent(s: ShapeEntry): boolean {
  return !s.example.endsWith("…") && /c\$v2\$[0-9a-f]{32}/.test(s.example);
}

export interface ShapeProbeSpec {
  readonly id: string;
  readonly description: string;
  /** The example with its collection table as `{t}`. */
  readonly sql: string;
  /** CREATE TABLE shapes run on no table; the rest on the scenario's rows. */
  readonly createsTable: boolean;
  /** A vector search: its probe refreshes the vector index first, as the index is asynchronous (UPSERT-ATOM-005). */
  readonly searchesVectors: boolean;
}

export function shapeProbeSpecs(catalog: ShapeCatalog = shapeCatalog()): ShapeProbeSpec[] {
  return catalog.shapes.flatMap((s, i) =>
    probedAsSent(s)
      ? [{ id: `shape-${s.client}-${i}`, description: `${s.client} ${s.methods.slice(0, 3).join(", ")}: as sent`, sql: s.example.replace(COLLECTION, (m) => (m.endsWith("`") ? "`{t}`" : "{t}")), createsTable: /^\s*CREATE TABLE/i.test(s.example), searchesVectors: s.owner === "query" }]
      : [],
  );
}
