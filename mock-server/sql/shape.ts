// A statement's shape: its text with the literals left out, and the literals in order, in one pass
// of the lexer without building tokens. Statements of one shape differ only in their literals.
import type { Literal } from "./ast.ts";
import { queryWasEmpty } from "./errors.ts";
import { scan, type TokenSink } from "./lexer.ts";

class ShapeSink implements TokenSink {
  shape = "";
  readonly params: Literal[] = [];
  tokens = 0;
  private last = 0;
  constructor(private readonly sql: string) {}
  ident(): void {
    this.tokens++;
  }
  /**
   * The text between literals is kept verbatim, each piece prefixed by its length so that no text
   * can pass for a literal marker: equal shapes mean equal statements up to their literals.
   */
  literal(kind: "string" | "number" | "hex", value: string | Buffer, start: number, end: number): void {
    const between = this.sql.slice(this.last, start);
    this.shape += `${between.length}:${between}${kind === "string" ? "s" : kind === "number" ? "n" : "h"}`;
    this.last = end;
    this.params.push(kind === "hex" ? { t: "hex", v: value as Buffer } : { t: kind, v: value as string });
    this.tokens++;
  }
  punct(value: string): void {
    if (value !== ";") this.tokens++;
  }
  variable(): void {
    this.tokens++;
  }
  finish(): void {
    const rest = this.sql.slice(this.last);
    this.shape += `${rest.length}:${rest}`;
  }
}

/** The shape of `sql` and its literals, in the order and with the values the parser gives them. */
export function shapeOf(sql: string): { readonly shape: string; readonly params: readonly Literal[] } {
  const sink = new ShapeSink(sql);
  scan(sql, sink);
  if (sink.tokens === 0) throw queryWasEmpty();
  sink.finish();
  return sink;
}
