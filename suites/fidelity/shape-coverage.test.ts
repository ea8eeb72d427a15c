// Every statement shape both SDKs send (statement-shapes.json) has a fidelity probe: a generated
// one that sends the example as the SDK sent it (shape-probes.ts), or a hand-written probe whose
// statement has the same shape up to the names of tables and databases.
import { describe, expect, it } from "vitest";
import { statementShape } from "./capture-proxy.ts";
import { limitedProbeIds } from "./known-limitations.ts";
import { PROBES } from "./probes.ts";
import { probedAsSent, shapeCatalog } from "./shape-probes.ts";

/** A shape with every table and database name as T: probes run on their own names. */
export const coverageKey = (sql: string) =>
  statementShape(sql.replace(/\{(t2|t|T|d2|d|D)\}/g, "ref_r1_x"))
    .replace(/`[^`]*`/g, "`T`")
    .replace(/c\$v[12]\$<id>|<name>|\bc\$v1\$\?|\bsdk_collections\b/g, "`T`")
    .replace(/`T`\.`T`/g, "`T`");

/**
 * Shapes no probe can send as they are (the catalog keeps the first 600 characters of hybrid
 * search's knn + full-text fusion: a join of two searches) that a listed mock limit stands for.
 */
const STANDS_FOR_LIMIT: Readonly<Record<string, string>> = { "seekdb-js #54": "select-limit-join", "pyseekdb #124": "select-limit-join" };

describe("statement-shape coverage", () => {
  const catalog = shapeCatalog();
  const probeIds = new Set(PROBES.map((p) => p.id));
  const keys = new Set(PROBES.flatMap((p) => [p.sql, ...(p.setup ?? [])]).map(coverageKey));

  it("every captured shape has a fidelity probe", () => {
    const limits = limitedProbeIds();
    const uncovered = catalog.shapes.flatMap((s, i) => {
      const limit = STANDS_FOR_LIMIT[`${s.client} #${i}`];
      if (limit !== undefined) return probeIds.has(limit) && limits.has(limit) && s.example.endsWith("…") ? [] : [`${s.client} #${i}: ${limit} is no listed limit probe, or the shape can be sent now`];
      if (probedAsSent(s)) return probeIds.has(`shape-${s.client}-${i}`) ? [] : [`${s.client} #${i}: generated probe missing`];
      return keys.has(coverageKey(s.example)) ? [] : [`${s.client} ${s.methods.join(", ")}: ${coverageKey(s.example).slice(0, 200)}`];
    });
    expect(uncovered).toEqual([]);
  });

  it("fails for a shape no probe has", () => {
    expect(keys.has(coverageKey("SELECT nosuch_column FROM sdk_collections WHERE x = 'a'"))).toBe(false);
    expect(keys.has(coverageKey("SHOW TABLES LIKE 'c$v1$ref_r2_x_c'"))).toBe(true);
  });
});
