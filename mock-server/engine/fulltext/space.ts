// The space parser (seekdb's default when a FULLTEXT index names none), as seekdb 1.4 tokenizes
// (measured, probes fulltext-space-*): words are runs of letters, marks, digits and `_` (every
// other character separates, ASCII punctuation, apostrophes, emoji and CJK punctuation included),
// compared under utf8mb4_general_ci (case and accents folded); words shorter than min_token_size (3) or longer than max_token_size (84)
// characters and InnoDB's default stop words are not indexed, nor counted in a document's length.

/** InnoDB's default full-text stop words (those of 3 letters or more matter; measured on seekdb). */
import { foldText } from "../columns.ts";

const STOP_WORDS = new Set("a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www".split(" "));

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

export function spaceTokens(text: string, minTokenSize: number, maxTokenSize: number): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    const length = [...word].length;
    // terms compare under utf8mb4_general_ci (measured: 'cafe' finds 'café')
    if (length >= minTokenSize && length <= maxTokenSize && !STOP_WORDS.has(word)) out.push(foldText(word));
  }
  return out;
}
