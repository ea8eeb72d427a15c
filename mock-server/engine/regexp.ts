// REGEXP, RLIKE and REGEXP_LIKE as seekdb 1.4 answers them (measured, probes regexp-*): ICU's
// dialect — POSIX classes, \p{..}, \Q..\E, Unicode \w \d \b, `$` before a final line break, `.`
// that stops at every line terminator — case-insensitive under utf8mb4_general_ci unless a flag or
// binary operands say otherwise, and seekdb's errors for bad patterns (5811, 5812, 5813, 1139
// naming ICU's status). A pattern is translated to a JavaScript RegExp; what has no faithful
// translation (scoped inline flags, possessive and atomic groups, set operations, full case
// folding such as ß = SS) is the mock's documented limit error, never a guess.
import { mockLimit, SqlError } from "../sql/errors.ts";
import { FALSE, JsonValue, toText, TRUE, type SqlValue } from "./values.ts";

const LINE_TERMINATORS = "\\n\\v\\f\\r\\u0085\\u2028\\u2029";
/** ICU's \w: letters, marks, decimal digits, connector punctuation, ZWNJ/ZWJ. */
const WORD = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200C\\u200D";
const SPACE = "\\t\\n\\f\\r\\p{Z}";

/** POSIX classes inside a bracket expression, as ICU reads them. */
const POSIX: Readonly<Record<string, string>> = {
  alpha: "\\p{Alphabetic}",
  digit: "\\p{Nd}",
  alnum: "\\p{Alphabetic}\\p{Nd}",
  upper: "\\p{Uppercase}",
  lower: "\\p{Lowercase}",
  space: "\\p{White_Space}",
  blank: "\\t\\p{Zs}",
  punct: "\\p{P}",
  cntrl: "\\p{Cc}",
  xdigit: "\\p{Nd}\\p{AHex}",
  ascii: "\\p{ASCII}",
  word: WORD,
};

const regexpError = (detail: string) => new SqlError(1139, "42000", `Got error '${detail}' from regexp`);
const ruleSyntax = (at: number) => regexpError(`U_REGEX_RULE_SYNTAX, Syntax error in regular expression on line 1, character ${at}.`);
const unmatchedParentheses = () => new SqlError(5813, "HY000", "unmatched parentheses in regular expression");
const unmatchedBracket = () => new SqlError(5812, "HY000", "unmatched bracket in regular expression");
const trailingBackslash = () => new SqlError(5811, "HY000", "invalid escape \\ sequence in regular expression");

/** A literal character outside a JavaScript class (with flag u only syntax characters may be escaped). */
const escapeForJs = (ch: string) => (/[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch);
/** A literal character inside a JavaScript class. */
const escapeInClass = (ch: string) => (/[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch);
const codePoint = (cp: number) => `\\u{${cp.toString(16)}}`;

/** A JavaScript property escape for an ICU \p{name}, or undefined when neither JS nor ICU knows the name. */
function propertyEscape(name: string, negated: boolean): string | undefined {
  const p = negated ? "P" : "p";
  for (const candidate of [name, `Script=${name}`, `General_Category=${name}`]) {
    try {
      new RegExp(`\\${p}{${candidate}}`, "u");
      return `\\${p}{${candidate}}`;
    } catch {
      // not this spelling
    }
  }
  return undefined;
}

interface Flags {
  caseInsensitive: boolean;
  multiline: boolean;
  dotAll: boolean;
  /** REGEXP_LIKE's 'u': only \n ends a line. */
  unixLines: boolean;
}

/** Translates an ICU pattern to JavaScript source (flag `u`, plus `i` when case-insensitive). */
class IcuTranslator {
  private i = 0;
  private readonly chars: string[];
  private groups = 0;
  private readonly names = new Set<string>();
  constructor(
    pattern: string,
    private readonly flags: Flags,
  ) {
    this.chars = [...pattern];
    this.countGroups();
  }

  /** Capture groups and their names, for back references (ICU checks them against the whole pattern). */
  private countGroups(): void {
    let inClass = 0;
    for (let k = 0; k < this.chars.length; k++) {
      const c = this.chars[k]!;
      if (c === "\\") {
        k++;
        continue;
      }
      if (c === "[") inClass++;
      else if (c === "]" && inClass) inClass--;
      else if (c === "(" && !inClass) {
        if (this.chars[k + 1] !== "?") this.groups++;
        else if (this.chars[k + 2] === "<" && /[A-Za-z]/.test(this.chars[k + 3] ?? "")) {
          this.groups++;
          let name = "";
          for (let j = k + 3; j < this.chars.length && this.chars[j] !== ">"; j++) name += this.chars[j];
          this.names.add(name);
        }
      }
    }
  }

  translate(): string {
    this.leadingFlags();
    const out = this.alternation(0);
    if (this.i < this.chars.length) throw unmatchedParentheses(); // a ')' with no '('
    return out;
  }

  /** `(?i)`, `(?-i)`, `(?s)`, `(?m)` at the start set the whole pattern's flags. */
  private leadingFlags(): void {
    for (;;) {
      const m = /^\(\?([imsw-]+)\)/.exec(this.chars.slice(this.i, this.i + 12).join(""));
      if (!m) return;
      let on = true;
      for (const f of m[1]!) {
        if (f === "-") on = false;
        else if (f === "i") this.flags.caseInsensitive = on;
        else if (f === "m") this.flags.multiline = on;
        else if (f === "s") this.flags.dotAll = on;
        else throw mockLimit(`the inline regular-expression flag (?${f})`);
      }
      this.i += m[0].length;
    }
  }

  private peek(k = 0): string | undefined {
    return this.chars[this.i + k];
  }

  private alternation(depth: number): string {
    let out = this.sequence(depth);
    while (this.peek() === "|") {
      this.i++;
      out += `|${this.sequence(depth)}`;
    }
    return out;
  }

  private sequence(depth: number): string {
    let out = "";
    let canRepeat = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === "|") return out;
      if (c === ")") {
        if (depth === 0) throw unmatchedParentheses();
        return out;
      }
      const at = this.i + 1;
      if (c === "*" || c === "+" || c === "?" || c === "{") {
        if (!canRepeat) throw ruleSyntax(at);
        out += this.quantifier();
        canRepeat = false;
        continue;
      }
      if (c === "}") throw ruleSyntax(at);
      const atom = this.atom(depth);
      out += atom.source;
      canRepeat = atom.repeatable;
    }
  }

  /** `*`, `+`, `?` or `{n[,[m]]}`, then `?` (lazy); `+` (possessive) has no JavaScript form. */
  private quantifier(): string {
    let q = this.chars[this.i++]!;
    if (q === "{") {
      let body = "";
      while (this.peek() !== undefined && this.peek() !== "}") body += this.chars[this.i++];
      if (this.peek() !== "}" || !/^\d+(,\d*)?$/.test(body)) throw regexpError("U_REGEX_BAD_INTERVAL");
      this.i++;
      const [min, max] = body.split(",");
      if (max !== undefined && max !== "" && Number(max) < Number(min)) throw regexpError("U_REGEX_MAX_LT_MIN");
      q = `{${body}}`;
    }
    if (this.peek() === "?") {
      this.i++;
      q += "?";
    } else if (this.peek() === "+") throw mockLimit("a possessive regular-expression quantifier");
    return q;
  }

  private atom(depth: number): { source: string; repeatable: boolean } {
    const c = this.chars[this.i++]!;
    switch (c) {
      case "(":
        return this.group(depth);
      case "[":
        return { source: this.bracket(), repeatable: true };
      case ".":
        return { source: this.flags.dotAll ? "[\\s\\S]" : `[^${this.lineTerminators()}]`, repeatable: true };
      case "^":
        return { source: this.flags.multiline ? `(?:^|(?<=[${this.lineTerminators()}]))` : "^", repeatable: false };
      case "$":
        return {
          source: this.flags.multiline ? `(?=[${this.lineTerminators()}]|$)` : `(?=(?:\\r\\n|[${this.lineTerminators()}])?$)`,
          repeatable: false,
        };
      case "\\":
        return this.escape(false);
      default:
        return { source: escapeForJs(c), repeatable: true };
    }
  }

  private lineTerminators(): string {
    return this.flags.unixLines ? "\\n" : LINE_TERMINATORS;
  }

  private group(depth: number): { source: string; repeatable: boolean } {
    let open = "(";
    let repeatable = true;
    if (this.peek() === "?") {
      const next = this.peek(1);
      if (next === ":" || next === "=" || next === "!") {
        open = `(?${next}`;
        this.i += 2;
        repeatable = next === ":";
      } else if (next === "<" && (this.peek(2) === "=" || this.peek(2) === "!")) {
        open = `(?<${this.peek(2)}`;
        this.i += 3;
        repeatable = false;
      } else if (next === "<") {
        let name = "";
        this.i += 2;
        while (this.peek() !== undefined && this.peek() !== ">") name += this.chars[this.i++];
        this.i++;
        open = `(?<${name}>`;
      } else if (next === "#") {
        while (this.peek() !== undefined && this.peek() !== ")") this.i++;
        if (this.peek() === undefined) throw unmatchedParentheses();
        this.i++;
        return { source: "", repeatable: false };
      } else if (next === ">") throw mockLimit("an atomic regular-expression group (?>...)");
      else throw mockLimit("a regular-expression flag group other than (?i), (?-i), (?s) or (?m) at the start");
    }
    const inner = this.alternation(depth + 1);
    if (this.peek() !== ")") throw unmatchedParentheses();
    this.i++;
    return { source: `${open}${inner})`, repeatable };
  }

  /** After a backslash; `inClass` inside a bracket expression (no anchors or back references there). */
  private escape(inClass: boolean): { source: string; repeatable: boolean } {
    const c = this.chars[this.i++];
    if (c === undefined) throw trailingBackslash();
    const cls = (body: string, negated = false) => (inClass ? (negated ? undefined : body) : `[${negated ? "^" : ""}${body}]`);
    const klass = (body: string, negated = false) => {
      const s = cls(body, negated);
      if (s === undefined) throw mockLimit(`\\${c} inside a regular-expression bracket expression`);
      return { source: s, repeatable: true };
    };
    switch (c) {
      case "d":
        return klass("\\p{Nd}");
      case "D":
        return klass("\\p{Nd}", true);
      case "w":
        return klass(WORD);
      case "W":
        return klass(WORD, true);
      case "s":
        return klass(SPACE);
      case "S":
        return klass(SPACE, true);
      case "h":
        return klass("\\t\\p{Zs}");
      case "H":
        return klass("\\t\\p{Zs}", true);
      case "v":
        return klass(LINE_TERMINATORS);
      case "V":
        return klass(LINE_TERMINATORS, true);
      case "n":
        return { source: "\\n", repeatable: true };
      case "t":
        return { source: "\\t", repeatable: true };
      case "r":
        return { source: "\\r", repeatable: true };
      case "f":
        return { source: "\\f", repeatable: true };
      case "a":
        return { source: "\\x07", repeatable: true };
      case "e":
        return { source: "\\x1b", repeatable: true };
      case "x":
        return { source: this.hexEscape(), repeatable: true };
      case "u":
        return { source: this.fixedHex(4), repeatable: true };
      case "U":
        return { source: this.fixedHex(8), repeatable: true };
      case "p":
      case "P":
        return { source: this.property(c === "P", inClass), repeatable: true };
      case "Q": {
        let literal = "";
        while (this.i < this.chars.length && !(this.peek() === "\\" && this.peek(1) === "E")) literal += (inClass ? escapeInClass : escapeForJs)(this.chars[this.i++]!);
        if (this.i < this.chars.length) this.i += 2;
        return { source: inClass ? literal : `(?:${literal})`, repeatable: true };
      }
    }
    if (inClass) {
      if (c === "b" || c === "B" || c === "A" || c === "z" || c === "Z" || /\d/.test(c)) throw mockLimit(`\\${c} inside a regular-expression bracket expression`);
      return { source: escapeInClass(c), repeatable: true };
    }
    switch (c) {
      case "b":
        return { source: `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`, repeatable: false };
      case "B":
        return { source: `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`, repeatable: false };
      case "A":
        return { source: "(?<![\\s\\S])", repeatable: false };
      case "z":
        return { source: "(?![\\s\\S])", repeatable: false };
      case "Z":
        return { source: `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?(?![\\s\\S]))`, repeatable: false };
      case "k": {
        if (this.peek() !== "<") throw regexpError("U_REGEX_INVALID_CAPTURE_GROUP_NAME");
        let name = "";
        this.i++;
        while (this.peek() !== undefined && this.peek() !== ">") name += this.chars[this.i++];
        this.i++;
        if (!this.names.has(name)) throw regexpError("U_REGEX_INVALID_CAPTURE_GROUP_NAME");
        return { source: `\\k<${name}>`, repeatable: true };
      }
      case "G":
      case "X":
      case "R":
      case "N":
        throw mockLimit(`the regular-expression escape \\${c}`);
    }
    if (/[1-9]/.test(c)) {
      if (Number(c) > this.groups) throw regexpError("U_REGEX_INVALID_BACK_REF");
      return { source: `\\${c}`, repeatable: true };
    }
    if (c === "0") {
      let octal = "";
      while (octal.length < 3 && /[0-7]/.test(this.peek() ?? "")) octal += this.chars[this.i++];
      return { source: codePoint(octal ? parseInt(octal, 8) : 0), repeatable: true };
    }
    // Any other escaped character stands for itself (measured: \@, \/, \y, \ ).
    return { source: escapeForJs(c), repeatable: true };
  }

  private hexEscape(): string {
    if (this.peek() === "{") {
      let hex = "";
      this.i++;
      while (this.peek() !== undefined && this.peek() !== "}") hex += this.chars[this.i++];
      this.i++;
      if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) throw regexpError("U_REGEX_BAD_ESCAPE_SEQUENCE");
      return codePoint(parseInt(hex, 16));
    }
    return this.fixedHex(2);
  }

  private fixedHex(n: number): string {
    const hex = this.chars.slice(this.i, this.i + n).join("");
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw regexpError("U_REGEX_BAD_ESCAPE_SEQUENCE");
    this.i += n;
    return codePoint(parseInt(hex, 16));
  }

  private property(negated: boolean, inClass: boolean): string {
    let name: string;
    if (this.peek() === "{") {
      name = "";
      this.i++;
      while (this.peek() !== undefined && this.peek() !== "}") name += this.chars[this.i++];
      if (this.peek() !== "}") throw regexpError("U_REGEX_PROPERTY_SYNTAX");
      this.i++;
    } else name = this.chars[this.i++] ?? "";
    if (/^(In|Is)[A-Z]/.test(name) && !propertyEscape(name, negated)) throw mockLimit(`the Unicode block or property \\p{${name}}`);
    const escape = propertyEscape(name.replace(/\s+/g, "_"), negated);
    if (!escape) throw regexpError("U_REGEX_PROPERTY_SYNTAX");
    if (inClass && negated) throw mockLimit(`\\P{${name}} inside a regular-expression bracket expression`);
    return escape;
  }

  /** A bracket expression after its `[`, flattened into one JavaScript class (ICU nests sets: `[a[bc]]` is a union). */
  private bracket(): string {
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.i++;
    }
    const body = this.setBody(true);
    return `[${negated ? "^" : ""}${body}]`;
  }

  /** The members of a set up to its closing `]` (consumed); a `]` first is a member. */
  private setBody(top: boolean): string {
    let out = "";
    let first = true;
    /** The last single character added, for a range that starts with it. */
    let last: number | undefined;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw unmatchedBracket();
      if (c === "]" && !first) {
        this.i++;
        return out;
      }
      first = false;
      if (c === "[" && this.peek(1) === ":") {
        const end = this.chars.indexOf("]", this.i);
        const spec = this.chars.slice(this.i + 2, end).join("");
        if (end < 0 || !spec.endsWith(":")) throw unmatchedBracket();
        const name = spec.slice(0, -1);
        if (name.startsWith("^")) throw mockLimit(`the negated POSIX class [:${name}:]`);
        const members = POSIX[name.toLowerCase()];
        if (members === undefined) throw regexpError("U_REGEX_PROPERTY_SYNTAX");
        out += members;
        this.i = end + 1;
        last = undefined;
        continue;
      }
      if (c === "[") {
        this.i++;
        if (this.peek() === "^") throw mockLimit("a negated set nested in a regular-expression bracket expression");
        out += this.setBody(false);
        last = undefined;
        continue;
      }
      if ((c === "&" && this.peek(1) === "&") || (c === "-" && this.peek(1) === "-")) throw mockLimit(`the set operation ${c}${c} in a regular-expression bracket expression`);
      if (c === "-" && last !== undefined && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.i++;
        let to: string;
        if (this.peek() === "\\") {
          this.i++;
          to = this.escape(true).source;
        } else to = escapeInClass(this.chars[this.i++]!);
        const toCp = literalCodePoint(to);
        if (toCp === undefined) throw mockLimit("a range that ends in a class in a regular-expression bracket expression");
        if (toCp < last) throw regexpError("U_REGEX_INVALID_RANGE");
        out += `-${to}`;
        last = undefined;
        continue;
      }
      this.i++;
      if (c === "\\") {
        const e = this.escape(true).source;
        out += e;
        last = literalCodePoint(e);
        continue;
      }
      out += escapeInClass(c);
      last = c.codePointAt(0);
    }
    void top;
  }
}

/** The code point a translated single-character source stands for (`a`, `\-`, `\u{61}`), else undefined. */
function literalCodePoint(source: string): number | undefined {
  const u = /^\\u\{([0-9a-f]+)\}$/.exec(source);
  if (u) return parseInt(u[1]!, 16);
  if (/^\\x07$/.test(source)) return 7;
  if (/^\\x1b$/.test(source)) return 0x1b;
  const simple: Record<string, number> = { "\\n": 10, "\\t": 9, "\\r": 13, "\\f": 12 };
  if (source in simple) return simple[source];
  const chars = [...source.replace(/^\\/, "")];
  return chars.length === 1 ? chars[0]!.codePointAt(0) : undefined;
}

/** Characters whose case folding is more than one character (ß ↔ SS, ﬀ ↔ FF): ICU matches them case-insensitively, JavaScript does not. */
const hasFullCaseFolding = (s: string) => [...s].some((ch) => ch.toUpperCase().length !== ch.length || ch.toLowerCase().length !== ch.length);

const cache = new Map<string, RegExp>();

/** The RegExp for an ICU pattern under these flags (cached: a statement applies one pattern to every row). */
function icuRegExp(pattern: string, flags: Flags): { re: RegExp; caseInsensitive: boolean } {
  const key = `${+flags.caseInsensitive}${+flags.multiline}${+flags.dotAll}${+flags.unixLines}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    if (pattern === "") throw new SqlError(1139, "42000", "Got error from regexp");
    const f = { ...flags };
    const source = new IcuTranslator(pattern, f).translate();
    try {
      re = new RegExp(source, f.caseInsensitive ? "iu" : "u");
    } catch {
      throw mockLimit(`the regular expression '${pattern.slice(0, 60)}'`);
    }
    if (f.caseInsensitive && hasFullCaseFolding(pattern)) throw mockLimit("case-insensitive matching of characters whose case folding is several characters (ß, ﬀ, İ)");
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return { re, caseInsensitive: re.flags.includes("i") };
}

/**
 * `subject REGEXP pattern` / REGEXP_LIKE(subject, pattern, matchType): 1, 0 or NULL. Text compares
 * under utf8mb4_general_ci (case-insensitive); two binary strings compare case-sensitively; a
 * binary string against text is 3995 (measured). matchType: c, i, m, n, u; the last of c/i wins.
 */
export function regexpLike(subject: SqlValue, pattern: SqlValue, matchType?: SqlValue): SqlValue {
  if (subject === null || pattern === null || matchType === null) return null;
  const binarySubject = Buffer.isBuffer(subject);
  const binaryPattern = Buffer.isBuffer(pattern);
  if (binarySubject !== binaryPattern) {
    const [a, b] = binarySubject ? ["binary", "utf8mb4_general_ci"] : ["utf8mb4_general_ci", "binary"];
    throw new SqlError(3995, "HY000", `Character set '${a}' cannot be used in conjunction with '${b}' in regexp function call.`);
  }
  const flags: Flags = { caseInsensitive: !binarySubject, multiline: false, dotAll: false, unixLines: false };
  if (matchType !== undefined) {
    for (const f of toText(matchType)) {
      if (f === "c") flags.caseInsensitive = false;
      else if (f === "i") flags.caseInsensitive = true;
      else if (f === "m") flags.multiline = true;
      else if (f === "n") flags.dotAll = true;
      else if (f === "u") flags.unixLines = true;
      else throw new SqlError(1210, "HY000", "Incorrect arguments to use match param in regexp expression");
    }
  }
  const { re, caseInsensitive } = icuRegExp(toText(pattern), flags);
  const text = subject instanceof JsonValue ? toText(subject) : toText(subject);
  if (caseInsensitive && hasFullCaseFolding(text)) throw mockLimit("case-insensitive matching of characters whose case folding is several characters (ß, ﬀ, İ)");
  return re.test(text) ? TRUE : FALSE;
}
