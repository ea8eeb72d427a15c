// The template fast path reads a statement exactly as the full lexer does, or declines it.
import { fc, test } from "@fast-check/vitest";
import mysql from "mysql2";
import { describe, expect } from "vitest";
import { shapeOf } from "./parser.ts";
import { TemplateIndex } from "./templates.ts";

const seed = process.env.FC_SEED && process.env.FC_SEED !== "random" ? Number(process.env.FC_SEED) : 20261124;
const params = { seed, numRuns: Number(process.env.FC_RUNS ?? 500) };

const FORMS = [
  "SELECT _id, document, metadata, embedding FROM `c$v2$abc` WHERE (_id = CAST(? AS BINARY) OR _id = CAST(? AS BINARY))",
  "INSERT INTO `c$v2$abc` (_id, document, metadata, embedding) VALUES (CAST(? AS BINARY), ?, ?, ?)",
  "UPDATE `c$v2$abc` SET document = ?, metadata = ? WHERE _id = CAST(? AS BINARY)",
  "SELECT _id FROM `c$v2$abc` WHERE JSON_EXTRACT(metadata, '$.k') >= ? LIMIT ? OFFSET ?",
  "SELECT _id FROM `c$v2$abc` WHERE _id = ?abc OR 1=?",
  "DELETE FROM `c$v2$abc` WHERE (_id = CAST(? AS BINARY)) -- 'not a literal' ?",
] as const;

const value = fc.oneof(
  fc.string({ unit: fc.oneof(fc.constantFrom("'", '"', "\\", "\0", "\n", "😀", "X", "0x1"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 12 }),
  fc.integer({ min: -1000, max: 100000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
);

const statement = fc.tuple(fc.nat({ max: FORMS.length - 1 }), fc.array(value, { minLength: 4, maxLength: 4 })).map(([f, vs]) => {
  const form = FORMS[f]!;
  const n = form.split("?").length - 1;
  return mysql.format(form, vs.slice(0, n));
});

describe("template fast path", () => {
  test.prop([statement, statement], params)("matches only statements of the same shape, with the lexer's literals", (a, b) => {
    let sa;
    try {
      sa = shapeOf(a);
    } catch {
      return; // not a statement the lexer reads; nothing to template
    }
    const index = new TemplateIndex<string>();
    index.add(a, sa.spans, sa.shape);
    const hit = index.match(b, () => true);
    if (!hit) return;
    const sb = shapeOf(b);
    expect(hit.plan).toBe(sb.shape);
    expect(hit.params).toEqual(sb.params);
  });

  test.prop([statement], params)("always matches a statement against its own template", (a) => {
    let sa;
    try {
      sa = shapeOf(a);
    } catch {
      return;
    }
    const index = new TemplateIndex<string>();
    index.add(a, sa.spans, sa.shape);
    const hit = index.match(a, () => true);
    if (a.length >= 16 && (sa.spans.length === 0 || sa.spans[0]![0] >= 16) && !sa.spans.some(([s, , k]) => k === "hex" && a[s] === "0")) {
      expect(hit?.params).toEqual(sa.params);
    }
  });
});
