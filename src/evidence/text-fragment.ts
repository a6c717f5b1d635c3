/**
 * URL text fragments (WICG Text Fragments, https://wicg.github.io/scroll-to-text-fragment/):
 * `#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`, which a browser that supports them
 * (Chromium, Safari, Firefox 131+) scrolls to and highlights. A quote's link to its original
 * page carries one, chosen so that the browser's first match is the quoted occurrence.
 */

/** The parts of one `text=` directive, as plain (unencoded) text. */
export interface TextDirective {
  prefix?: string;
  textStart: string;
  textEnd?: string;
  suffix?: string;
}

/**
 * Sentences up to this many words are matched whole (`text=sentence`); longer ones by their first
 * and last words (`text=start,end`), which keeps the link short and tolerates a page whose
 * middle differs a little from the indexed text.
 */
const WHOLE_SENTENCE_WORDS = 8;
/** Words of the sentence each end of a `start,end` directive starts with, and the most it grows to. */
const FIRST_EDGE_WORDS = 3;
const MAX_EDGE_WORDS = 8;
/** Characters on each side of a quote that context words are taken from. */
const CONTEXT_WINDOW = 400;
/** Words of context tried on each side when the sentence also occurs elsewhere. */
const MAX_CONTEXT_WORDS = 5;
/**
 * Places a candidate's first words may match before the search gives up on it: a file that repeats
 * one sentence thousands of times gets no fragment rather than a slow answer.
 */
const MAX_STARTS_TRIED = 500;
/** A directive longer than this (encoded) is not worth a link: a reader's chat client would cut it. */
export const MAX_TEXT_DIRECTIVE_CHARS = 400;

/**
 * The spec's percent-encode set for a directive term is the fragment percent-encode set plus
 * `&`, `,` and `-`. `encodeURIComponent` encodes a superset of it (every non-ASCII and reserved
 * character); on top of it we encode `-` (required), and `!'()*~`, which the spec allows raw but
 * which would end a markdown link or read as markdown in a chat message. Percent-decoding restores
 * each of them, so the directive means the same.
 */
export function encodeTextDirectiveTerm(term: string): string {
  return encodeURIComponent(term).replace(/[-!'()*~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `text=…` for a directive: each term encoded, `prefix-,` and `,-suffix` marked as the spec says. */
export function formatTextDirective(directive: TextDirective): string {
  const parts: string[] = [];
  if (directive.prefix !== undefined) parts.push(`${encodeTextDirectiveTerm(directive.prefix)}-`);
  parts.push(encodeTextDirectiveTerm(directive.textStart));
  if (directive.textEnd !== undefined) parts.push(encodeTextDirectiveTerm(directive.textEnd));
  if (directive.suffix !== undefined) parts.push(`-${encodeTextDirectiveTerm(directive.suffix)}`);
  return `text=${parts.join(',')}`;
}

/**
 * Parses `text=…` (with or without `text=`) back into its terms, as the spec's "parse a text
 * directive" does; null when it is not a valid directive.
 */
export function parseTextDirective(value: string): TextDirective | null {
  const body = value.startsWith('text=') ? value.slice(5) : value;
  const tokens = body.split(',');
  if (tokens.length > 4) return null;
  const directive: Partial<TextDirective> = {};
  try {
    if (tokens[0]!.endsWith('-')) directive.prefix = decodeURIComponent(tokens.shift()!.slice(0, -1));
    if (tokens.length > 0 && tokens[tokens.length - 1]!.startsWith('-')) directive.suffix = decodeURIComponent(tokens.pop()!.slice(1));
    if (tokens.length < 1 || tokens.length > 2) return null;
    directive.textStart = decodeURIComponent(tokens[0]!);
    if (tokens.length === 2) directive.textEnd = decodeURIComponent(tokens[1]!);
  } catch {
    return null;
  }
  if (directive.textStart === '' || directive.textEnd === '' || directive.prefix === '' || directive.suffix === '') return null;
  return directive as TextDirective;
}

/**
 * Text folded the way a browser may compare it, or more loosely: white space collapsed to one
 * space, letters lower-cased, accents dropped. `origin[i]` is the offset in the original text of
 * folded character `i` (and `origin[folded.length]` the original length), so a match maps back.
 * Folding more loosely than the browser can only find more matches, never fewer: a directive this
 * module judges unambiguous is unambiguous in the browser too.
 */
export interface FoldedText {
  folded: string;
  origin: Int32Array;
}

export function foldForMatching(text: string): FoldedText {
  const parts: string[] = [];
  let origin = new Int32Array(text.length + 16);
  let length = 0;
  const map = (offset: number) => {
    if (length === origin.length) {
      const grown = new Int32Array(origin.length * 2);
      grown.set(origin);
      origin = grown;
    }
    origin[length++] = offset;
  };
  let inSpace = false;
  let offset = 0;
  while (offset < text.length) {
    // A run of ASCII that is not white space (most of any article) is copied lower-cased in one go.
    let run = offset;
    while (run < text.length) {
      const code = text.charCodeAt(run);
      if (code >= 0x80 || code === 0x20 || (code >= 0x09 && code <= 0x0d)) break;
      run++;
    }
    if (run > offset) {
      parts.push(text.slice(offset, run).toLowerCase());
      for (let i = offset; i < run; i++) map(i);
      inSpace = false;
      offset = run;
      continue;
    }
    const character = String.fromCodePoint(text.codePointAt(offset)!);
    if (/\s/u.test(character)) {
      if (!inSpace) {
        parts.push(' ');
        map(offset);
      }
      inSpace = true;
    } else {
      inSpace = false;
      const simple = character.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      for (let i = 0; i < simple.length; i++) map(offset);
      parts.push(simple);
    }
    offset += character.length;
  }
  map(text.length);
  return { folded: parts.join(''), origin: origin.subarray(0, length) };
}

/** A term folded like the text it is searched in, trimmed (the browser trims around terms too). */
function foldTerm(term: string): string {
  return foldForMatching(term).folded.trim();
}

/** The position after any spaces from `at`. */
function skipSpace(text: string, at: number): number {
  while (text[at] === ' ') at++;
  return at;
}

/**
 * Where a browser's first match of `directive` would be in `text` (original offsets), following
 * the spec's "find a range from a text directive": a prefix, then (after white space) the start;
 * the first end after the start; a suffix right after (white space between), else a later end,
 * else the next start. Word boundaries are not required here (the browser requires them), which
 * only ever finds more candidates. Null when nothing matches.
 */
export function findTextDirective(text: string | FoldedText, directive: TextDirective, maxStarts = Infinity): { start: number; end: number } | null {
  const { folded, origin } = typeof text === 'string' ? foldForMatching(text) : text;
  const prefix = directive.prefix !== undefined ? foldTerm(directive.prefix) : undefined;
  const textStart = foldTerm(directive.textStart);
  const textEnd = directive.textEnd !== undefined ? foldTerm(directive.textEnd) : undefined;
  const suffix = directive.suffix !== undefined ? foldTerm(directive.suffix) : undefined;
  if (textStart === '' || textEnd === '' || prefix === '' || suffix === '') return null;
  let searchFrom = 0;
  for (let tried = 0; tried < maxStarts; tried++) {
    let matchStart: number;
    if (prefix !== undefined) {
      const at = folded.indexOf(prefix, searchFrom);
      if (at < 0) return null;
      searchFrom = at + 1;
      matchStart = skipSpace(folded, at + prefix.length);
      if (!folded.startsWith(textStart, matchStart)) continue;
    } else {
      matchStart = folded.indexOf(textStart, searchFrom);
      if (matchStart < 0) return null;
      searchFrom = matchStart + 1;
    }
    const startEnd = matchStart + textStart.length;
    if (textEnd === undefined) {
      if (suffix === undefined || folded.startsWith(suffix, skipSpace(folded, startEnd))) return { start: origin[matchStart]!, end: origin[startEnd]! };
      continue;
    }
    let endFrom = startEnd;
    for (;;) {
      const endAt = folded.indexOf(textEnd, endFrom);
      if (endAt < 0) break;
      const matchEnd = endAt + textEnd.length;
      if (suffix === undefined || folded.startsWith(suffix, skipSpace(folded, matchEnd))) return { start: origin[matchStart]!, end: origin[matchEnd]! };
      endFrom = endAt + 1;
    }
    // No end (with its suffix) after this start: the spec moves on to the next start.
  }
  return null;
}

/** Half of a surrogate pair on its own: not text a URL can carry (encodeURIComponent throws). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The words of a stretch of text (runs of non-space characters), in order. */
function wordsOf(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word.length > 0);
}

/**
 * Up to `count` whole words of the document just before `start` (or just after `end`), within the
 * same line: a browser matches a prefix or suffix within the text of one block, and a line is a
 * paragraph in a `.txt` article.
 */
function contextWords(text: string, at: number, side: 'before' | 'after', count: number): string | undefined {
  if (count === 0) return undefined;
  // A bounded stretch: the words next to the quote, never a whole 5 MB line.
  const near = side === 'before' ? text.slice(Math.max(0, at - CONTEXT_WINDOW), at) : text.slice(at, at + CONTEXT_WINDOW);
  const line = side === 'before' ? near.slice(near.lastIndexOf('\n') + 1) : near.split('\n', 1)[0]!;
  // Cut off by the window rather than a line break: the first (or last) word may be partial.
  const cut = side === 'before' ? at - CONTEXT_WINDOW > 0 && !near.includes('\n') : at + CONTEXT_WINDOW < text.length && !near.includes('\n');
  // A partial word at the edge (the quote starts mid-word) cannot be context: it is not a whole word.
  const words = wordsOf(line);
  if (side === 'before' && /\S$/u.test(line) && words.length > 0) words.pop();
  if (side === 'after' && /^\S/u.test(line) && words.length > 0) words.shift();
  if (cut && words.length > 0) {
    if (side === 'before') words.shift();
    else words.pop();
  }
  const picked = side === 'before' ? words.slice(-count) : words.slice(0, count);
  return picked.length === count ? picked.join(' ') : undefined;
}

/**
 * The directive that makes a browser highlight `text.slice(start, end)` (a quoted sentence) and
 * not an earlier occurrence of the same words: the sentence whole when short, else its first and
 * last words; then as little context (suffix, prefix) as makes the first match the quoted one.
 * Null when no directive within {@link MAX_TEXT_DIRECTIVE_CHARS} picks it out (the sentence
 * repeats with the same surroundings), or the quote is not well-formed text.
 */
export function textDirectiveFor(documentText: string, start: number, end: number, folded: FoldedText = foldForMatching(documentText)): TextDirective | null {
  const quote = documentText.slice(start, end);
  if (LONE_SURROGATE.test(quote) || quote.trim() === '') return null;
  const words = wordsOf(quote);
  // Where the quote's folded form begins and ends, to compare a match with (leading/trailing space aside).
  const quoteStart = start + (quote.length - quote.trimStart().length);
  const quoteEnd = end - (quote.length - quote.trimEnd().length);
  const shapes: TextDirective[] = [];
  if (words.length <= WHOLE_SENTENCE_WORDS) shapes.push({ textStart: words.join(' ') });
  for (let edge = FIRST_EDGE_WORDS; edge <= MAX_EDGE_WORDS && edge * 2 < words.length; edge++) {
    shapes.push({ textStart: words.slice(0, edge).join(' '), textEnd: words.slice(-edge).join(' ') });
  }
  if (shapes.length === 0) shapes.push({ textStart: words.join(' ') });
  for (const shape of shapes) {
    for (let context = 0; context <= MAX_CONTEXT_WORDS; context++) {
      // Suffix first: a quote often starts a paragraph (no prefix there) but seldom ends one.
      const candidates: TextDirective[] = [];
      for (const [before, after] of [
        [0, context],
        [context, 0],
        [context, context],
      ] as const) {
        const prefix = contextWords(documentText, start, 'before', before);
        const suffix = contextWords(documentText, end, 'after', after);
        if ((before > 0 && prefix === undefined) || (after > 0 && suffix === undefined)) continue;
        candidates.push({ ...(prefix !== undefined ? { prefix } : {}), ...shape, ...(suffix !== undefined ? { suffix } : {}) });
      }
      for (const candidate of candidates) {
        // Context with a broken character cannot be percent-encoded: try another shape.
        if (LONE_SURROGATE.test(`${candidate.prefix ?? ''}${candidate.suffix ?? ''}`)) continue;
        if (formatTextDirective(candidate).length > MAX_TEXT_DIRECTIVE_CHARS) continue;
        const match = findTextDirective(folded, candidate, MAX_STARTS_TRIED);
        if (match && match.start === quoteStart && match.end === quoteEnd) return candidate;
      }
    }
  }
  return null;
}

/**
 * `url` with a text fragment that highlights the quoted characters, or null when `url` is not an
 * http(s) address or no directive picks the quote out. A fragment the URL already has is kept
 * (`#section:~:text=…`); a fragment directive it already has is replaced.
 */
export function textFragmentLink(url: string, documentText: string, start: number, end: number, folded?: FoldedText): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const directive = textDirectiveFor(documentText, start, end, folded);
  if (!directive) return null;
  const hash = parsed.hash.replace(/^#/, '');
  const kept = hash.includes(':~:') ? hash.slice(0, hash.indexOf(':~:')) : hash;
  parsed.hash = '';
  return `${parsed.href}#${kept}:~:${formatTextDirective(directive)}`;
}
