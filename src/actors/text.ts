import { foldAccents, isStopWord, words } from '../text/index.js';

// Spelling distance moved to the text stage (the answer stage's name check reads it too).
export { editDistance, typoAllowance } from '../text/index.js';
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

/** Folded content words of a text (no stop words, none under three letters): the unit of sentence similarity. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 2 && !isStopWord(w));
}
