import { createHash } from 'node:crypto';
import type { ServedDocument } from '../service/index.js';

/**
 * The viewer's HTML, rendered on the server: no script at all, so the Content-Security-Policy
 * allows nothing but the one inline style below (by its hash). Every piece of article text is
 * escaped; the quote is the text of one `<mark>` whose id is the `#q=start-end` fragment, so the
 * browser scrolls to it without any script.
 */

/** Characters of the article shown on each side of a quote: a page stays bounded, whatever the file. */
export const CONTEXT_CHARS = 20_000;
/** The most of one quote shown; a "sentence" longer than this is a file without sentence breaks. */
export const MAX_QUOTE_CHARS = 100_000;

const STYLE = `
:root { color-scheme: light dark; font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; }
body { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 40vh; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .4rem; overflow-wrap: anywhere; }
.about { font-family: system-ui, sans-serif; font-size: .9rem; color: #555; margin: .2rem 0; overflow-wrap: anywhere; }
.notice { font-family: system-ui, sans-serif; border-left: 4px solid #f08c00; padding: .4rem .8rem; background: rgba(240,140,0,.08); }
.skipped { font-family: system-ui, sans-serif; font-size: .85rem; color: #777; font-style: italic; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; font-size: 1.05rem; }
mark { background: #ffe066; color: #000; padding: .05em 0; scroll-margin-top: 30vh; }
mark:target { outline: 3px solid #f08c00; }
`;

/** The Content-Security-Policy of every viewer response: only the page's own inline style may run. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Text as HTML character data that reads back exactly: markup characters become references, and
 * so does a carriage return, which an HTML parser would otherwise turn into a line feed.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The start of `text` at `index` moved off the second half of a surrogate pair, so no character is split. */
function characterBoundary(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return index > 0 && index < text.length && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A page that only says something (not found, removed, a bad link). */
export function noticePage(title: string, message: string): string {
  return page(`${title} · Verbatim`, `<h1>${escapeHtml(title)}</h1>\n<p class="notice">${escapeHtml(message)}</p>`);
}

/** What the link asked to see, already checked against the document by the server. */
export interface SourceView {
  document: ServedDocument;
  /** The generation the link names (the one the quote came from); null when it names none. */
  quotedGeneration: string | null;
  /** The quoted characters to highlight, or null (no quote asked, or the article changed since). */
  quote: { start: number; end: number } | null;
  /** Why a quote the link asked for is not highlighted; null when nothing is wrong. */
  warning: string | null;
}

/** The link to the original article, only ever an http(s) address. */
function originalLink(url: string | null): string {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return '';
  } catch {
    return '';
  }
  return ` · <a href="${escapeHtml(url)}" rel="noopener noreferrer nofollow">original article</a>`;
}

function skippedNote(count: number, where: 'before' | 'after'): string {
  return count > 0 ? `<p class="skipped">[${count.toLocaleString('en')} characters ${where === 'before' ? 'before this' : 'after this'} not shown]</p>\n` : '';
}

/**
 * The article as indexed, with the quote (when there is one) as the text of `<mark id="q=start-end">`
 * and at most {@link CONTEXT_CHARS} characters of context on each side.
 */
export function sourcePage(view: SourceView): string {
  const { document, quote } = view;
  const text = document.text;
  const title = document.meta.title || document.docId;
  const about = [document.meta.source, document.meta.published?.slice(0, 10)].filter((part): part is string => Boolean(part)).join(', ');
  const header = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="about">${escapeHtml(about || 'Outlet and date unknown')}${originalLink(document.meta.url)}</p>`,
    `<p class="about">Document <code>${escapeHtml(document.docId)}</code> as indexed in generation <code>${escapeHtml(document.generation)}</code>` +
      (view.quotedGeneration && view.quotedGeneration !== document.generation ? `; quoted from generation <code>${escapeHtml(view.quotedGeneration)}</code>` : '') +
      (quote ? `; characters ${quote.start}–${quote.end} highlighted` : '') +
      '.</p>',
  ];
  if (view.warning) header.push(`<p class="notice">${escapeHtml(view.warning)}</p>`);

  let body: string;
  if (quote) {
    const quoteEnd = characterBoundary(text, Math.min(quote.end, quote.start + MAX_QUOTE_CHARS));
    const from = characterBoundary(text, Math.max(0, quote.start - CONTEXT_CHARS));
    const to = characterBoundary(text, Math.min(text.length, quoteEnd + CONTEXT_CHARS));
    const cut = quoteEnd < quote.end ? `<p class="notice">The quote is ${(quote.end - quote.start).toLocaleString('en')} characters long; its first ${(quoteEnd - quote.start).toLocaleString('en')} are shown.</p>\n` : '';
    body =
      cut +
      skippedNote(from, 'before') +
      `<div class="text">${escapeHtml(text.slice(from, quote.start))}<mark id="q=${quote.start}-${quote.end}">${escapeHtml(text.slice(quote.start, quoteEnd))}</mark>${escapeHtml(text.slice(quoteEnd, to))}</div>\n` +
      skippedNote(text.length - to, 'after');
  } else {
    const to = characterBoundary(text, Math.min(text.length, 2 * CONTEXT_CHARS));
    body = `<div class="text">${escapeHtml(text.slice(0, to))}</div>\n${skippedNote(text.length - to, 'after')}`;
  }
  return page(`${title} · Verbatim source`, `<header>\n${header.join('\n')}\n</header>\n<main>\n${body}</main>`);
}
