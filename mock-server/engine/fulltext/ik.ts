// The ik parser's tokens for text without CJK characters, as seekdb 1.4 makes them (measured,
// probes fulltext-ik-*): IK Analyzer's LetterSegmenter — runs of ASCII letters, runs of digits
// joined by `,` or `.`, and runs of letters and digits joined by `# & + - . @ _` (a connector at
// the end stays: "fox." is one token, "fox" does not match it) — lower-cased; in smart mode (the
// default) overlapping candidates are settled by IK's arbitrator ("abc123" is one token, not
// "abc" and "123"), in max_word mode all are kept. Every other character separates tokens and is
// dropped (é, Greek, Cyrillic, emoji); seekdb's port does not fold full-width letters. CJK text is
// segmented with IK's dictionary, which the mock does not have: `cjk` says the text holds some.

export type IkMode = "smart" | "max_word";

interface Lexeme {
  readonly begin: number;
  readonly length: number;
}

const ENGLISH = 1;
const ARABIC = 2;
const CJK = 3;
const USELESS = 0;

/** Characters IK reads as Chinese or other CJK (its Unicode blocks, widened to be safe: radicals, CJK punctuation, extension planes). */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    (cp >= 0x3000 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

function charType(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return ARABIC;
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return ENGLISH;
  return isCjk(cp) ? CJK : USELESS;
}

const LETTER_CONNECTORS = new Set(["#", "&", "+", "-", ".", "@", "_"]);
const NUM_CONNECTORS = new Set([",", "."]);

/** IK's LetterSegmenter: English, Arabic and mixed candidates, sorted by begin then longer first, without repeats. */
function letterLexemes(chars: readonly string[], types: readonly number[]): Lexeme[] {
  const found = new Map<string, Lexeme>();
  const add = (begin: number, end: number) => found.set(`${begin}:${end}`, { begin, length: end - begin + 1 });
  let english = -1;
  let arabic = -1;
  let arabicEnd = -1;
  let mix = -1;
  let mixEnd = -1;
  for (let i = 0; i <= chars.length; i++) {
    const type = i < chars.length ? types[i]! : USELESS;
    const ch = i < chars.length ? chars[i]! : "";
    // English letters
    if (type === ENGLISH) {
      if (english < 0) english = i;
    } else if (english >= 0) {
      add(english, i - 1);
      english = -1;
    }
    // digits, a number connector continues without ending
    if (type === ARABIC) {
      if (arabic < 0) arabic = i;
      arabicEnd = i;
    } else if (arabic >= 0 && !(type === USELESS && NUM_CONNECTORS.has(ch) && i < chars.length)) {
      add(arabic, arabicEnd);
      arabic = -1;
    }
    // letters and digits, a letter connector extends
    if (type === ARABIC || type === ENGLISH) {
      if (mix < 0) mix = i;
      mixEnd = i;
    } else if (mix >= 0 && type === USELESS && LETTER_CONNECTORS.has(ch) && i < chars.length) {
      mixEnd = i;
    } else if (mix >= 0) {
      add(mix, mixEnd);
      mix = -1;
    }
  }
  return [...found.values()].sort((a, b) => a.begin - b.begin || b.length - a.length);
}

/** IK's LexemePath: lexemes of one cluster, with the measures its arbitrator compares. */
class LexemePath {
  readonly lexemes: Lexeme[] = [];
  begin = -1;
  end = -1;
  payload = 0;

  private crosses(l: Lexeme): boolean {
    return (l.begin >= this.begin && l.begin < this.end) || (this.begin >= l.begin && this.begin < l.begin + l.length);
  }
  addCross(l: Lexeme): boolean {
    if (this.lexemes.length === 0) {
      this.lexemes.push(l);
      this.begin = l.begin;
      this.end = l.begin + l.length;
      this.payload += l.length;
      return true;
    }
    if (!this.crosses(l)) return false;
    this.lexemes.push(l);
    if (l.begin + l.length > this.end) this.end = l.begin + l.length;
    this.payload = this.end - this.begin;
    return true;
  }
  addNotCross(l: Lexeme): boolean {
    if (this.lexemes.length === 0) return this.addCross(l);
    if (this.crosses(l)) return false;
    // kept in order of begin (IK's QuickSortSet), the path spanning its first to its last
    let at = this.lexemes.length;
    while (at > 0 && this.lexemes[at - 1]!.begin > l.begin) at--;
    this.lexemes.splice(at, 0, l);
    this.payload += l.length;
    const first = this.lexemes[0]!;
    const last = this.lexemes[this.lexemes.length - 1]!;
    this.begin = first.begin;
    this.end = last.begin + last.length;
    return true;
  }
  checkCross(l: Lexeme): boolean {
    return this.lexemes.length > 0 && this.crosses(l);
  }
  removeTail(): void {
    const tail = this.lexemes.pop()!;
    if (this.lexemes.length === 0) {
      this.begin = -1;
      this.end = -1;
      this.payload = 0;
    } else {
      this.payload -= tail.length;
      const last = this.lexemes[this.lexemes.length - 1]!;
      this.end = last.begin + last.length;
    }
  }
  copy(): LexemePath {
    const c = new LexemePath();
    c.lexemes.push(...this.lexemes);
    c.begin = this.begin;
    c.end = this.end;
    c.payload = this.payload;
    return c;
  }
  private xWeight(): number {
    return this.lexemes.reduce((w, l) => w * l.length, 1);
  }
  private pWeight(): number {
    return this.lexemes.reduce((w, l, i) => w + (i + 1) * l.length, 0);
  }
  /** IK's order of paths: more text covered, fewer lexemes, longer span, later end, evener lengths, later weight. */
  compare(o: LexemePath): number {
    if (this.payload !== o.payload) return o.payload - this.payload;
    if (this.lexemes.length !== o.lexemes.length) return this.lexemes.length - o.lexemes.length;
    if (this.end - this.begin !== o.end - o.begin) return o.end - o.begin - (this.end - this.begin);
    if (this.end !== o.end) return o.end - this.end;
    if (this.xWeight() !== o.xWeight()) return o.xWeight() - this.xWeight();
    return o.pWeight() - this.pWeight();
  }
}

/** IK's arbitrator for one cluster of overlapping lexemes in smart mode: its forward and back paths, the best by `compare`. */
function judge(cluster: readonly Lexeme[]): Lexeme[] {
  const option = new LexemePath();
  const forward = (from: number): number[] => {
    const conflicts: number[] = [];
    for (let k = from; k < cluster.length; k++) if (!option.addNotCross(cluster[k]!)) conflicts.push(k);
    return conflicts;
  };
  const stack = forward(0);
  let best = option.copy();
  while (stack.length) {
    const k = stack.pop()!;
    while (option.checkCross(cluster[k]!)) option.removeTail();
    forward(k); // IK drops the conflicts of these later passes

    const candidate = option.copy();
    if (candidate.compare(best) < 0) best = candidate; // an equal one does not replace the first (IK's TreeSet)
  }
  return best.lexemes;
}

/** The tokens the ik parser makes of `text` (lower-cased), and whether it holds CJK characters. */
export function ikTokens(text: string, mode: IkMode): { readonly tokens: string[]; readonly cjk: boolean } {
  const chars = [...text];
  const types = chars.map((c) => charType(c.codePointAt(0)!));
  const cjk = types.includes(CJK);
  const lexemes = letterLexemes(chars, types);
  const chosen: Lexeme[] = [];
  let cluster = new LexemePath();
  const flush = () => {
    if (cluster.lexemes.length === 0) return;
    chosen.push(...(cluster.lexemes.length === 1 || mode === "max_word" ? cluster.lexemes : judge(cluster.lexemes)));
  };
  for (const l of lexemes) {
    if (!cluster.addCross(l)) {
      flush();
      cluster = new LexemePath();
      cluster.addCross(l);
    }
  }
  flush();
  return { tokens: chosen.map((l) => chars.slice(l.begin, l.begin + l.length).join("").toLowerCase()), cjk };
}
