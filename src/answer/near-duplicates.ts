import { words } from '../index/index.js';
import type { QuotedSpan, SpanWithCopies } from './types.js';

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

/**
 * Folds each span that repeats an earlier one from another document (the same wire sentence in
 * another outlet) into that earlier span, as one of its copies; the groups keep their order and
 * what is left of them. A later group's span can fold into an earlier group's.
 */
export function foldCopies(groups: readonly (readonly QuotedSpan[])[]): SpanWithCopies[][] {
  const kept: SpanWithCopies[] = [];
  return groups.map((group) => {
    const out: SpanWithCopies[] = [];
    for (const span of group) {
      const original = kept.find((k) => k.docId !== span.docId && isNearDuplicate(k.text, span.text));
      if (original) {
        const copies = (original.copies ??= []);
        if (!copies.some((copy) => copy.docId === span.docId)) copies.push(span);
        continue;
      }
      const entry: SpanWithCopies = { ...span };
      kept.push(entry);
      out.push(entry);
    }
    return out;
  });
}
