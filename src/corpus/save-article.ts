import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import slugify from '@sindresorhus/slugify';
import { stringify as stringifyYaml } from 'yaml';
import { UserError } from '../config/index.js';
import { replaceFileAtomically, syncFolder } from '../files/index.js';
import type { ExtractedArticle } from './extract-article.js';
import { readFrontMatter, readSidecar } from './metadata.js';

/** A change to the corpus folder that can be taken back (when the rebuild after it fails). */
export interface CorpusChange {
  docId: string;
  file: string;
  /** The article's URL, when its metadata names one. */
  url: string | null;
  /** Puts the folder back as it was before this change. */
  undo(): Promise<void>;
}

export interface SavedArticle extends CorpusChange {
  /** True when an article with the same URL was already in the corpus and was replaced. */
  updated: boolean;
}

/** The longest docId made from a title, in characters; a slug is cut at a word boundary. */
const SLUG_MAX = 64;
const ARTICLE_EXTENSIONS = ['.md', '.txt'] as const;

/** Writes a file so that a crash leaves either the old file or the new one: temporary file, fsync, rename, fsync of the folder. */
export async function replaceFileDurably(dir: string, name: string, content: string | Uint8Array): Promise<void> {
  // A hidden name: the corpus loader passes over it if a crash leaves it behind.
  const temporary = path.join(dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await replaceFileAtomically(path.join(dir, name), content, { temporary });
  await syncCorpusFolder(dir);
}

async function syncCorpusFolder(dir: string): Promise<void> {
  try {
    await syncFolder(dir);
  } catch {
    // Some file systems cannot fsync a folder; the rename itself has happened.
  }
}

/** A URL in the form two mentions of one page share: no fragment, no trailing slash on the path. */
function comparableUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    url.hash = '';
    if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
    return url.href;
  } catch {
    return null;
  }
}

/** Article files of the corpus folder by docId. */
async function articleFiles(corpusDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of await readdir(corpusDir)) {
    const extension = path.extname(name).toLowerCase();
    if (name.startsWith('.') || !(ARTICLE_EXTENSIONS as readonly string[]).includes(extension)) continue;
    files.set(name.slice(0, -extension.length), name);
  }
  return files;
}

/** The URLs a saved article answers to: its `url` and the address it was added from. */
async function urlsOfFile(corpusDir: string, name: string): Promise<string[]> {
  try {
    if (name.toLowerCase().endsWith('.md')) {
      const text = await readFile(path.join(corpusDir, name), 'utf8');
      const front = readFrontMatter(text);
      const addedFrom = /^added_from:\s*(\S+)\s*$/m.exec(text.slice(0, front.contentStart))?.[1];
      return [front.meta.url ?? '', addedFrom ?? ''].filter(Boolean);
    }
    const sidecar = await readFile(path.join(corpusDir, `${name.slice(0, -4)}.meta.json`), 'utf8').catch(() => null);
    return sidecar ? [readSidecar(sidecar, name).url ?? ''].filter(Boolean) : [];
  } catch {
    // An unreadable or malformed file is the loader's to report; it just matches no URL.
    return [];
  }
}

/** The docId of the corpus article saved from any of `urls` (its canonical URL or the address it was added from), or null. */
export async function findArticleByUrl(corpusDir: string, urls: readonly (string | null)[]): Promise<string | null> {
  const wanted = new Set(urls.map(comparableUrl).filter((url): url is string => url !== null));
  if (wanted.size === 0) return null;
  for (const [docId, name] of await articleFiles(corpusDir)) {
    if ((await urlsOfFile(corpusDir, name)).some((url) => wanted.has(comparableUrl(url) ?? ''))) return docId;
  }
  return null;
}

/**
 * A fingerprint of an article's text that two copies of one article share however they were
 * saved: a .txt with one paragraph a line and the .md `add` writes from it differ only in white
 * space. Front matter is left out: the same text under another title is still the same article.
 */
export function articleTextFingerprint(body: string): string {
  const words = body.replace(/^\uFEFF/, '').replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(words).digest('hex');
}

/** The body of a saved article file: after front matter, if it has any that parses. */
function bodyOfFile(text: string): string {
  try {
    return text.slice(readFrontMatter(text).contentStart);
  } catch {
    return text;
  }
}

/**
 * The docId of the corpus article whose text is `body` (white space aside), or null: the same
 * file or upload added twice would otherwise become two articles that answers present as two
 * outlets corroborating each other.
 */
export async function findArticleByText(corpusDir: string, body: string): Promise<string | null> {
  const wanted = articleTextFingerprint(body);
  for (const [docId, name] of await articleFiles(corpusDir)) {
    const text = await readFile(path.join(corpusDir, name), 'utf8').catch(() => null);
    if (text !== null && articleTextFingerprint(bodyOfFile(text)) === wanted) return docId;
  }
  return null;
}

/** A docId from the title (or, without one, the URL): lower-case words joined by hyphens, unique in the folder. */
export function articleDocId(title: string, url: string | null, taken: ReadonlySet<string>): string {
  let slug = slugify(title).slice(0, SLUG_MAX);
  if (slug.length === SLUG_MAX && slug.includes('-')) slug = slug.slice(0, slug.lastIndexOf('-'));
  if (slug === '' && url) slug = slugify(url.replace(/^https?:\/\//, '')).slice(0, SLUG_MAX);
  if (slug === '') slug = 'article';
  let docId = slug;
  for (let n = 2; taken.has(docId); n++) docId = `${slug}-${n}`;
  return docId;
}

/** The file as saved: YAML front matter (the loader reads it), then the article's paragraphs. */
export function articleFileText(article: ExtractedArticle, addedFrom: string | null, addedAt: Date): string {
  const front: Record<string, string> = { title: article.title };
  for (const key of ['source', 'url', 'published', 'author'] as const) {
    const value = article.meta[key];
    if (value) front[key] = value;
  }
  if (addedFrom) front.added_from = addedFrom;
  front.added_at = addedAt.toISOString();
  return `---\n${stringifyYaml(front, { lineWidth: 0 })}---\n\n${article.body}\n`;
}

/**
 * Saves an article as `CORPUS_DIR/<docId>.md`, durably. An article already saved from the same
 * URL (canonical or as added) is replaced under its own docId instead of copied; `updated` says so.
 */
export async function saveArticle(corpusDir: string, article: ExtractedArticle, addedFrom: string | null, addedAt = new Date()): Promise<SavedArticle> {
  const files = await articleFiles(corpusDir);
  const existing = await findArticleByUrl(corpusDir, [article.meta.url, addedFrom]);
  const docId = existing ?? articleDocId(article.title, article.meta.url, new Set(files.keys()));
  const previousName = existing ? files.get(existing)! : null;
  const previous = previousName ? await readFile(path.join(corpusDir, previousName)) : null;
  const file = `${docId}.md`;
  await replaceFileDurably(corpusDir, file, articleFileText(article, addedFrom, addedAt));
  // An article first saved as .txt is now the .md: the .txt would give the same docId twice.
  if (previousName && previousName !== file) await unlink(path.join(corpusDir, previousName));
  return {
    docId,
    file,
    url: article.meta.url,
    updated: existing !== null,
    async undo() {
      if (previousName && previous) {
        await replaceFileDurably(corpusDir, previousName, previous);
        if (previousName !== file) await unlink(path.join(corpusDir, file)).catch(() => undefined);
      } else {
        await unlink(path.join(corpusDir, file)).catch(() => undefined);
        await syncCorpusFolder(corpusDir);
      }
    },
  };
}

/** A docId that names no article in the corpus folder. */
export class UnknownDocumentError extends UserError {
  override name = 'UnknownDocumentError';
  constructor(docId: string) {
    super('unknown-document', `No article "${docId}" in the corpus: see the docIds with npm run sources (or /sources).`);
  }
}

/**
 * Removes an article's file (and its sidecar), keeping the bytes so that `undo` can put them back.
 *
 * @throws UnknownDocumentError when no file has that docId.
 */
export async function removeArticleFiles(corpusDir: string, docId: string): Promise<CorpusChange> {
  const name = (await articleFiles(corpusDir)).get(docId);
  if (!name) throw new UnknownDocumentError(docId);
  const url = (await urlsOfFile(corpusDir, name))[0] ?? null;
  const names = [name, `${docId}.meta.json`];
  const kept: { name: string; bytes: Buffer }[] = [];
  for (const candidate of names) {
    const bytes = await readFile(path.join(corpusDir, candidate)).catch(() => null);
    if (bytes) kept.push({ name: candidate, bytes });
  }
  for (const { name: removed } of kept) await unlink(path.join(corpusDir, removed));
  await syncCorpusFolder(corpusDir);
  return {
    docId,
    file: name,
    url,
    async undo() {
      for (const { name: restored, bytes } of kept) await replaceFileDurably(corpusDir, restored, bytes);
    },
  };
}
