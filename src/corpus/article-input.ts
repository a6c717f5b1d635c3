import path from 'node:path';
import { extractHtmlArticle, extractTextArticle, type ExtractedArticle } from './extract-article.js';
import { ArticleRefusedError, decodeText, declaredCharset, fetchArticlePage, fetchChecked, type FetchLimits } from './fetch-article.js';
import { describeUnreadableBytes, formatBytes, readArticleBytes } from './load.js';
import { articleFileText } from './save-article.js';
import { MetadataError, readFrontMatter } from './metadata.js';

/** Something a moderator asked to add: a link, a file from the terminal, or a Discord upload. */
export type ArticleInput =
  | { kind: 'url'; url: string }
  | { kind: 'file'; name: string; bytes: Uint8Array }
  /** An attachment: its file name, where to download it, and the size Discord reports. */
  | { kind: 'upload'; name: string; url: string; size: number };

/** An article read from an input, with the address it came from (null for a file). */
export interface PreparedArticle {
  article: ExtractedArticle;
  addedFrom: string | null;
}

/** How an input names itself in a reply: the link, or the file name. */
export function describeInput(input: ArticleInput): string {
  return input.kind === 'url' ? input.url : input.name;
}

const FILE_KINDS: Record<string, 'html' | 'txt' | 'md'> = { '.html': 'html', '.htm': 'html', '.txt': 'txt', '.md': 'md', '.markdown': 'md' };

function fileKind(name: string): 'html' | 'txt' | 'md' {
  const kind = FILE_KINDS[path.extname(name).toLowerCase()];
  if (!kind) throw new ArticleRefusedError(`Refused ${name}: Verbatim adds .html, .txt and .md files; save the article in one of those.`);
  return kind;
}

/** Reads an uploaded or local file as an article: HTML through Readability, text and Markdown as written. */
async function articleFromFile(name: string, bytes: Uint8Array, maxBytes: number): Promise<ExtractedArticle> {
  const kind = fileKind(name);
  if (bytes.byteLength > maxBytes) {
    throw new ArticleRefusedError(`Refused ${name}: it is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(maxBytes)} limit (MAX_FILE_BYTES).`);
  }
  const problem = describeUnreadableBytes(bytes);
  if (problem) throw new ArticleRefusedError(`Refused ${name}: it ${problem}.`);
  const text = decodeText(bytes, declaredCharset(bytes, null, kind), name);
  if (kind === 'html') return extractHtmlArticle(text, null, name);
  if (kind === 'txt') return extractTextArticle(text, 'txt', null, name);
  return markdownArticle(text, null, name);
}

/** A Markdown article: its own front matter, if any, gives its metadata; the body is what is kept. */
function markdownArticle(text: string, pageUrl: string | null, label: string): ExtractedArticle {
  try {
    const front = readFrontMatter(text);
    return extractTextArticle(text.slice(front.contentStart), 'md', pageUrl, label, front.meta);
  } catch (error) {
    if (error instanceof MetadataError) throw new ArticleRefusedError(`Refused ${label}: its ${error.message}.`);
    throw error;
  }
}

/**
 * Refuses an article whose file, as `add` would write it, the loader would skip: the same checks
 * (binary bytes, encoding, secrets, front matter), run before anything is written, so nothing is
 * reported added that is never served and no secret is written to disk by the bot.
 */
function refuseWhatTheLoaderWouldSkip(prepared: PreparedArticle, label: string, knownSecrets: readonly (string | undefined)[]): PreparedArticle {
  const fileText = articleFileText(prepared.article, prepared.addedFrom, new Date());
  const read = readArticleBytes(new TextEncoder().encode(fileText), 'md', knownSecrets);
  if (!('reason' in read)) return prepared;
  if (read.secret) {
    throw new ArticleRefusedError(`Refused ${label}: it holds ${read.secret}, which Verbatim never saves or quotes; remove it from the article (and change the token if it is real).`);
  }
  throw new ArticleRefusedError(`Refused ${label}: its text ${read.reason.split(':')[0]}, so it would never be served; save the article as plain UTF-8 text and add that.`);
}

/**
 * Fetches or reads one input and extracts its article, then checks it as the loader will.
 * `knownSecrets` are exact values never to save (the configured DISCORD_TOKEN).
 *
 * @throws ArticleRefusedError with a one-line reason when the input cannot be added.
 */
export async function prepareArticle(input: ArticleInput, limits: FetchLimits, knownSecrets: readonly (string | undefined)[] = []): Promise<PreparedArticle> {
  return refuseWhatTheLoaderWouldSkip(await readArticleInput(input, limits), describeInput(input), knownSecrets);
}

async function readArticleInput(input: ArticleInput, limits: FetchLimits): Promise<PreparedArticle> {
  if (input.kind === 'file') return { article: await articleFromFile(input.name, input.bytes, limits.maxBytes), addedFrom: null };
  if (input.kind === 'upload') {
    if (input.size > limits.maxBytes) {
      throw new ArticleRefusedError(`Refused ${input.name}: it is ${formatBytes(input.size)}, over the ${formatBytes(limits.maxBytes)} limit (MAX_FILE_BYTES).`);
    }
    fileKind(input.name);
    const fetched = await fetchChecked(input.url, limits);
    return { article: await articleFromFile(input.name, fetched.bytes, limits.maxBytes), addedFrom: null };
  }
  const page = await fetchArticlePage(input.url, limits);
  const article =
    page.kind === 'html'
      ? await extractHtmlArticle(page.text, page.finalUrl, page.finalUrl)
      : page.kind === 'md'
        ? markdownArticle(page.text, page.finalUrl, page.finalUrl)
        : extractTextArticle(page.text, 'txt', page.finalUrl, page.finalUrl);
  return { article, addedFrom: input.url.trim() };
}
