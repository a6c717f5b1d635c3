import { foldAccents, isStopWord, words } from '../text/index.js';
import { APOSTROPHES } from './tokens.js';

/**
 * Name comparison shared by the actor finder and the actor lookup: the keys names are compared
 * by, stable ids, edit distance and how many typos a query may have; and the keys sentences are
 * grouped by.
 */

const POSSESSIVE = new RegExp(`[${APOSTROPHES}]s?$`, 'u');

/** Removes a trailing possessive: "Maduro’s" → "Maduro", "Caracas’" → "Caracas". */
export function stripPossessive(text: string): string {
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

/** The words of a name key. */
export function keyWords(key: string): string[] {
  return key.split(' ').filter(Boolean);
}

/** The key of a sentence of a document: `docId#index`. */
export function sentenceKey(docId: string, index: number): string {
  return `${docId}#${index}`;
}

/** Mentions grouped by the sentence holding them (by `sentenceKey`), each group in the given order. */
export function mentionsBySentence<T extends { docId: string; sentence: number }>(mentions: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const m of mentions) {
    const k = sentenceKey(m.docId, m.sentence);
    const group = groups.get(k);
    if (group) group.push(m);
    else groups.set(k, [m]);
  }
  return groups;
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

/** Folded content words of a text (no stop words, none under three letters): the unit of sentence similarity. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 2 && !isStopWord(w));
}
