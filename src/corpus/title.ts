import { layoutParagraphs } from './paragraphs.js';
import { countWords } from './passages.js';
import { splitSentenceSpans } from './sentences.js';

/** Titles longer than this are cut at a word boundary and end in "…". */
export const TITLE_MAX_CHARS = 100;
/** A first line longer than this is a paragraph, not a headline. */
const HEADLINE_MAX_CHARS = 150;
const HEADLINE_MAX_WORDS = 25;

/**
 * Whether a line reads as a headline: short, and not ending in a period (headlines drop it; a
 * question or exclamation mark is fine). Boilerplate lines never reach this test.
 */
export function looksLikeHeadline(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length === 0 || trimmed.length > HEADLINE_MAX_CHARS) return false;
  if (!/\p{L}/u.test(trimmed)) return false;
  if (/[.…]["'”’)]*$/u.test(trimmed)) return false;
  return countWords(trimmed) <= HEADLINE_MAX_WORDS;
}

/** Cuts `text` to at most `max` characters at a word boundary, ending in "…" when cut. */
export function shortenTitle(text: string, max = TITLE_MAX_CHARS): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // Cut at the last space unless that would leave a stub; a single huge word is cut mid-word.
  if (space > max / 3) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:—–-]+$/u, '')}…`;
}

/**
 * Derives a title from the article text when no metadata gives one: the first line when it reads
 * as a headline, otherwise the first sentence, shortened. Boilerplate (a "Previous post" link) and
 * photo captions (the prose of a "TOPSHOT – …" line) are skipped first, so they are never the
 * title. Null when the body has no article text outside captions.
 */
export function deriveTitle(text: string, contentStart: number, format: 'txt' | 'md'): string | null {
  const { paragraphs } = layoutParagraphs(text, contentStart, format);
  // A caption leads many saved pages but describes the photo, not the story.
  const first = paragraphs.find((paragraph) => !paragraph.caption);
  if (!first) return null;
  const firstParagraph = text.slice(first.start, first.end);
  // A Markdown heading was marked as a title by its author, whatever its punctuation.
  if (first.heading) return shortenTitle(firstParagraph, HEADLINE_MAX_CHARS);
  if (!firstParagraph.includes('\n') && looksLikeHeadline(firstParagraph)) return firstParagraph.trim();
  const sentence = splitSentenceSpans(text, first.start, first.end)[0];
  if (!sentence) return null;
  return shortenTitle(text.slice(sentence.start, sentence.end));
}
