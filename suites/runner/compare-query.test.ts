// The query comparison's rules (compare.ts), each on a case that must pass and one that must not:
// order up to ties, any tied candidate in the last places, candidates without a place anywhere or
// left out, distances exact with a float32-sized band reported as tolerance, fields as included.
import { describe, expect, it } from "vitest";
import type { QueryHit, QueryRanking } from "../../spec/model/types.ts";
import { compareDistance, compareRanking, hasMismatch } from "./compare.ts";

const hit = (id: string, distance: number | null): QueryHit => ({ id, distance });
/** a at 1; b, c, d tied at 2; e at 3. */
const TIES: QueryRanking = { nResults: 3, ranked: [hit("a", 1), hit("b", 2), hit("c", 2), hit("d", 2), hit("e", 3)] };
const ids = (...xs: string[]) => xs.map((id) => hit(id, { a: 1, b: 2, c: 2, d: 2, e: 3, z: null }[id] ?? null));

describe("compareRanking", () => {
  it("takes the nearest first and any of a tie, in any order, for the last places", () => {
    expect(compareRanking("q", TIES, ids("a", "b", "c"))).toEqual([]);
    expect(compareRanking("q", TIES, ids("a", "d", "b"))).toEqual([]);
    expect(compareRanking("q", { ...TIES, nResults: 4 }, ids("a", "d", "c", "b"))).toEqual([]);
  });

  it("refuses a farther record before a nearer one, a missing nearest one, or the wrong count", () => {
    expect(hasMismatch(compareRanking("q", TIES, ids("b", "a", "c")))).toBe(true);
    expect(hasMismatch(compareRanking("q", TIES, ids("b", "c", "d")))).toBe(true);
    expect(hasMismatch(compareRanking("q", { ...TIES, nResults: 5 }, ids("a", "b", "c", "e", "d")))).toBe(true);
    expect(hasMismatch(compareRanking("q", TIES, ids("a", "b")))).toBe(true);
    expect(hasMismatch(compareRanking("q", TIES, ids("a", "b", "b")))).toBe(true);
  });

  it("lets a candidate without a place stand anywhere or be left out, and nothing else", () => {
    const r: QueryRanking = { nResults: 3, ranked: [hit("a", 1), hit("b", 2), hit("e", 3), { id: "z", distance: null, unordered: true }] };
    expect(compareRanking("q", r, ids("z", "a", "b"))).toEqual([]);
    expect(compareRanking("q", r, ids("a", "b", "e"))).toEqual([]);
    expect(hasMismatch(compareRanking("q", r, ids("a", "z", "e")))).toBe(true);
  });

  it("compares the fields the expectation has, and only those", () => {
    const r: QueryRanking = { nResults: 1, ranked: [{ id: "a", distance: 1, document: "", metadata: null }] };
    expect(compareRanking("q", r, [{ id: "a", distance: 1, document: "", metadata: null }])).toEqual([]);
    expect(compareRanking("q", r, [{ id: "a", distance: 1, document: null, metadata: null }]).map((d) => d.path)).toEqual(['q["a"].document']);
    expect(compareRanking("q", r, [{ id: "a", distance: 1, document: "" }]).map((d) => d.path)).toEqual(['q["a"].metadata']);
  });
});

describe("compareDistance", () => {
  it("is exact, reports a difference of a few float32 roundings as tolerance, and refuses the rest", () => {
    expect(compareDistance("d", 9.154916711800277, 9.154916711800277)).toEqual([]);
    expect(compareDistance("d", 9.154916711800277, 9.154916711800276)[0]!.kind).toBe("tolerance");
    expect(compareDistance("d", 1, 1 + 2 ** -21)[0]!.kind).toBe("tolerance");
    expect(compareDistance("d", 1, 1 + 2 ** -17)[0]!.kind).toBe("mismatch");
    expect(compareDistance("d", null, 0)[0]!.kind).toBe("mismatch");
  });
});
