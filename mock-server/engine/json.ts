// seekdb's JSON column: parse without losing integers (bigint) or the int/double distinction, and
// print the way seekdb 1.4 prints (measured): keys sorted by UTF-8 length then bytes, ", " and
// ": " separators, doubles with ".0" when whole and exponents outside 1e-15..1e15.
import { invalidJson, invalidJsonArgument, type SqlError } from "../sql/errors.ts";
import { scanJsonNumber } from "./json-number.ts";
import { formatDecimal } from "./numbers.ts";

/** bigint = JSON integer, number = JSON double; objects keep one value per key (the last). */
export type JsonNode = null | boolean | bigint | number | string | JsonNode[] | Map<string, JsonNode>;

/** How a statement reads JSON text: how deep it may nest, whether bare-word keys pass, and its errors. */
export interface JsonReading {
  /** Arrays and objects that may be open at once (measured: 101 for a JSON column and CAST, 100 for JSON_VALID). */
  readonly maxDepth: number;
  /** seekdb's column parser takes `{a:1}` as `{"a": 1}`; JSON_VALID does not (measured). */
  readonly bareKeys: boolean;
  readonly invalid: () => SqlError;
  readonly tooDeep: () => SqlError;
}

/** JSON text stored into a JSON column: 3140 for anything it refuses, nesting included. */
export const INTO_COLUMN: JsonReading = { maxDepth: 101, bareKeys: true, invalid: invalidJson, tooDeep: invalidJson };
/** JSON text as a function's argument (CAST(.. AS JSON), JSON_EXTRACT): the same parser, 3141. */
export const AS_ARGUMENT: JsonReading = { ...INTO_COLUMN, invalid: invalidJsonArgument, tooDeep: invalidJsonArgument };

const BARE_KEY = /[A-Za-z_$][A-Za-z0-9_$]*/y;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

const isHighSurrogate = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number) => u >= 0xdc00 && u <= 0xdfff;

class JsonParser {
  i = 0;
  private depth = 0;
  constructor(
    readonly s: string,
    private readonly reading: JsonReading,
  ) {}
  ws(): void {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i]!)) this.i++;
  }
  /** Enters an array or object: seekdb refuses text nested deeper than its limit. */
  private open(): void {
    if (++this.depth > this.reading.maxDepth) throw this.reading.tooDeep();
    this.i++;
  }
  value(): JsonNode {
    this.ws();
    const c = this.s[this.i];
    if (c === "{") {
      this.open();
      const out = new Map<string, JsonNode>();
      this.ws();
      if (this.s[this.i] === "}") return this.close(out);
      for (;;) {
        this.ws();
        const key = this.key();
        this.ws();
        if (this.s[this.i] !== ":") throw this.reading.invalid();
        this.i++;
        out.delete(key); // a repeated key takes the last value and its position
        out.set(key, this.value());
        this.ws();
        if (this.s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (this.s[this.i] === "}") return this.close(out);
        throw this.reading.invalid();
      }
    }
    if (c === "[") {
      this.open();
      const out: JsonNode[] = [];
      this.ws();
      if (this.s[this.i] === "]") return this.close(out);
      for (;;) {
        out.push(this.value());
        this.ws();
        if (this.s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (this.s[this.i] === "]") return this.close(out);
        throw this.reading.invalid();
      }
    }
    if (c === '"') return this.string();
    if (this.s.startsWith("true", this.i)) return (this.i += 4), true;
    if (this.s.startsWith("false", this.i)) return (this.i += 5), false;
    if (this.s.startsWith("null", this.i)) return (this.i += 4), null;
    const n = scanJsonNumber(this.s, this.i);
    if (!n) throw this.reading.invalid();
    this.i = n.end;
    return n.value;
  }
  private close<T extends JsonNode>(container: T): T {
    this.depth--;
    this.i++;
    return container;
  }
  /** An object key: a string, or (where seekdb allows it) a bare word. */
  private key(): string {
    if (this.s[this.i] === '"') return this.string();
    BARE_KEY.lastIndex = this.i;
    const m = this.reading.bareKeys ? BARE_KEY.exec(this.s) : null;
    if (!m) throw this.reading.invalid();
    this.i += m[0].length;
    return m[0];
  }
  string(): string {
    this.i++; // opening quote
    let out = "";
    for (;;) {
      if (this.i >= this.s.length) throw this.reading.invalid();
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) throw this.reading.invalid();
      if (c !== "\\") {
        out += c;
        this.i++;
        continue;
      }
      const e = this.s[this.i + 1];
      if (e !== undefined && e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
        this.i += 2;
        continue;
      }
      if (e !== "u") throw this.reading.invalid();
      const unit = this.unicodeEscape();
      // An escaped surrogate must be a high one followed by an escaped low one (measured: seekdb
      // refuses "\ud800", "\udc00" and "\ud800x" with 3140, and stores "\ud83d\ude00" as 😀).
      if (isLowSurrogate(unit)) throw this.reading.invalid();
      out += String.fromCharCode(unit);
      if (isHighSurrogate(unit)) {
        if (this.s[this.i] !== "\\" || this.s[this.i + 1] !== "u") throw this.reading.invalid();
        const low = this.unicodeEscape();
        if (!isLowSurrogate(low)) throw this.reading.invalid();
        out += String.fromCharCode(low);
      }
    }
  }
  /** The code unit of a `\uXXXX` escape at the current position. */
  private unicodeEscape(): number {
    const hex = this.s.slice(this.i + 2, this.i + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.reading.invalid();
    this.i += 6;
    return parseInt(hex, 16);
  }
}

/** The JSON document in `text`, read as `reading` says (by default as a JSON column stores it). */
export function parseJson(text: string, reading: JsonReading = INTO_COLUMN): JsonNode {
  const p = new JsonParser(text, reading);
  const v = p.value();
  p.ws();
  if (p.i !== text.length) throw reading.invalid();
  return v;
}

const utf8Length = (s: string) => Buffer.byteLength(s, "utf8");

/** seekdb's key order: shorter keys (in UTF-8 bytes) first, then bytewise. */
export function compareKeys(a: string, b: string): number {
  const la = utf8Length(a);
  const lb = utf8Length(b);
  if (la !== lb) return la - lb;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A JSON double as seekdb prints it: shortest round-trip digits, ".0" when whole. */
export function formatJsonDouble(d: number): string {
  return formatDecimal(d, undefined, true);
}

export function printJson(v: JsonNode): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return formatJsonDouble(v);
  if (typeof v === "string") return quote(v);
  if (Array.isArray(v)) return `[${v.map(printJson).join(", ")}]`;
  const keys = [...v.keys()].sort(compareKeys);
  return `{${keys.map((k) => `${quote(k)}: ${printJson(v.get(k)!)}`).join(", ")}}`;
}
