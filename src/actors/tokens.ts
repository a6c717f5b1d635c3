
/**
 * Tokens of a sentence with character offsets and wink-nlp part-of-speech tags, and the shape
 * tests the actor finder asks of them (a word, capitalised, in capitals, a possessive, a clause start).
 */

/** Tokens with offsets and parts of speech come from the one tagger of the text stage. */
import { tokenize, type Token } from '../text/index.js';
export { tokenize, type Token };

/** Apostrophes of every kind news text uses, including the misused left quote ("Venezuela‘s"). */
export const APOSTROPHES = `'’‘`;

const OPENING_MARKS = new Set(['“', '"', '‘', "'", '(', '[', ':', '—', '–', '-', '…']);

/** Answers of {@link isWord} by token text: the extraction asks it of every token several times. */
const wordByText = new Map<string, boolean>();
/** Bounded, so an archive with a huge vocabulary cannot grow it without limit (it starts over). */
const WORD_CACHE_LIMIT = 200_000;

/** A written word: letters, and no digits, handles, paths or addresses. */
export function isWord(token: Token | undefined): boolean {
  if (!token) return false;
  const text = token.text;
  let answer = wordByText.get(text);
  if (answer === undefined) {
    answer = /\p{L}/u.test(text) && !/[\d@/#]/u.test(text) && !text.includes('://');
    if (wordByText.size >= WORD_CACHE_LIMIT) wordByText.clear();
    wordByText.set(text, answer);
  }
  return answer;
}

export function isCapitalised(token: Token | undefined): boolean {
  return isWord(token) && /^\p{Lu}/u.test(token!.text);
}

export function isAllCaps(token: Token | undefined): boolean {
  return isWord(token) && token!.text.replace(/[^\p{L}]/gu, '').length > 1 && token!.text === token!.text.toUpperCase();
}

/** "Maduro’s", "Caracas’", "Venezuela‘s" (wink splits the last into three tokens). Returns its token length. */
export function possessiveLength(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (!t || t.spaceBefore) return 0;
  if (t.text.length === 2 && APOSTROPHES.includes(t.text[0]!) && t.text[1] === 's') return 1;
  if (t.text.length === 1 && APOSTROPHES.includes(t.text)) {
    const next = tokens[i + 1];
    if (next && next.text === 's' && !next.spaceBefore) return 2;
    if (!next || next.spaceBefore) return 1;
  }
  return 0;
}

/** Where a run of name-like tokens starts a sentence or a quotation, its first word may be capitalised only for that reason. */
export function startsClause(tokens: readonly Token[], i: number): boolean {
  if (i === 0) return true;
  const previous = tokens[i - 1]!;
  return OPENING_MARKS.has(previous.text) || previous.text === '.' || previous.text === '?' || previous.text === '!';
}

/** "(FARC)" right after token `i - 1`: a bracketed acronym at `i + 1`. */
export function bracketedAcronymAt(tokens: readonly Token[], i: number): boolean {
  return tokens[i]?.text === '(' && isAllCaps(tokens[i + 1]) && tokens[i + 2]?.text === ')';
}
