import type { parseHTML as ParseHtml } from 'linkedom';
import { detectBoilerplateLine } from './boilerplate.js';
import { ArticleRefusedError } from './fetch-article.js';
import type { PartialMeta } from './metadata.js';
import { deriveTitle } from './title.js';

/** An article ready to be saved: its text as Markdown paragraphs, and what is known about it. */
export interface ExtractedArticle {
  title: string;
  /** Paragraphs separated by blank lines; sub-headings as `## `, list items as `- `. */
  body: string;
  meta: Required<Omit<PartialMeta, 'title'>>;
}

/** Fewer characters of article text than this: Readability found no article (a paywall, a script-only page). */
export const MIN_ARTICLE_CHARS = 200;

type HtmlDocument = ReturnType<typeof ParseHtml>['document'];
type Element = ReturnType<HtmlDocument['querySelector']> & object;

/**
 * The DOM and Readability, loaded on the first page read: every process that imports the corpus
 * stage (a build process, each CLI command) would otherwise pay for them at start-up.
 */
let htmlTools: Promise<{ parseHTML: typeof ParseHtml; Readability: typeof import('@mozilla/readability').Readability }> | null = null;
function loadHtmlTools() {
  htmlTools ??= Promise.all([import('linkedom'), import('@mozilla/readability')]).then(([linkedom, readability]) => ({
    parseHTML: linkedom.parseHTML,
    Readability: readability.Readability,
  }));
  return htmlTools;
}

/**
 * Elements that are never article text. Readability drops most of them by itself; removing them
 * first keeps a cookie banner or a newsletter box that sits inside the article container out too.
 */
const NEVER_ARTICLE = 'script, style, noscript, template, iframe, svg, form, nav, footer, aside, button, [role="navigation"], [role="banner"], [role="contentinfo"], [role="dialog"], [aria-modal="true"]';
const NEVER_ARTICLE_CLASS =
  /(?:^|[-_\s])(?:cookie|consent|gdpr|newsletter|subscribe|subscription|signup|share|sharing|social|related|recommended|promo|advert|advertisement|ad|ads|sponsor|app-banner|app-promo|download-app|paywall|outbrain|taboola|breadcrumbs?|comments?|byline|dateline)(?:$|[-_\s])/i;

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function metaContent(document: HtmlDocument, selector: string): string | null {
  const value = document.querySelector(selector)?.getAttribute('content')?.trim();
  return value ? value : null;
}

/** A URL resolved against the page's address, kept only when it is http(s). */
function resolveHttpUrl(href: string | null | undefined, base: string | null): string | null {
  if (!href?.trim()) return null;
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An ISO date from a date string a page gave, or null when it is not a date. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return Number.isNaN(Date.parse(trimmed)) ? null : trimmed;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

const NEWS_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|WebPage)$/;

function namesOf(value: unknown): string | null {
  const list = Array.isArray(value) ? value : [value];
  const names = list
    .map((item) => (typeof item === 'string' ? item : item && typeof item === 'object' ? (item as { name?: unknown }).name : null))
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '' && !/^https?:\/\//.test(name.trim()))
    .map((name) => name.trim());
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

/** The first JSON-LD object typed as a news article (inside arrays and `@graph` too), best type first. */
function jsonLdArticle(document: HtmlDocument): Record<string, unknown> | null {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const types = ([] as unknown[]).concat(record['@type'] ?? []).map(String);
    if (types.some((type) => NEWS_TYPES.test(type))) found.push(record);
    if (record['@graph']) visit(record['@graph']);
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A malformed block on a real page is common; the other sources of metadata still apply.
    }
  }
  const rank = (record: Record<string, unknown>) => (([] as unknown[]).concat(record['@type']).map(String).some((t) => /News|Reportage/.test(t)) ? 0 : /WebPage/.test(String(record['@type'])) ? 2 : 1);
  return found.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** A separator between a headline and the site's name in a `<title>`: "Headline | Site", "Headline - Site". */
const TITLE_SEPARATOR = /\s+(?:[|\-–—»·/\\]|::?)\s+/gu;

/**
 * A `<title>` without the site's name after it, as Readability's own title logic does: when the
 * page's `<h1>` is the title up to a separator ("Pentagon boss to visit … | Channels Television"),
 * the `<h1>`'s words are the headline. Otherwise the title is kept as written.
 */
export function withoutSiteSuffix(title: string, headings: readonly string[]): string {
  const flat = title.replace(/\s+/gu, ' ').trim();
  for (const separator of flat.matchAll(TITLE_SEPARATOR)) {
    const headline = flat.slice(0, separator.index).trim();
    if (headline && headings.some((heading) => heading.replace(/\s+/gu, ' ').trim().toLowerCase() === headline.toLowerCase())) return headline;
  }
  return flat;
}

interface PageMetadata {
  title: string | null;
  source: string | null;
  url: string | null;
  published: string | null;
  author: string | null;
}

/** Metadata from JSON-LD, Open Graph, `<meta name="author">`, `<time datetime>` and the canonical link, in that order of trust. */
function readPageMetadata(document: HtmlDocument, pageUrl: string | null): PageMetadata {
  const ld = jsonLdArticle(document);
  const ldString = (key: string) => (typeof ld?.[key] === 'string' && (ld[key] as string).trim() !== '' ? (ld[key] as string).trim() : null);
  const canonical = resolveHttpUrl(document.querySelector('link[rel~="canonical"]')?.getAttribute('href'), pageUrl) ?? resolveHttpUrl(metaContent(document, 'meta[property="og:url"]'), pageUrl);
  const timeElement = document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  const metaAuthor = metaContent(document, 'meta[name="author"]');
  return {
    title:
      ldString('headline') ??
      metaContent(document, 'meta[property="og:title"]') ??
      (withoutSiteSuffix(text(document.querySelector('title')), [...document.querySelectorAll('h1')].map((heading) => text(heading as Element))) || null),
    source: namesOf(ld?.publisher) ?? metaContent(document, 'meta[property="og:site_name"]'),
    url: canonical,
    published:
      isoDate(ld?.datePublished) ??
      isoDate(metaContent(document, 'meta[property="article:published_time"]')) ??
      isoDate(timeElement?.getAttribute('datetime')) ??
      isoDate(ld?.dateCreated),
    author: namesOf(ld?.author) ?? (metaAuthor && !/^https?:\/\//.test(metaAuthor) ? metaAuthor : null),
  };
}

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'DD', 'DT', 'FIGCAPTION', 'TD']);

/** Photo captions stay: the loader quotes their prose and leaves their slug and credit out itself. */
function isDroppedBoilerplate(line: string): boolean {
  const kind = detectBoilerplateLine(line);
  return kind !== null && kind !== 'photo-caption' && kind !== 'photo-credit';
}

/**
 * The article's blocks as Markdown lines, in document order; a block holding blocks is read through
 * its children. Which elements hold a block is worked out once, bottom up, so the walk is linear in
 * the number of elements: asking every element for all its descendants at every level took minutes
 * on a page of a few thousand nested elements.
 */
function paragraphsOf(root: Element): string[] {
  const holdsBlock = new Set<Element>();
  // Elements in document order (parents before children), then visited backwards: children first.
  const ordered: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    ordered.push(element);
    const children = [...(element.children as unknown as Element[])];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  for (let i = ordered.length - 1; i > 0; i--) {
    const element = ordered[i]!;
    const parent = element.parentElement as Element | null;
    if (parent && (holdsBlock.has(element) || BLOCKS.has(element.tagName.toUpperCase()))) holdsBlock.add(parent);
  }
  const out: string[] = [];
  const visit = (element: Element) => {
    for (const child of element.children as unknown as Element[]) {
      const tag = child.tagName.toUpperCase();
      if (!BLOCKS.has(tag) || holdsBlock.has(child)) {
        visit(child);
        continue;
      }
      const line = text(child);
      if (line === '' || isDroppedBoilerplate(line)) continue;
      if (/^H[1-6]$/.test(tag)) out.push(`## ${line}`);
      else if (tag === 'LI') out.push(`- ${line}`);
      else if (tag === 'BLOCKQUOTE') out.push(`> ${line}`);
      else out.push(line);
    }
  };
  visit(root);
  return out;
}

/**
 * Elements nested deeper than this are no article: real news pages stay well under 100 levels.
 * Readability's scoring walks the ancestors of every candidate, so a hostile page of thousands of
 * nested elements would hold the bot's event loop for minutes; it is refused after parsing instead
 * (parsing itself is linear).
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * More elements than this are no article page either: nine in ten web pages have under 5,000,
 * and Readability over linkedom takes seconds per ten thousand on the bot's main thread.
 */
export const MAX_PAGE_ELEMENTS = 15_000;

/** How deep elements nest under `root` and how many there are, counted without recursion and given up once past a limit. */
function pageShape(root: Element, limits: { depth: number; elements: number }): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: Array<[Element, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [element, level] = stack.pop()!;
    elements++;
    if (level > depth) depth = level;
    if (depth > limits.depth || elements > limits.elements) break;
    for (const child of element.children as unknown as Element[]) stack.push([child, level + 1]);
  }
  return { depth, elements };
}

/**
 * Parses a page into a whole document. linkedom builds no <html> element for text without tags,
 * an empty file or a bare fragment, and Readability then throws; such input is parsed again
 * inside an empty document, so it is read (or refused for too little text) like any page.
 */
function parseDocument(parseHTML: typeof ParseHtml, html: string): HtmlDocument {
  const { document } = parseHTML(html);
  if (document.documentElement && document.body) return document;
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * Extracts the article of an HTML page with Readability over a linkedom DOM: the article's
 * paragraphs as paragraphs, without navigation, banners, prompts, related links, ads, scripts or
 * footers. `pageUrl` is the address it was fetched from (after redirects), or null for an upload.
 *
 * @throws ArticleRefusedError when Readability finds almost no article text.
 */
export async function extractHtmlArticle(html: string, pageUrl: string | null, label: string): Promise<ExtractedArticle> {
  const { parseHTML, Readability } = await loadHtmlTools();
  const document = parseDocument(parseHTML, html);
  const shape = pageShape(document.documentElement as Element, { depth: MAX_NESTING_DEPTH, elements: MAX_PAGE_ELEMENTS });
  if (shape.depth > MAX_NESTING_DEPTH) {
    throw new ArticleRefusedError(
      `Refused ${label}: its elements are nested over ${MAX_NESTING_DEPTH} levels deep, which no article page needs; save the article as .txt and upload it instead.`,
    );
  }
  if (shape.elements > MAX_PAGE_ELEMENTS) {
    throw new ArticleRefusedError(
      `Refused ${label}: the page has over ${MAX_PAGE_ELEMENTS.toLocaleString('en')} elements, more than any article page needs; save the article as .txt and upload it instead.`,
    );
  }
  const metadata = readPageMetadata(document, pageUrl);
  for (const element of document.querySelectorAll(NEVER_ARTICLE)) element.remove();
  for (const element of document.querySelectorAll('[class], [id]')) {
    const tag = element.tagName.toUpperCase();
    if (tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') continue;
    if (NEVER_ARTICLE_CLASS.test(`${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`)) element.remove();
  }
  let parsed: ReturnType<InstanceType<typeof Readability>['parse']>;
  try {
    parsed = new Readability(document as unknown as Document, { charThreshold: MIN_ARTICLE_CHARS }).parse();
  } catch (error) {
    // A page Readability cannot read is this input's problem only: the request's other inputs go on.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
    throw new ArticleRefusedError(`Refused ${label}: no article could be read from the page (${reason}); save the article as .txt and upload it instead.`);
  }
  const paragraphs = parsed?.content ? paragraphsOf(parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`).document.body as Element) : [];
  const firstHeading = paragraphs.find((line) => line.startsWith('## '))?.slice(3) ?? null;
  const title = metadata.title || parsed?.title?.trim() || firstHeading || null;
  // Readability keeps the headline as the first block now and then: it is in the front matter already.
  if (title && paragraphs[0]?.replace(/^## /, '') === title) paragraphs.shift();
  const body = paragraphs.join('\n\n');
  const articleChars = paragraphs.filter((line) => !line.startsWith('## ')).join(' ').length;
  if (articleChars < MIN_ARTICLE_CHARS) {
    throw new ArticleRefusedError(
      `Refused ${label}: almost no article text found (${articleChars} characters, fewer than the ${MIN_ARTICLE_CHARS} an article needs); the page may need JavaScript or a login: save the article as .txt and upload it instead.`,
    );
  }
  const url = metadata.url ?? pageUrl;
  const byline = parsed?.byline?.replace(/^by\s+/i, '').trim();
  return {
    title: title ?? hostOf(url) ?? 'Untitled article',
    body,
    meta: {
      source: metadata.source ?? parsed?.siteName?.trim() ?? hostOf(url),
      url,
      published: metadata.published ?? isoDate(parsed?.publishedTime ?? null),
      author: metadata.author ?? (byline ? byline : null),
    },
  };
}

/**
 * A plain-text or Markdown article: its text kept as written. Plain text whose lines are its
 * paragraphs (no blank line anywhere) gets a blank line between them, since the file is saved as
 * Markdown, where single line breaks join lines.
 */
export function extractTextArticle(input: string, kind: 'txt' | 'md', pageUrl: string | null, label: string, meta: PartialMeta = {}): ExtractedArticle {
  let body = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
  if (kind === 'txt' && !/\n[ \t]*\n/.test(body)) body = body.split('\n').map((line) => line.trim()).filter(Boolean).join('\n\n');
  if (body.replace(/\s+/g, ' ').length < MIN_ARTICLE_CHARS) {
    throw new ArticleRefusedError(`Refused ${label}: almost no article text (${body.length} characters, fewer than the ${MIN_ARTICLE_CHARS} an article needs); add the whole article.`);
  }
  const url = meta.url ?? pageUrl;
  return {
    title: meta.title ?? deriveTitle(body, 0, 'md') ?? hostOf(url) ?? 'Untitled article',
    body,
    meta: { source: meta.source ?? hostOf(url), url, published: meta.published ?? null, author: meta.author ?? null },
  };
}
