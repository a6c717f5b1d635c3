import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { UserError } from '../config/index.js';
import type { AddressPolicy } from './address-policy.js';
import { describeUnreadableBytes, formatBytes } from './load.js';

/**
 * An article that cannot be added: unreachable, refused, the wrong kind of file, too big, too
 * little text. The message is one line naming the input and what to do.
 */
export class ArticleRefusedError extends UserError {
  override name = 'ArticleRefusedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('article', message, options);
  }
}

/** Resolves a host name to every address it has (dns.lookup with `all`), injectable for tests. */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

export interface FetchLimits {
  /** Bodies longer than this are refused while they stream in (MAX_FILE_BYTES). */
  maxBytes: number;
  /** For the whole fetch: every redirect and the body. */
  timeoutMs: number;
  /** Which resolved addresses may be connected to (ALLOW_PRIVATE_URLS). */
  addressPolicy: AddressPolicy;
  lookup?: HostLookup;
}

/** What came back from a fetch that passed every check. */
export interface FetchedBytes {
  /** The address after redirects. */
  finalUrl: string;
  /** The media type, lower case, without parameters (`text/html`); empty when the server sent none. */
  mediaType: string;
  /** The `charset` parameter of Content-Type, if any. */
  charset: string | null;
  bytes: Uint8Array;
}

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Checks every address of `url`'s host and returns them, so the connection can use exactly these. */
async function checkedAddresses(url: URL, limits: FetchLimits): Promise<LookupAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (limits.lookup ?? systemLookup)(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'no answer';
      throw new ArticleRefusedError(`Could not fetch ${url.href}: the host ${host} was not found (${code}); check the link.`);
    }
    if (addresses.length === 0) throw new ArticleRefusedError(`Could not fetch ${url.href}: the host ${host} has no address; check the link.`);
  }
  for (const { address } of addresses) {
    const refusal = limits.addressPolicy(address);
    if (refusal) throw new ArticleRefusedError(`Refused ${url.href}: ${host === address ? address : `${host} resolves to ${address}, which`} ${refusal}.`);
  }
  return addresses;
}

function parseHttpUrl(text: string, base?: string): URL {
  let url: URL;
  try {
    url = base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    throw new ArticleRefusedError(`"${text.slice(0, 200)}" is not a web address: give a full link such as https://example.com/story.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArticleRefusedError(`Refused ${url.href.slice(0, 200)}: only http and https links can be added.`);
  }
  if (url.username || url.password) throw new ArticleRefusedError(`Refused ${url.origin}: links with a user name or password are not fetched.`);
  return url;
}

function describeNetworkFailure(url: URL, error: unknown, timeoutMs: number): ArticleRefusedError {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof ArticleRefusedError) return cause;
    const name = (cause as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ArticleRefusedError(`Could not fetch ${url.href}: no complete answer within ${Math.round(timeoutMs / 1000)} s; try again later.`);
    }
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && /^E[A-Z]+$|^UND_ERR/.test(code)) {
      return new ArticleRefusedError(`Could not fetch ${url.href}: the server could not be reached (${code}); check the link or try again later.`);
    }
  }
  let deepest = error as Error;
  while (deepest.cause instanceof Error) deepest = deepest.cause;
  return new ArticleRefusedError(`Could not fetch ${url.href}: ${deepest.message.split('\n')[0]}; check the link or try again later.`);
}

/** Reads a body, refusing it as soon as it passes `maxBytes` (a missing or false Content-Length cannot get past). */
async function readLimited(body: ReadableStream<Uint8Array> | null, url: URL, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ArticleRefusedError(`Refused ${url.href}: the page is over the ${formatBytes(maxBytes)} limit (MAX_FILE_BYTES).`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Fetches `input` with Node's fetch: http and https only, at most {@link MAX_REDIRECTS} redirects,
 * each one checked again; every host's addresses checked against the policy after DNS resolution,
 * and the connection pinned to the addresses that were checked (the agent's lookup answers from
 * them), so a second DNS answer cannot swap in an internal address. `accept` may refuse the media
 * type before the body is read. The size limit holds while the body streams in.
 */
export async function fetchChecked(input: string, limits: FetchLimits, accept?: (mediaType: string, url: URL) => void): Promise<FetchedBytes> {
  let url = parseHttpUrl(input.trim());
  const pinned = new Map<string, LookupAddress[]>();
  // Loaded here, not at the top: every process that imports the corpus stage would pay for it.
  const { Agent } = await import('undici');
  const dispatcher = new Agent({
    connect: {
      lookup: ((hostname: string, options: { all?: boolean }, callback: (error: Error | null, address?: unknown, family?: number) => void) => {
        const addresses = pinned.get(hostname);
        if (!addresses) return callback(new ArticleRefusedError(`Refused a connection to ${hostname}: its address was not checked.`));
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      }) as unknown as LookupFunction,
    },
  });
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      pinned.set(url.hostname, await checkedAddresses(url, limits));
      let response: Response;
      try {
        response = await fetch(url, {
          redirect: 'manual',
          signal,
          headers: { accept: 'text/html,application/xhtml+xml,text/plain,text/markdown;q=0.9,*/*;q=0.1', 'user-agent': 'Verbatim/0.1 (adds one article a moderator asked for)' },
          // @ts-expect-error Node's fetch takes an undici dispatcher; the DOM typings do not know it.
          dispatcher,
        });
      } catch (error) {
        throw describeNetworkFailure(url, error, limits.timeoutMs);
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) throw new ArticleRefusedError(`Could not fetch ${url.href}: it redirects (${response.status}) without saying where.`);
        if (redirects >= MAX_REDIRECTS) throw new ArticleRefusedError(`Refused ${input.trim()}: more than ${MAX_REDIRECTS} redirects.`);
        url = parseHttpUrl(location, url.href);
        continue;
      }
      if (response.status >= 400) {
        await response.body?.cancel().catch(() => undefined);
        throw new ArticleRefusedError(`Could not fetch ${url.href}: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; check the link.`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? null;
      try {
        accept?.(mediaType, url);
        const declared = Number(response.headers.get('content-length'));
        if (Number.isFinite(declared) && declared > limits.maxBytes) {
          throw new ArticleRefusedError(`Refused ${url.href}: the page is ${formatBytes(declared)}, over the ${formatBytes(limits.maxBytes)} limit (MAX_FILE_BYTES).`);
        }
      } catch (error) {
        await response.body?.cancel().catch(() => undefined);
        throw error;
      }
      let bytes: Uint8Array;
      try {
        bytes = await readLimited(response.body, url, limits.maxBytes);
      } catch (error) {
        throw error instanceof ArticleRefusedError ? error : describeNetworkFailure(url, error, limits.timeoutMs);
      }
      return { finalUrl: url.href, mediaType, charset, bytes };
    }
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** Media types an article page may have, and how its text is read. */
export const ARTICLE_MEDIA_TYPES: Record<string, 'html' | 'txt' | 'md'> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
};

/** A page fetched and decoded to text, with the kind of text it is. */
export interface FetchedPage {
  finalUrl: string;
  kind: 'html' | 'txt' | 'md';
  text: string;
}

/** Media types that say nothing about the body: it is sniffed, as browsers do, before it is refused. */
const UNSTATED_MEDIA_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', '']);

function refuseMediaType(mediaType: string, url: URL): void {
  if (ARTICLE_MEDIA_TYPES[mediaType] || UNSTATED_MEDIA_TYPES.has(mediaType)) return;
  refuseAsNotAPage(mediaType, url);
}

function refuseAsNotAPage(mediaType: string, url: URL): never {
  const what =
    mediaType === 'application/pdf'
      ? 'a PDF'
      : mediaType.startsWith('image/')
        ? 'an image'
        : mediaType.startsWith('video/') || mediaType.startsWith('audio/')
          ? 'a video or sound file'
          : mediaType === ''
            ? 'a file of unstated type'
            : `${mediaType}`;
  throw new ArticleRefusedError(
    `Refused ${url.href}: it is ${what}, not a web page; Verbatim reads HTML, plain text and Markdown (save the article as .txt and upload it).`,
  );
}

/** The charset a page declares: the HTTP header first, then a byte-order mark, then `<meta charset>`. */
export function declaredCharset(bytes: Uint8Array, headerCharset: string | null, kind: 'html' | 'txt' | 'md'): string {
  if (headerCharset) return headerCharset;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (kind === 'html') {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    const meta = /<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)/i.exec(head);
    if (meta) return meta[1]!;
  }
  return 'utf-8';
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (undefined ones stay the C1 control of the same
 * number, as the WHATWG encoding standard has it). Node's TextDecoder decodes "windows-1252" (and
 * the "latin1"/"iso-8859-1" labels that mean it) as ISO-8859-1, which turns curly quotes and
 * dashes into invisible control characters.
 */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(...Array.from(chunk, (byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte)));
  }
  return text;
}

/** Whether `bytes` hold at least one well-formed multi-byte UTF-8 sequence (a sign that some of the text is UTF-8). */
function holdsUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) continue;
    let continued = true;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) continued = false;
    if (continued) return true;
  }
  return false;
}

/**
 * Decodes with the declared charset; an unknown label falls back to UTF-8 rather than failing the
 * page. Text labelled (or taken for) UTF-8 that is not valid UTF-8 is never decoded with U+FFFD
 * replacement characters the page never had: when none of it is UTF-8 it is the Windows-1252 a
 * server mislabelled (as browsers assume), and when it mixes both it is refused.
 *
 * @throws ArticleRefusedError naming `label` for text that mixes UTF-8 with another encoding.
 */
export function decodeText(bytes: Uint8Array, charset: string, label = 'the page'): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
  if (decoder.encoding !== 'utf-8') return decoder.decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (!holdsUtf8Sequence(bytes)) return decodeWindows1252(bytes);
    throw new ArticleRefusedError(`Refused ${label}: its text is labelled UTF-8 but mixes UTF-8 with another encoding; save the article as UTF-8 and add the file instead.`);
  }
}

/**
 * What a body of unstated type is, from its first bytes (the WHATWG sniffing rules, reduced to
 * what an article can be): an HTML document, text (no binary bytes, valid UTF-8), or neither.
 */
function sniffKind(bytes: Uint8Array): 'html' | 'txt' | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart().toLowerCase();
  if (/^<(?:!doctype html|html|head|body|!--|article|p|div|h1|title|meta)[\s>/]/.test(head)) return 'html';
  if (describeUnreadableBytes(bytes)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'txt';
  } catch {
    return null;
  }
}

/** Fetches an article page: an HTML, plain-text or Markdown page, decoded in its declared charset. */
export async function fetchArticlePage(input: string, limits: FetchLimits): Promise<FetchedPage> {
  const fetched = await fetchChecked(input, limits, refuseMediaType);
  const kind = ARTICLE_MEDIA_TYPES[fetched.mediaType] ?? sniffKind(fetched.bytes) ?? refuseAsNotAPage(fetched.mediaType, new URL(fetched.finalUrl));
  const text = decodeText(fetched.bytes, declaredCharset(fetched.bytes, fetched.charset, kind), fetched.finalUrl);
  return { finalUrl: fetched.finalUrl, kind, text };
}
