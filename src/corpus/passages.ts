import { createHash } from 'node:crypto';
import type { Passage, Sentence } from './types.js';

/** How large a passage grows. Defaults: about 60–120 words, a size embedding models read whole. */
export interface PassageOptions {
  /** A window stops growing once it has at least this many words. */
  minWords?: number;
  /** A window never grows past this many words by adding a sentence (a single long sentence may). */
  maxWords?: number;
  /** A window never grows past this many characters by adding a sentence (a run of huge "words" in a scraped page). */
  maxChars?: number;
}

export const DEFAULT_MIN_WORDS = 60;
export const DEFAULT_MAX_WORDS = 120;
/** Twice the longest sentence (MAX_SENTENCE_CHARS), so every passage stays a bounded quote. */
export const DEFAULT_MAX_CHARS = 2000;

/** Words as a reader counts them: runs of non-space characters. */
export function countWords(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(/\S+/gu)) count++;
  return count;
}

/**
 * The stable id of a passage: the first 16 hex characters of sha256(docId, start, end, text).
 * It changes exactly when the passage's place or words change, so an incremental index build can
 * reuse the vectors of passages whose id it already knows.
 */
export function passageId(docId: string, start: number, end: number, text: string): string {
  return createHash('sha256').update(`${docId}\u0000${start}\u0000${end}\u0000${text}`).digest('hex').slice(0, 16);
}

/**
 * Groups sentences into passages: windows of consecutive sentences of one paragraph, about
 * 60–120 words, consecutive windows of a paragraph sharing one sentence so an answer that straddles
 * a window edge is still found whole in one of them. A short remainder of a paragraph joins the
 * last window that has room for it. A paragraph shorter than the minimum (a
 * headline, a one-line quote) is one passage; a single sentence over the maximum is its own
 * passage. Passages never cross a paragraph: a paragraph is the author's unit of topic.
 *
 * `text` is the document text the sentences' offsets point into; a passage's text is the slice
 * from its first sentence's start to its last sentence's end, white space between them included.
 */
export function buildPassages(
  docId: string,
  text: string,
  sentences: readonly Sentence[],
  options: PassageOptions = {},
): Passage[] {
  const minWords = options.minWords ?? DEFAULT_MIN_WORDS;
  const maxWords = options.maxWords ?? DEFAULT_MAX_WORDS;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const passages: Passage[] = [];

  let paragraphStart = 0;
  while (paragraphStart < sentences.length) {
    const paragraph = sentences[paragraphStart]!.paragraph;
    let paragraphEnd = paragraphStart;
    while (paragraphEnd < sentences.length && sentences[paragraphEnd]!.paragraph === paragraph) paragraphEnd++;
    const group = sentences.slice(paragraphStart, paragraphEnd);
    const words = group.map((sentence) => countWords(sentence.text));
    /** Characters of the window from sentence `from` to sentence `to` of the group, white space between included. */
    const chars = (from: number, to: number) => group[to]!.end - group[from]!.start;

    let first = 0;
    for (;;) {
      let last = first;
      let total = words[first]!;
      while (last + 1 < group.length && total < minWords && total + words[last + 1]! <= maxWords && chars(first, last + 1) <= maxChars) {
        last++;
        total += words[last]!;
      }
      // A short tail of the paragraph joins this window rather than becoming a passage of a few
      // words that would match questions on its own, out of context.
      const tail = words.slice(last + 1).reduce((sum, count) => sum + count, 0);
      if (tail > 0 && tail < minWords / 2 && total + tail <= maxWords && chars(first, group.length - 1) <= maxChars) last = group.length - 1;
      passages.push(makePassage(docId, text, group.slice(first, last + 1)));
      if (last + 1 >= group.length) break;
      // One sentence of overlap, unless the window is a single sentence (it would repeat forever)
      // or the shared sentence and the next one are already over the maximum together (the new
      // window would hold nothing but the repeated sentence).
      const overlapFits = last > first && words[last]! + words[last + 1]! <= maxWords && chars(last, last + 1) <= maxChars;
      first = overlapFits ? last : last + 1;
    }
    paragraphStart = paragraphEnd;
  }
  return passages;
}

function makePassage(docId: string, text: string, window: readonly Sentence[]): Passage {
  const start = window[0]!.start;
  const end = window[window.length - 1]!.end;
  const passageText = text.slice(start, end);
  return {
    id: passageId(docId, start, end, passageText),
    docId,
    start,
    end,
    text: passageText,
    sentenceIndexes: window.map((sentence) => sentence.index),
  };
}
