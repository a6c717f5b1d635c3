import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { foldAccents } from '../text/index.js';

/**
 * Text helpers shared by the actor finder and the actor lookup: accent folding, the keys names
 * are compared by, edit distance, and tokens with character offsets.
 */


/** Apostrophes of every kind news text uses, including the misused left quote ("Venezuela‘s"). */
export const APOSTROPHES = `'’‘`;
const POSSESSIVE = new RegExp(`[${APOSTROPHES}]s?$`, 'u');

/** Removes a trailing possessive: "Maduro’s" → "Maduro", "Caracas’" → "Caracas". */
function stripPossessive(text: string): string {
  return text.replace(POSSESSIVE, '');
}

/**
 * The key two spellings of one name share: lower case, no accents, no dots, no possessive,
 * hyphens as spaces. "U.S." and "US" → "us"; "Padrino-López" and "Padrino López" → "padrino lopez".
 */
export function nameKey(text: string): string {
  return foldAccents(stripPossessive(text.trim()))
    .toLowerCase()
    .replace(/[.]/g, '')
    .replace(/[-‐–]/g, ' ')
    .replace(/[^\p{L}\p{N}\s&]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A stable, readable id: "Diosdado Cabello" → "diosdado-cabello". */
export function slugify(text: string): string {
  return (
    foldAccents(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'actor'
  );
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions): "cabelo"
 * is one edit from "cabello", "rouvinksi" one from "rouvinski". `limit` stops early once every
 * path exceeds it, which keeps lookups over many aliases cheap.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1]!;
}

/** How many edits a query of this length may have and still name an actor. */
export function typoAllowance(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  return 2;
}

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

/** Lower-case content words of a text, accents folded: the unit of sentence similarity. */
export function contentWords(text: string, stopwords: ReadonlySet<string>): string[] {
  return (foldAccents(text).toLowerCase().match(/[a-z0-9$%]+/g) ?? []).filter(
    (w) => w.length > 2 && !stopwords.has(w),
  );
}
