import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { firstInOrder } from "./first-in-order.ts";

// Items with many ties: the tag tells which of equal keys came first.
const items = fc.array(fc.record({ key: fc.integer({ min: -5, max: 5 }), tag: fc.nat() }), { maxLength: 200 });
const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

test.prop([items, fc.integer({ min: 0, max: 210 })], { seed: 20261126, numRuns: 500 })("equals the first n of a stable sort, ties in their input order", (xs, keep) => {
  expect(firstInOrder(xs, byKey, keep)).toEqual([...xs].sort(byKey).slice(0, keep));
});
