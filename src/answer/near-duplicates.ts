import { words } from '../index/index.js';

/** Shorter sentences ("He declined to comment.") recur by chance, not by copying. */
const MIN_WORDS = 6;
/** Share of distinct words two sentences must share (Jaccard) to count as one sentence. */
const MIN_OVERLAP = 0.8;

/**
 * Whether two sentences are the same sentence as printed by two outlets: nearly all their words
 * in common (wire copy is often lightly edited: a name spelled out, a clause cut), and long
 * enough that the overlap is not chance.
 */
export function isNearDuplicate(a: string, b: string): boolean {
  const wordsA = words(a);
  const wordsB = words(b);
  if (wordsA.length < MIN_WORDS || wordsB.length < MIN_WORDS) return false;
  const setA = new Set(wordsA);
  const setB = new Set(wordsB);
  let shared = 0;
  for (const word of setA) if (setB.has(word)) shared++;
  return shared / (setA.size + setB.size - shared) >= MIN_OVERLAP;
}
