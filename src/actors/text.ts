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

/** Tokens with offsets and parts of speech come from the one tagger of the text stage. */
export { tokenize, type Token } from '../text/index.js';

/** Lower-case content words of a text, accents folded: the unit of sentence similarity. */
export function contentWords(text: string, stopwords: ReadonlySet<string>): string[] {
  return (foldAccents(text).toLowerCase().match(/[a-z0-9$%]+/g) ?? []).filter(
    (w) => w.length > 2 && !stopwords.has(w),
  );
}
