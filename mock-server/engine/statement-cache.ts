// The mock's one cache: parsed statements by shape (their text with the literals left out). The
// SDKs send a handful of shapes with new literals each time, so most statements skip the parser
// and are only scanned for their literals. A statement is reused only when the literals its
// meaning depends on beyond their values (LIMIT 5, LIKE 'x', select labels) are the same.
// statement-cache.test.ts checks that results and errors are the same with and without it.
//
// Measured on 2 busy shared cores, best of 15-16 rounds alternating with and without it in one
// process: the engine alone (suites/bench/engine-bench.ts) does 97,900 SELECT-by-id + INSERT
// pairs/s with it and 50,100 without (1.95×); seekdb-js through the mock does 9,800 upserts/s
// with it and 7,800 without (1.26×). The mock's other caches made no difference measurable
// through seekdb-js and were removed: a template index in front of this one (+20% for the engine
// alone), per-statement memos (replaced by a column-name index per table) and encoded column
// definitions (replaced by one-allocation encoding).
import type { Literal, Statement } from "../sql/ast.ts";
import { parse } from "../sql/parser.ts";
import { shapeOf } from "../sql/shape.ts";

interface Entry {
  readonly statement: Statement;
  /** The literals (slot and key) the statement was parsed with where its meaning depends on them. */
  readonly fixed: readonly (readonly [number, string])[];
}

export class StatementCache {
  private readonly byShape = new Map<string, Entry>();
  private chars = 0;

  /**
   * Beyond this many shapes, or this many characters of them, the cache starts again empty: a
   * client inventing shapes cannot grow it without bound, not even with 16 MiB comments.
   */
  constructor(
    private readonly capacity = 5000,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  /** Characters of the shapes held (what the cache's size is bounded by, with their count). */
  get heldChars(): number {
    return this.chars;
  }

  /** The statement `sql` holds and its literals. Throws SqlError as the parser does. */
  read(sql: string): { readonly statement: Statement; readonly params: readonly Literal[] } {
    let scanned: ReturnType<typeof shapeOf>;
    try {
      scanned = shapeOf(sql);
    } catch {
      return parse(sql); // text that is no token: the parser reports it, or an error before it
    }
    const { shape, params } = scanned;
    const known = this.byShape.get(shape);
    if (known && known.fixed.every(([slot, key]) => literalKey(params[slot]!) === key)) return { statement: known.statement, params };
    const parsed = parse(sql);
    if (this.byShape.size >= this.capacity || this.chars + shape.length > this.maxChars) {
      this.byShape.clear();
      this.chars = 0;
    }
    if (shape.length > this.maxChars) return parsed;
    this.chars += shape.length;
    this.byShape.set(shape, { statement: parsed.statement, fixed: [...parsed.fixed].map((slot) => [slot, literalKey(params[slot]!)]) });
    return parsed;
  }
}

function literalKey(l: Literal): string {
  switch (l.t) {
    case "hex":
      return `h${l.v.toString("hex")}`;
    case "string":
      return `s${l.v}`;
    case "number":
      return `n${l.v}`;
    case "bool":
      return `b${l.v}`;
    case "null":
      return "null";
  }
}
