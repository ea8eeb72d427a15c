// seekdb's JSON column: parse without losing integers (bigint) or the int/double distinction, and
// print the way seekdb 1.4 prints (measured): keys sorted by UTF-8 length then bytes, ", " and
// ": " separators, doubles with ".0" when whole and exponents outside 1e-15..1e15.
import { invalidJson } from "../sql/errors.ts";
import { formatDecimal } from "./numbers.ts";

/** bigint = JSON integer, number = JSON double; objects keep one value per key (the last). */
export type JsonNode = null | boolean | bigint | number | string | JsonNode[] | Map<string, JsonNode>;

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

const BARE_KEY = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/** A JSON number at the current position (sticky: no slicing). */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class JsonParser {
  i = 0;
  constructor(readonly s: string) {}
  ws(): void {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i]!)) this.i++;
  }
  value(depth: number): JsonNode {
    if (depth > 100) throw invalidJson();
    this.ws();
    const c = this.s[this.i];
    if (c === "{") {
      this.i++;
      const out = new Map<string, JsonNode>();
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      for (;;) {
        this.ws();
        // seekdb also takes a bare word as a key ({a:1} reads as {"a": 1}; measured).
        let key: string;
        if (this.s[this.i] === '"') key = this.string();
        else {
          BARE_KEY.lastIndex = this.i;
          const m = BARE_KEY.exec(this.s);
          if (!m) throw invalidJson();
          key = m[0];
          this.i += key.length;
        }
        this.ws();
        if (this.s[this.i] !== ":") throw invalidJson();
        this.i++;
        out.delete(key); // a repeated key takes the last value and its position
        out.set(key, this.value(depth + 1));
        this.ws();
        if (this.s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (this.s[this.i] === "}") {
          this.i++;
          return out;
        }
        throw invalidJson();
      }
    }
    if (c === "[") {
      this.i++;
      const out: JsonNode[] = [];
      this.ws();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value(depth + 1));
        this.ws();
        if (this.s[this.i] === ",") {
          this.i++;
          continue;
        }
        if (this.s[this.i] === "]") {
          this.i++;
          return out;
        }
        throw invalidJson();
      }
    }
    if (c === '"') return this.string();
    if (this.s.startsWith("true", this.i)) return (this.i += 4), true;
    if (this.s.startsWith("false", this.i)) return (this.i += 5), false;
    if (this.s.startsWith("null", this.i)) return (this.i += 4), null;
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m || m[0].length === 0) throw invalidJson();
    this.i += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = BigInt(m[0]);
      if (n >= INT64_MIN && n <= UINT64_MAX) return n;
    }
    const d = Number(m[0]);
    if (!Number.isFinite(d)) throw invalidJson();
    return d;
  }
  string(): string {
    this.i++; // opening quote
    let out = "";
    for (;;) {
      if (this.i >= this.s.length) throw invalidJson();
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) throw invalidJson();
      if (c === "\\") {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
          continue;
        }
        if (e === "u") {
          const hex = this.s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw invalidJson();
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
          continue;
        }
        throw invalidJson();
      }
      out += c;
      this.i++;
    }
  }
}

export function parseJson(text: string): JsonNode {
  const p = new JsonParser(text);
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) throw invalidJson();
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
