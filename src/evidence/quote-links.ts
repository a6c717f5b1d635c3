import { foldForMatching, textFragmentLink, type FoldedText } from './text-fragment.js';
import type { CitedSpan, QuotedSpan } from './types.js';

/**
 * Links that open a quote in its context: the original page scrolled to the quoted words (a text
 * fragment), or the source viewer at the quoted characters. Both are absent when there is nowhere
 * to send a reader.
 */
export interface QuoteLinks {
  /**
   * The link a reader follows: the article's own http(s) page with a text fragment on the quote,
   * else the source viewer (when it has a public address).
   */
  link?: string;
  /** The source viewer at the quoted characters, whenever the viewer has a public address. */
  viewerLink?: string;
}

/** What a link is made from: the document as indexed (its text, URL and content hash). */
export interface LinkableDocument {
  docId: string;
  text: string;
  meta: { url: string | null };
  hash: string;
}

/** The query parameters of a viewer link, read back by the viewer. */
export const VIEWER_PARAMETERS = {
  /** The generation the quote was taken from. */
  generation: 'g',
  /** The start of the quoted document's content hash: the viewer highlights only the text quoted. */
  hash: 'h',
  /** `start-end`, the quoted characters (document offsets). */
  quote: 'q',
} as const;

/** Characters of the document hash a viewer link carries: enough to tell two versions apart. */
export const VIEWER_HASH_CHARS = 16;

/** How a quote's characters read in a viewer link (`q=` and the `#q=` fragment). */
export function quoteRangeParameter(start: number, end: number): string {
  return `${start}-${end}`;
}

/**
 * `BASE/source/<docId>?g=…&h=…&q=start-end#q=start-end`: the query makes the server highlight
 * the quote (no script needed), the fragment scrolls the page to it (the `<mark>` has that id).
 */
export function viewerLinkFor(baseUrl: string, document: Pick<LinkableDocument, 'docId' | 'hash'>, generation: string, start: number, end: number): string {
  const range = quoteRangeParameter(start, end);
  const query = new URLSearchParams({
    [VIEWER_PARAMETERS.generation]: generation,
    [VIEWER_PARAMETERS.hash]: document.hash.slice(0, VIEWER_HASH_CHARS),
    [VIEWER_PARAMETERS.quote]: range,
  });
  // Parentheses and the like encoded too: the link must survive inside a markdown link.
  const docId = encodeURIComponent(document.docId).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${baseUrl.replace(/\/+$/, '')}/source/${docId}?${query.toString()}#q=${range}`;
}

/** Folded documents kept between answers: most answers quote the same few articles again. */
const FOLDED_CACHE_SIZE = 16;

/**
 * Makes each quote's links. `viewerBaseUrl` is the viewer's public address (PUBLIC_BASE_URL), or
 * null when no viewer is reachable: then only quotes of articles with an http(s) URL get a link.
 */
export class QuoteLinker {
  private readonly folded = new Map<string, FoldedText>();

  constructor(private readonly options: { viewerBaseUrl: string | null }) {}

  linksFor(span: QuotedSpan, document: LinkableDocument, generation: string): QuoteLinks {
    const links: QuoteLinks = {};
    const viewer = this.options.viewerBaseUrl ? viewerLinkFor(this.options.viewerBaseUrl, document, generation, span.start, span.end) : undefined;
    const original = document.meta.url ? textFragmentLink(document.meta.url, document.text, span.start, span.end, this.foldedText(document)) : null;
    const link = original ?? viewer;
    if (link) links.link = link;
    if (viewer) links.viewerLink = viewer;
    return links;
  }

  private foldedText(document: LinkableDocument): FoldedText {
    const key = `${document.docId}:${document.hash}`;
    const known = this.folded.get(key);
    if (known) {
      // Most recently used last, so the oldest is the one let go.
      this.folded.delete(key);
      this.folded.set(key, known);
      return known;
    }
    const folded = foldForMatching(document.text);
    this.folded.set(key, folded);
    if (this.folded.size > FOLDED_CACHE_SIZE) this.folded.delete(this.folded.keys().next().value!);
    return folded;
  }
}

/**
 * A cited span (and its copies) with their links: each copy links to its own document. `links`
 * returns nothing for a span whose document is gone; the span is then returned as it was.
 */
export function withQuoteLinks<T extends CitedSpan & { copies?: CitedSpan[] }>(span: T, links: (span: QuotedSpan) => QuoteLinks): T {
  const linked: T = { ...span, ...links(span) };
  if (span.copies) linked.copies = span.copies.map((copy) => ({ ...copy, ...links(copy) }));
  return linked;
}
