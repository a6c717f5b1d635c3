import { words } from '../text/index.js';
import type { QuotedSpan, SpanWithCopies } from './types.js';

/** Shorter sentences ("He declined to comment.") recur by chance, not by copying. */
const MIN_WORDS = 6;
/** Share of distinct words two sentences must share (Jaccard) to count as one sentence. */
const MIN_OVERLAP = 0.8;

/**
 * A test of "is this the same sentence as `text`, as printed by another outlet": nearly all their
 * words in common (wire copy is often lightly edited: a name spelled out, a clause cut), and long
 * enough that the overlap is not chance. `text` is read once, however many sentences are tested.
 */
export function sameSentenceAs(text: string): (other: string) => boolean {
  const repeats = sameWordsAs(words(text));
  return (other) => repeats(words(other));
}

/**
 * The same test over words already folded (`words` of src/text/), for a caller that keeps each
 * sentence's words: nothing is tokenised again, however many sentences are compared.
 */
export function sameWordsAs(own: readonly string[]): (theirs: readonly string[]) => boolean {
  if (own.length < MIN_WORDS) return () => false;
  const ownSet = new Set(own);
  return (theirs) => {
    if (theirs.length < MIN_WORDS) return false;
    const theirSet = new Set(theirs);
    let shared = 0;
    for (const word of ownSet) if (theirSet.has(word)) shared++;
    return shared / (ownSet.size + theirSet.size - shared) >= MIN_OVERLAP;
  };
}

/** Whether two sentences are one sentence printed by two outlets (see `sameSentenceAs`). */
export function isNearDuplicate(a: string, b: string): boolean {
  return sameSentenceAs(a)(b);
}

/**
 * Folds each span that repeats an earlier one from another document (the same wire sentence in
 * another outlet) into that earlier span, as one of its copies; the groups keep their order and
 * what is left of them. A later group's span can fold into an earlier group's.
 */
export function foldCopies(groups: readonly (readonly QuotedSpan[])[]): SpanWithCopies[][] {
  const kept: { entry: SpanWithCopies; repeats: (text: string) => boolean }[] = [];
  return groups.map((group) => {
    const out: SpanWithCopies[] = [];
    for (const span of group) {
      const original = kept.find((k) => k.entry.docId !== span.docId && k.repeats(span.text))?.entry;
      if (original) {
        const copies = (original.copies ??= []);
        if (!copies.some((copy) => copy.docId === span.docId)) copies.push(span);
        continue;
      }
      const entry: SpanWithCopies = { ...span };
      kept.push({ entry, repeats: sameSentenceAs(span.text) });
      out.push(entry);
    }
    return out;
  });
}
