// The spec's data holds together: clauses are well formed, every clause has a vector, every vector
// cites real clauses, and every profile's divergences match the vectors' overrides both ways.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exactKey } from "../../spec/codec.ts";
import { loadClauses, loadVectors } from "../../spec/load.ts";
import { expectationsFor, PROFILES, SPEC_PROFILE } from "../../spec/profiles.ts";

const clauses = loadClauses();
const vectors = loadVectors();
const clauseIds = new Set(clauses.map((c) => c.id));

describe("clauses", () => {
  it("has at least 30 live clauses with unique stable ids", () => {
    expect(clauses.filter((c) => !c.retired).length).toBeGreaterThanOrEqual(30);
    expect(clauseIds.size).toBe(clauses.length);
  });

  it("covers every group the spec must decide", () => {
    const groups = new Set(clauses.map((c) => c.group));
    for (const g of ["normalisation", "insert-or-update", "values", "embedding-function", "validation", "batch", "atomicity", "relations"]) {
      expect(groups, `group ${g}`).toContain(g);
    }
  });
});

describe("vectors", () => {
  it("has at least 80 cases", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(80);
  });

  it("cite only clauses that exist", () => {
    const unknown = vectors.flatMap((v) => v.clauses.filter((c) => !clauseIds.has(c)).map((c) => `${v.id} → ${c}`));
    expect(unknown).toEqual([]);
  });

  it("cover every live clause (or the clause names the test that covers it, and that test exists)", () => {
    const covered = new Set(vectors.flatMap((v) => v.clauses));
    const uncovered = clauses.filter((c) => !c.retired && !covered.has(c.id) && !c.coveredBy).map((c) => c.id);
    expect(uncovered).toEqual([]);
    for (const c of clauses.filter((x) => x.coveredBy)) {
      const file = join(import.meta.dirname, "..", "..", c.coveredBy!);
      expect(existsSync(file), `${c.id} coveredBy ${c.coveredBy}`).toBe(true);
      expect(readFileSync(file, "utf8"), `${c.coveredBy} names ${c.id}`).toContain(c.id);
    }
  });

  it("exercise the error class of every clause that names one", () => {
    for (const c of clauses.filter((x) => x.error && !x.retired)) {
      const classes = vectors
        .filter((v) => v.clauses.includes(c.id))
        .flatMap((v) => expectationsFor(v, SPEC_PROFILE).expects)
        .flatMap((e) => ("error" in e ? [e.error] : []));
      expect(classes, c.id).toContain(c.error);
    }
  });

  it("keep initial documents non-empty so every client can seed them with add", () => {
    expect(vectors.flatMap((v) => v.initial.filter((r) => r.document === "").map(() => v.id))).toEqual([]);
  });
});

describe.each(PROFILES.filter((p) => p.client !== null))("profile $id", (profile) => {
  const divergentClauses = new Set(profile.divergences.map((d) => d.clause));
  const differs = (v: (typeof vectors)[number]) => exactKey(expectationsFor(v, profile)) !== exactKey(expectationsFor(v, SPEC_PROFILE));
  // Vectors with an override; a read-path divergence changes expectations without one.
  const overridden = vectors.filter((v) => profile.overrides[v.id] !== undefined && differs(v));

  it("overrides only vectors that exist, each changing the spec's expectation", () => {
    const ids = new Set(vectors.map((v) => v.id));
    expect(Object.keys(profile.overrides).filter((id) => !ids.has(id))).toEqual([]);
    const noop = Object.keys(profile.overrides).filter((id) => !overridden.some((v) => v.id === id));
    expect(noop, "overrides equal to the spec's expectation").toEqual([]);
  });

  it("cites only existing clauses, each once", () => {
    for (const d of profile.divergences) expect(clauseIds, d.clause).toContain(d.clause);
    expect(divergentClauses.size).toBe(profile.divergences.length);
  });

  it("names, for every divergence, vectors that override the spec and cite the clause", () => {
    for (const d of profile.divergences) {
      expect(d.repro.length, d.clause).toBeGreaterThan(0);
      for (const id of d.repro) {
        const v = vectors.find((x) => x.id === id);
        expect(v, `${d.clause} repro ${id} exists`).toBeDefined();
        if (d.readPath) {
          // Read through the client, the vector's records come back differently: that is the repro.
          expect(differs(v!), `${d.clause} repro ${id} reads back differently`).toBe(true);
          continue;
        }
        expect(overridden.map((x) => x.id), `${d.clause} repro ${id} overrides the spec`).toContain(id);
        expect(v!.clauses, `${d.clause} repro ${id} cites the clause`).toContain(d.clause);
      }
    }
  });

  it("lists every vector that overrides the spec under some divergence", () => {
    const listed = new Set(profile.divergences.flatMap((d) => d.repro));
    expect(overridden.map((v) => v.id).filter((id) => !listed.has(id))).toEqual([]);
  });

  it("records for every divergence the real seekdb run that confirmed it", () => {
    for (const d of profile.divergences) {
      expect(d.confirmed.server, d.clause).toMatch(/seekdb/);
      expect(Date.parse(d.confirmed.date), d.clause).not.toBeNaN();
    }
  });
});
