import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * Tokens of a sentence with character offsets and wink-nlp part-of-speech tags, and the shape
 * tests the actor finder asks of them (a word, capitalised, in capitals, a possessive, a clause start).
 */

/** A token of a sentence, with offsets into the sentence text and its part of speech. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Universal POS tag from wink-nlp: PROPN, NOUN, VERB, PUNCT… */
  pos: string;
  /** True when white space precedes the token (so "Maduro-led" is one written word). */
  spaceBefore: boolean;
}

/** Apostrophes of every kind news text uses, including the misused left quote ("Venezuela‘s"). */
export const APOSTROPHES = `'’‘`;

let nlp: ReturnType<typeof winkNLP> | undefined;

/** Longest sentence, in characters, that is tagged for actors. */
const MAX_TAGGED_SENTENCE = 5_000;

/** wink-nlp is loaded on first use: the model takes a moment, and most imports never need it. */
function getNlp(): ReturnType<typeof winkNLP> {
  nlp ??= winkNLP(model);
  return nlp;
}

/**
 * Tokenises and tags a sentence with wink-nlp. Offsets are found by searching each token's text
 * forward from the previous one, because wink-nlp reports token values, not positions; a token it
 * normalised (rare) is dropped rather than given a wrong offset.
 */
export function tokenize(text: string): Token[] {
  // wink-nlp slows down sharply on a giant unbroken "sentence" (a 150,000-character run took 20 s);
  // no real sentence is this long, and such a run names no actor.
  if (text.length > MAX_TAGGED_SENTENCE) return [];
  const engine = getNlp();
  const doc = engine.readDoc(text);
  const values = doc.tokens().out() as string[];
  const tags = doc.tokens().out(engine.its.pos) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    const start = text.indexOf(value, cursor);
    if (start < 0 || start - cursor > 40) return;
    tokens.push({
      text: value,
      start,
      end: start + value.length,
      pos: tags[i] ?? 'X',
      spaceBefore: start > 0 && /\s/.test(text[start - 1] ?? ''),
    });
    cursor = start + value.length;
  });
  return tokens;
}

const OPENING_MARKS = new Set(['“', '"', '‘', "'", '(', '[', ':', '—', '–', '-', '…']);

/** A written word: letters, and no digits, handles, paths or addresses. */
export function isWord(token: Token | undefined): boolean {
  return !!token && /\p{L}/u.test(token.text) && !/[\d@/#]/u.test(token.text) && !token.text.includes('://');
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
