import { parseDocument } from 'yaml';

/** Metadata fields a file may give; anything missing is derived (title) or null. */
export interface PartialMeta {
  title?: string;
  source?: string | null;
  url?: string | null;
  published?: string | null;
  author?: string | null;
}

/** Metadata that cannot be used, with a message a person can act on. */
export class MetadataError extends Error {
  override name = 'MetadataError';
}

/** Where YAML front matter sits in a Markdown file. */
export interface FrontMatter {
  meta: PartialMeta;
  /** Offset of the body: just after the closing `---` line. */
  contentStart: number;
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/**
 * Finds and parses YAML front matter at the very top of a Markdown file. The `yaml` package is
 * used directly (rather than gray-matter) because Verbatim needs the exact offset where the body
 * starts, and YAML 1.2 keeps `published: 2025-11-16` a string instead of a shifted Date.
 * Returns `{meta: {}, contentStart: 0}` when the file has none; throws {@link MetadataError}.
 */
export function readFrontMatter(text: string): FrontMatter {
  const opening = OPENING.exec(text);
  if (!opening) return { meta: {}, contentStart: 0 };
  const yamlStart = opening[0].length;
  const closing = CLOSING.exec(text.slice(yamlStart));
  if (!closing) {
    throw new MetadataError('front matter opens with --- but never closes: add a line with --- after the metadata');
  }
  const yamlEnd = yamlStart + closing.index;
  let contentStart = yamlEnd + closing[0].length;
  if (text[contentStart] === '\n') contentStart++;

  // Silent: the yaml package would print a multi-line Node warning for a tag it cannot resolve
  // (`!!js/function`); such a tag is refused here in one line instead.
  const document = parseDocument(text.slice(yamlStart, yamlEnd), { logLevel: 'silent' });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const firstLine = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const what = document.errors.length > 0 ? 'is not valid YAML' : 'uses YAML Verbatim does not read';
    throw new MetadataError(`front matter ${what} (${firstLine}): fix it or remove it`);
  }
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new MetadataError(`front matter is not valid YAML (${firstLine}): fix it or remove it`);
  }
  return { meta: readMetaFields(data, 'front matter'), contentStart };
}

/** Parses a sidecar `NAME.meta.json`; throws {@link MetadataError} naming the sidecar. */
export function readSidecar(json: string, sidecarName: string): PartialMeta {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new MetadataError(`sidecar ${sidecarName} is not valid JSON (${detail}): fix it or delete it`);
  }
  return readMetaFields(data, `sidecar ${sidecarName}`);
}

const FIELDS = ['title', 'source', 'url', 'published', 'author'] as const;

/**
 * Checks the known fields of a metadata object. Unknown fields (tags, categories) are ignored;
 * a known field of the wrong kind is an error rather than a silent null, so a typo shows up.
 */
function readMetaFields(data: unknown, where: string): PartialMeta {
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new MetadataError(`${where} must be a set of "key: value" fields (title, source, url, published, author)`);
  }
  const record = data as Record<string, unknown>;
  const meta: PartialMeta = {};
  for (const field of FIELDS) {
    const value = record[field];
    if (value === undefined || value === null || value === '') continue;
    let text: string;
    if (typeof value === 'string') text = value.trim();
    else if (typeof value === 'number') text = String(value);
    else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString();
    else throw new MetadataError(`${where} field "${field}" must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
    if (text.length === 0) continue;
    if (field === 'published') text = normalisePublished(text, where);
    if (field === 'url') text = checkedLink(text, where);
    meta[field] = text;
  }
  return meta;
}

/**
 * A `url` is shown as the citation's link (the bot's buttons, `--json` for scripts): only an
 * absolute http(s) address may be one. `javascript:`, `data:`, `file:` or a bare word is refused
 * with the file, like any field of the wrong kind, so it shows up instead of being linked.
 */
function checkedLink(value: string, where: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return value;
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  throw new MetadataError(`${where} field "url" is not an http or https link ("${shown}"): write the article's web address or remove the field`);
}

/**
 * Keeps ISO dates as written (`2025-11-16`, `2025-11-16T08:00:00Z`) and turns other readable dates
 * ("November 16, 2025") into `YYYY-MM-DD`, so `published` sorts and compares as CONTRACT.md expects.
 */
function normalisePublished(value: string, where: string): string {
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))) {
    return value;
  }
  const parsed = new Date(value);
  if (/\d{4}/.test(value) && !Number.isNaN(parsed.getTime())) {
    // Date parsed a date-only string in local time: read it back in local time, not UTC.
    const month = String(parsed.getMonth() + 1).padStart(2, '0');
    const day = String(parsed.getDate()).padStart(2, '0');
    return `${parsed.getFullYear()}-${month}-${day}`;
  }
  throw new MetadataError(`${where} field "published" is not a date ("${value}"): write it as YYYY-MM-DD`);
}
