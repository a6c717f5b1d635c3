import { createHash } from 'node:crypto';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../config/index.js';
import { findSecret } from '../text/index.js';
import { nowNs, regularFileStamp, unchangedSinceRecorded, type ArticleStamp } from './file-stamps.js';
import { MetadataError, readFrontMatter, readSidecar, type PartialMeta } from './metadata.js';
import { formatOf } from './process.js';
import { deriveTitle } from './title.js';
import type { CorpusDocument, DocumentMeta, SkippedFile } from './types.js';

/** The corpus folder itself cannot be read. The message is one line that says what to do. */
export class CorpusError extends UserError {
  override name = 'CorpusError';
  constructor(message: string) {
    super('corpus', message);
  }
}

/** What {@link loadCorpus} found: documents sorted by file name, and every file it did not take. */
export interface LoadedCorpus {
  documents: CorpusDocument[];
  skipped: SkippedFile[];
  /** Each document's stamp by file name, taken before it was read (none for an article reached through a link). */
  stamps: Map<string, ArticleStamp>;
  /** When this load began, on the clock of {@link nowNs}: the next build's racily-clean limit. */
  stampedAtNs: bigint;
  /** Articles whose bytes were read (the others were taken by their unchanged stamp). */
  filesRead: number;
}

export interface LoadCorpusOptions {
  /** Files larger than this are skipped with a reason (MAX_FILE_BYTES, 5 MB by default). */
  maxFileBytes: number;
  /**
   * The document an earlier load made of exactly these bytes (the article's and its sidecar's,
   * by the document hash), or undefined. A document it gives is taken as is: the file is not
   * decoded, checked or parsed again (an incremental build passes the served generation's).
   */
  known?: (file: string, docId: string, hash: string) => CorpusDocument | undefined;
  /**
   * What an earlier load recorded (see file-stamps.ts): each article's stamp and the hash its
   * bytes had, and when that load began. An article whose stamp is unchanged (and was not
   * racily clean) is asked of `known` by the recorded hash, without reading its bytes at all.
   */
  recorded?: { atNs: bigint; of: (file: string) => { stamp: ArticleStamp; hash: string } | undefined };
  /** The clock the load's start is taken on ({@link nowNs}); tests move it to make fresh files settled. */
  now?: () => bigint;
}

const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md']);
const SIDECAR_SUFFIX = '.meta.json';
/** Files that live beside the articles on purpose and are not articles: never reported. */
const COMPANION_FILE = /^(?:actors\.ya?ml|(?:readme|license|licence|changelog|contributing)(?:\.[a-z0-9]+)?)$/i;

/**
 * Reads every article in `dir`: `*.txt` (with an optional sidecar `NAME.meta.json`) and `*.md`
 * (with optional YAML front matter). Documents come sorted by file name so every build sees the
 * same order. A bad file never stops the load and is never dropped silently: it is listed in
 * `skipped` with a reason a person can act on. Hidden files, sidecars, `actors.yaml` and
 * README-like files are companions, not articles, and are passed over without a report.
 *
 * @throws CorpusError when `dir` does not exist or is not a readable folder.
 */
export async function loadCorpus(dir: string, options: LoadCorpusOptions): Promise<LoadedCorpus> {
  const stampedAtNs = (options.now ?? nowNs)();
  const names = await listCorpusFolder(dir);
  const realDir = await realpath(dir);
  const nameSet = new Set(names);
  const documents: CorpusDocument[] = [];
  const skipped: SkippedFile[] = [];
  const stamps = new Map<string, ArticleStamp>();
  let filesRead = 0;
  const fileByDocId = new Map<string, string>();

  const articles = names.filter((name) => !(name.startsWith('.') || name.toLowerCase().endsWith(SIDECAR_SUFFIX) || COMPANION_FILE.test(name)));
  // Stamps are asked a window ahead, so the file system answers them side by side instead of one
  // round trip per article (most articles of an /add are taken by their stamp alone).
  const stampsAhead: Array<Promise<ArticleStamp | null> | undefined> = [];
  let asked = 0;
  for (const [position, name] of articles.entries()) {
    for (; asked < Math.min(position + STAMPS_AHEAD, articles.length); asked++) {
      stampsAhead[asked] = articleStamp(dir, articles[asked]!, nameSet);
      stampsAhead[asked]!.catch(() => {});
    }
    // Taken before the bytes are read: a write after it moves the stamp, so it is read next time.
    const stamp = await stampsAhead[position]!;
    stampsAhead[position] = undefined;
    const recorded = stamp && unchangedDocument(name, stamp, options);
    if (!recorded) filesRead++;
    const result = recorded || (await loadCorpusFile({ dir, realDir }, name, nameSet, options));
    if ('reason' in result) {
      skipped.push(result);
      continue;
    }
    const earlier = fileByDocId.get(result.docId);
    if (earlier !== undefined) {
      // Two files with one docId would make citations ambiguous; keep the first in sort order.
      skipped.push({ file: name, reason: `has the same docId "${result.docId}" as ${earlier}: rename one of them` });
      continue;
    }
    fileByDocId.set(result.docId, name);
    documents.push(result);
    if (stamp) stamps.set(name, stamp);
  }
  return { documents, skipped, stamps, stampedAtNs, filesRead };
}

/** Article stamps asked ahead of the one being loaded (see loadCorpus). */
const STAMPS_AHEAD = 64;

/** The part of a file name before its extension, which names the document. */
function docIdOf(name: string): string {
  return name.slice(0, name.length - path.extname(name).length);
}

/**
 * The stamp of an article file and of its sidecar, or null when either is not a regular file
 * directly in the folder (a link is resolved and checked by the full path every time).
 */
async function articleStamp(dir: string, name: string, names: ReadonlySet<string>): Promise<ArticleStamp | null> {
  if (!DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase())) return null;
  const own = await regularFileStamp(path.join(dir, name));
  if (!own) return null;
  const sidecarName = `${docIdOf(name)}${SIDECAR_SUFFIX}`;
  if (!names.has(sidecarName)) return { ...own, sidecar: null };
  const sidecar = await regularFileStamp(path.join(dir, sidecarName));
  return sidecar && { ...own, sidecar };
}

/** The document an earlier load made of this very file, when its stamp says it is unchanged. */
function unchangedDocument(name: string, stamp: ArticleStamp, options: LoadCorpusOptions): CorpusDocument | undefined {
  const { recorded, known } = options;
  const entry = recorded?.of(name);
  // A file now over the size limit goes the full way, which skips it with the reason.
  if (!recorded || !known || !entry || stamp.size > options.maxFileBytes || !unchangedSinceRecorded(stamp, entry.stamp, recorded.atNs)) return undefined;
  return known(name, docIdOf(name), entry.hash);
}

async function listCorpusFolder(dir: string): Promise<string[]> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) {
      throw new CorpusError(`Corpus path ${dir} is a file, not a folder: point CORPUS_DIR at the folder that holds the articles.`);
    }
    // Code-unit order, not localeCompare: the order must not depend on the machine's locale.
    return (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CorpusError(`No corpus folder at ${dir}: create it and put .txt or .md articles in it, or set CORPUS_DIR.`);
    }
    throw new CorpusError(`Cannot read the corpus folder ${dir} (${code ?? String(error)}): check that it exists and is readable.`);
  }
}

/**
 * Front matter at the top of a `.txt` article, as people write it by habit from Markdown: used
 * when it parses and names at least one field; otherwise the file is plain text from its first
 * line (a `.txt` may well open with a line of dashes).
 */
function plainTextFrontMatter(text: string): { meta: PartialMeta; contentStart: number } {
  try {
    const frontMatter = readFrontMatter(text);
    return Object.keys(frontMatter.meta).length > 0 ? frontMatter : { meta: {}, contentStart: 0 };
  } catch (error) {
    if (error instanceof MetadataError) return { meta: {}, contentStart: 0 };
    throw error;
  }
}

/** A byte count as a person reads it: `5.0 MB`, `12.3 KB`, `80 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * The real path of a corpus entry, or null when it (through a symbolic link) lies outside the
 * real corpus folder: `ln -s /etc/passwd corpus/p.txt` must never be read, let alone quoted.
 */
async function realPathInside(realDir: string, fullPath: string): Promise<string | null> {
  const real = await realpath(fullPath);
  const relative = path.relative(realDir, real);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative) ? real : null;
}

const OUTSIDE = 'is a link to a file outside the corpus folder, which Verbatim never reads: copy the article into the folder instead';

async function loadCorpusFile(
  folder: { dir: string; realDir: string },
  name: string,
  names: ReadonlySet<string>,
  options: LoadCorpusOptions,
): Promise<CorpusDocument | SkippedFile> {
  const skip = (reason: string): SkippedFile => ({ file: name, reason });
  const { dir, realDir } = folder;
  try {
    // Everything is read through the resolved path, so a link swapped after the check is not followed.
    const fullPath = await realPathInside(realDir, path.join(dir, name));
    if (!fullPath) return skip(OUTSIDE);
    const info = await stat(fullPath);
    if (info.isDirectory()) return skip('is a folder: Verbatim reads only files directly inside the corpus folder');
    if (!info.isFile()) return skip('is not a regular file: put the article in a .txt or .md file');

    const extension = path.extname(name).toLowerCase();
    if (!DOCUMENT_EXTENSIONS.has(extension)) {
      const what = extension ? `unknown extension "${extension}"` : 'no file extension';
      return skip(`${what}: Verbatim reads .txt and .md files; save the article as plain text or Markdown`);
    }
    if (info.size > options.maxFileBytes) {
      return skip(
        `is ${formatBytes(info.size)}, over the ${formatBytes(options.maxFileBytes)} limit: split the article or raise MAX_FILE_BYTES`,
      );
    }
    const bytes = await readFile(fullPath);
    const docId = name.slice(0, name.length - extension.length);
    const known = options.known && (await knownDocument(folder, name, docId, bytes, names, options.known));
    if (known) return known;
    const format = formatOf(name);
    const read = readArticleBytes(bytes, format);
    if ('reason' in read) return skip(read.reason);
    const { text } = read;

    let meta: PartialMeta = {};
    let sidecarText: string | null = null;
    const sidecarName = `${docId}${SIDECAR_SUFFIX}`;
    if (names.has(sidecarName)) {
      const sidecarPath = await realPathInside(realDir, path.join(dir, sidecarName));
      if (!sidecarPath) return skip(`has a sidecar ${sidecarName} that ${OUTSIDE.slice('is '.length)}`);
      sidecarText = await readFile(sidecarPath, 'utf8');
      const sidecarSecret = findSecret(sidecarText);
      if (sidecarSecret) return skip(`has a sidecar ${sidecarName} that holds ${sidecarSecret}: remove it from the corpus folder`);
      meta = readSidecar(sidecarText, sidecarName);
    }
    // Front matter sits in the article itself, so it wins over a sidecar.
    if (read.contentStart > 0) meta = { ...meta, ...read.meta };
    const contentStart = read.contentStart;
    return buildCorpusDocument({ docId, file: name, text, meta, contentStart, format, sidecarText });
  } catch (error) {
    if (error instanceof MetadataError) return skip(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    return skip(`could not be read (${code ?? (error instanceof Error ? error.message : String(error))}): check the file's permissions`);
  }
}

/**
 * The document `known` holds for these bytes, if any. A document's hash is sha256 of its text and
 * then, with a sidecar, of NUL and the sidecar's text ({@link buildCorpusDocument}); the text is
 * the file's bytes decoded as UTF-8 without loss, so hashing the bytes gives the same hash
 * without decoding. Anything unusual (a sidecar that cannot be read) leaves it to the full path.
 */
async function knownDocument(
  folder: { dir: string; realDir: string },
  file: string,
  docId: string,
  bytes: Uint8Array,
  names: ReadonlySet<string>,
  known: NonNullable<LoadCorpusOptions['known']>,
): Promise<CorpusDocument | undefined> {
  const hash = createHash('sha256').update(bytes);
  const sidecarName = `${docId}${SIDECAR_SUFFIX}`;
  if (names.has(sidecarName)) {
    const sidecarPath = await realPathInside(folder.realDir, path.join(folder.dir, sidecarName)).catch(() => null);
    if (!sidecarPath) return undefined;
    const sidecarText = await readFile(sidecarPath, 'utf8').catch(() => null);
    if (sidecarText === null) return undefined;
    if (sidecarText) hash.update(`\u0000${sidecarText}`);
  }
  return known(file, docId, hash.digest('hex'));
}

/** An article file's text as the loader takes it, or why it is skipped. */
export type ReadArticle = { text: string; meta: PartialMeta; contentStart: number } | { reason: string; secret?: string };

/**
 * The loader's checks on one article file's bytes, in the order it applies them: text, not
 * binary; valid UTF-8; not empty; no secret; readable front matter with text after it. `add`
 * runs the same function on the file it is about to write, so it never saves (and reports as
 * added) what the next build would skip. `knownSecrets` are exact values to refuse as well (the
 * configured DISCORD_TOKEN).
 */
export function readArticleBytes(bytes: Uint8Array, format: 'txt' | 'md', knownSecrets: readonly (string | undefined)[] = []): ReadArticle {
  const problem = describeUnreadableBytes(bytes);
  if (problem) return { reason: problem };
  // fatal: reject invalid UTF-8 instead of inventing U+FFFD characters nobody wrote.
  // ignoreBOM: keep a byte-order mark, so offsets match fs.readFile(file, 'utf8').
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { reason: 'is not valid UTF-8: save the file as UTF-8 (it may be Latin-1 or Windows-1252)' };
  }
  if (text.trim().length === 0) return { reason: 'is empty: add the article text or delete the file' };
  const secret = findSecret(text, knownSecrets);
  if (secret) return { reason: `holds ${secret}, which must never be quoted: remove the file from the corpus folder (and change the token if it is real)`, secret };
  let frontMatter: { meta: PartialMeta; contentStart: number };
  try {
    frontMatter = format === 'md' ? readFrontMatter(text) : plainTextFrontMatter(text);
  } catch (error) {
    if (error instanceof MetadataError) return { reason: error.message };
    throw error;
  }
  if (frontMatter.contentStart > 0 && text.slice(frontMatter.contentStart).trim().length === 0) {
    return { reason: 'has front matter but no article text after it: add the text below the closing ---' };
  }
  return { text, meta: frontMatter.meta, contentStart: frontMatter.contentStart };
}

/** Share of control characters above which a file is taken for binary. */
const CONTROL_SHARE_LIMIT = 0.1;

/**
 * Why the bytes are not a text file, or null. Checked before decoding because NUL is valid UTF-8:
 * a PDF, an image or a UTF-16 file would otherwise decode into nonsense "sentences".
 */
export function describeUnreadableBytes(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'is UTF-16 text: save the file as UTF-8';
  }
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return 'is a binary file (it contains NUL bytes), not text: export the article as .txt or .md';
    // Tab, line feed, vertical tab, form feed and carriage return are ordinary in text.
    if ((byte < 0x20 && (byte < 0x09 || byte > 0x0d)) || byte === 0x7f) control++;
  }
  if (sample.length > 0 && control / sample.length > CONTROL_SHARE_LIMIT) {
    return 'is a binary file (mostly control characters), not text: export the article as .txt or .md';
  }
  return null;
}

/** What {@link buildCorpusDocument} needs: the text and whatever metadata the file gave. */
export interface CorpusDocumentInput {
  docId: string;
  file: string;
  text: string;
  meta?: PartialMeta;
  /** Offset of the body after front matter; 0 by default. */
  contentStart?: number;
  format?: 'txt' | 'md';
  /** The raw sidecar JSON, part of the hash so a metadata edit is a change. */
  sidecarText?: string | null;
}

/**
 * Builds a {@link CorpusDocument} from text already in memory: fills in the title when the
 * metadata has none and computes the hash. Used by {@link loadCorpus}, and by callers that make
 * documents from elsewhere (an evaluation data set, tests).
 */
export function buildCorpusDocument(input: CorpusDocumentInput): CorpusDocument {
  const format = input.format ?? formatOf(input.file);
  const contentStart = input.contentStart ?? 0;
  const given = input.meta ?? {};
  const meta: DocumentMeta = {
    title: given.title ?? deriveTitle(input.text, contentStart, format) ?? input.docId,
    source: given.source ?? null,
    url: given.url ?? null,
    published: given.published ?? null,
    author: given.author ?? null,
  };
  const hash = createHash('sha256');
  hash.update(input.text);
  if (input.sidecarText) hash.update(`\u0000${input.sidecarText}`);
  return {
    docId: input.docId,
    file: input.file,
    text: input.text,
    meta,
    hash: hash.digest('hex'),
    contentStart,
    format,
  };
}
