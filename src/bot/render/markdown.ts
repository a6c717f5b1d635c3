/**
 * Escaping and truncation for text shown in Discord. Quoted article text is never changed: the
 * only edits are backslash escapes (Discord renders `\*` as `*`, so the displayed text reads
 * exactly like the article) and, when something must be shortened, a cut at a word boundary
 * followed by an ellipsis.
 */

/** A link target that cannot break out of a markdown link: http(s), no spaces or brackets. */
const SAFE_URL = /^https?:\/\/[^\s()<>[\]]+$/;

/** `url` if it can be shown as a markdown link and is at most `max` characters long, else null. */
export function safeLink(url: string | null | undefined, max: number): string | null {
  return url && SAFE_URL.test(url) && url.length <= max ? url : null;
}

/** Document ids are file names; keep them inside a code span without a backtick, at most `max` characters. */
export function escapeDocId(docId: string, max: number): string {
  return docId.replace(/`/g, "'").slice(0, max);
}

/** Characters that start Discord markdown, a mention or a link anywhere on a line. */
const ALWAYS_ESCAPED = /[\\*_~`|[\]<>@]/g;
/** Characters that only mean something at the start of a line: headings, lists, quotes, subtext. */
const LINE_START = /^([ \t]*)([#\-+])/gm;
/** `1. item` at the start of a line renders as a numbered list. */
const NUMBERED_LIST = /^([ \t]*\d+)\./gm;

/**
 * Escapes `text` so that Discord displays it character for character: no bold, no links, no
 * mentions, no headings. Every escape is a backslash before an ASCII punctuation character, so
 * {@link unescapeMarkdown} recovers the original exactly.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(ALWAYS_ESCAPED, (character) => `\\${character}`)
    .replace(LINE_START, (_match, indent: string, marker: string) => `${indent}\\${marker}`)
    .replace(NUMBERED_LIST, (_match, number: string) => `${number}\\.`);
}

/** What Discord displays for escaped text: each backslash escape of punctuation becomes the character. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The longest prefix of `raw` that ends at a word boundary and whose escaped form plus an
 * ellipsis is at most `maxLength` characters, escaped and followed by the ellipsis. Returns the
 * whole text escaped when it fits. Never splits a surrogate pair or a grapheme cluster; a word is
 * only cut when a single word is longer than the whole budget. Returns '' when not even one
 * character fits.
 */
export function escapeAndTruncate(raw: string, maxLength: number): string {
  const whole = escapeMarkdown(raw);
  if (whole.length <= maxLength) return whole;
  if (maxLength < 1 + ELLIPSIS.length) return '';
  const budget = maxLength - ELLIPSIS.length;

  // Cut points just before a run of white space, so the kept text ends with a whole word.
  const wordEnds: number[] = [];
  for (const match of raw.matchAll(/\s+/g)) {
    if (match.index > 0) wordEnds.push(match.index);
  }
  const fits = (end: number) => escapeMarkdown(raw.slice(0, end)).length <= budget;
  // Escaped length grows with the prefix, so binary search for the last fitting word end.
  let low = 0;
  let high = wordEnds.length - 1;
  let best = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (fits(wordEnds[middle]!)) {
      best = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (best >= 0) return `${escapeMarkdown(raw.slice(0, wordEnds[best]!))}${ELLIPSIS}`;

  // One word longer than the budget: cut between grapheme clusters.
  let kept = '';
  for (const { segment } of graphemes.segment(raw)) {
    if (escapeMarkdown(kept + segment).length > budget) break;
    kept += segment;
  }
  return kept.length > 0 ? `${escapeMarkdown(kept)}${ELLIPSIS}` : '';
}

/** Shortens plain (unrendered) text such as a button label or footer, on a word boundary. */
export function truncatePlain(raw: string, maxLength: number): string {
  if (raw.length <= maxLength) return raw;
  if (maxLength < 2) return '';
  const budget = maxLength - ELLIPSIS.length;
  const cut = raw.slice(0, budget + 1);
  const lastSpace = cut.search(/\s\S*$/);
  if (lastSpace > 0) return `${raw.slice(0, lastSpace)}${ELLIPSIS}`;
  let kept = '';
  for (const { segment } of graphemes.segment(raw)) {
    if (kept.length + segment.length > budget) break;
    kept += segment;
  }
  return kept.length > 0 ? `${kept}${ELLIPSIS}` : '';
}
