// A fast path for statements the mock has seen before with other literals: the text between the
// literals must match a known statement exactly, and only the literals are lexed. It yields the
// same literals the full lexer would (a failed match simply falls back to it), so a statement
// means the same whichever path read it (checked in templates.test.ts).
import type { Literal } from "./ast.ts";
import { readQuoted } from "./lexer.ts";

export type LiteralKind = "string" | "number" | "hex";

/** Statements are indexed by their first characters; shorter ones take the full path. */
const HEAD = 16;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const HEX_DIGITS = /^[0-9a-fA-F]*$/;
/** Templates kept per head: statements that differ in a literal their plan depends on (LIMIT 5, LIMIT 6) each have one. */
const PER_HEAD = 32;

export interface Template<P> {
  /** Text before each literal, then the text after the last one. */
  readonly segments: readonly string[];
  readonly kinds: readonly LiteralKind[];
  readonly plan: P;
}

export class TemplateIndex<P> {
  private readonly byHead = new Map<string, Template<P>[]>();
  private size = 0;

  constructor(private readonly capacity = 5000) {}

  /**
   * Remembers `sql` as a template. `spans` are its literals' [start, end) from the full lexer.
   * Only X'..' hex literals are templated (0x.. has other rules): a 0x literal opts out.
   */
  add(sql: string, spans: readonly (readonly [number, number, LiteralKind])[], plan: P): void {
    if (sql.length < HEAD || (spans.length > 0 && spans[0]![0] < HEAD)) return;
    if (spans.some(([s, , k]) => k === "hex" && sql[s] === "0")) return;
    const segments: string[] = [];
    let last = 0;
    for (const [start, end] of spans) {
      segments.push(sql.slice(last, start));
      last = end;
    }
    segments.push(sql.slice(last));
    if (this.size >= this.capacity) {
      this.byHead.clear();
      this.size = 0;
    }
    const head = sql.slice(0, HEAD);
    const list = this.byHead.get(head) ?? [];
    list.unshift({ segments, kinds: spans.map(([, , k]) => k), plan });
    if (list.length > PER_HEAD) list.pop();
    else this.size++;
    this.byHead.set(head, list);
  }

  /** The plan of a known statement (one `accept` takes for these literals) and its literals. */
  match(sql: string, accept: (plan: P, params: readonly Literal[]) => boolean): { plan: P; params: Literal[] } | undefined {
    if (sql.length < HEAD) return undefined;
    const list = this.byHead.get(sql.slice(0, HEAD));
    if (!list) return undefined;
    for (const t of list) {
      const params = bind(sql, t);
      if (params && accept(t.plan, params)) return { plan: t.plan, params };
    }
    return undefined;
  }
}

function bind(sql: string, t: Template<unknown>): Literal[] | undefined {
  const params: Literal[] = [];
  let pos = 0;
  for (let k = 0; k < t.kinds.length; k++) {
    const seg = t.segments[k]!;
    if (!sql.startsWith(seg, pos)) return undefined;
    pos += seg.length;
    switch (t.kinds[k]) {
      case "string": {
        const c = sql.charCodeAt(pos);
        if (c !== 39 && c !== 34) return undefined;
        let value: string;
        try {
          [value, pos] = readQuoted(sql, pos);
        } catch {
          return undefined;
        }
        params.push({ t: "string", v: value });
        break;
      }
      case "number": {
        NUMBER.lastIndex = pos;
        const m = NUMBER.exec(sql);
        if (!m) return undefined;
        params.push({ t: "number", v: m[0] });
        pos += m[0].length;
        break;
      }
      case "hex": {
        const c = sql[pos];
        if ((c !== "X" && c !== "x") || sql[pos + 1] !== "'") return undefined;
        const end = sql.indexOf("'", pos + 2);
        if (end < 0) return undefined;
        const hex = sql.slice(pos + 2, end);
        if (hex.length % 2 !== 0 || !HEX_DIGITS.test(hex)) return undefined;
        params.push({ t: "hex", v: Buffer.from(hex, "hex") });
        pos = end + 1;
        break;
      }
    }
  }
  const tail = t.segments[t.segments.length - 1]!;
  if (pos + tail.length !== sql.length || !sql.endsWith(tail)) return undefined;
  return params;
}
