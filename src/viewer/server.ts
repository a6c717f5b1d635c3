import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../config/index.js';
import { VIEWER_HASH_CHARS, VIEWER_PARAMETERS } from '../evidence/index.js';
import type { ServedDocument } from '../service/index.js';
import { CONTENT_SECURITY_POLICY, noticePage, sourcePage, type SourceView } from './page.js';

/** All the viewer reads: documents of the served generation (the service is one). */
export interface SourceReader {
  servedDocument(docId: string): Promise<ServedDocument | null>;
}

export interface ViewerOptions {
  reader: SourceReader;
  /** One line for an operator when a request fails inside (never the article text). */
  log: (line: string) => void;
}

/** Headers of every response: nothing runs, nothing frames it, nothing is stored, no cookie is set. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // A removed article must never be shown again, not even from a cache.
  'Cache-Control': 'no-store',
};

/** A docId is a file name without its extension: no path separators, bounded. */
const DOC_ID = /^[^/\\\0]{1,255}$/;
const RANGE = /^(\d{1,10})-(\d{1,10})$/;

function send(response: ServerResponse, status: number, html: string, method: string | undefined): void {
  const body = Buffer.from(html, 'utf8');
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length) });
  response.end(method === 'HEAD' ? undefined : body);
}

/** Reads what a `/source/<docId>?g=…&h=…&q=start-end` link asks for, against the served document. */
export function viewOf(document: ServedDocument, query: URLSearchParams): SourceView {
  const quotedGeneration = query.get(VIEWER_PARAMETERS.generation);
  const range = query.get(VIEWER_PARAMETERS.quote);
  const hash = query.get(VIEWER_PARAMETERS.hash);
  const view: SourceView = { document, quotedGeneration, quote: null, warning: null };
  if (range === null) return view;
  const match = RANGE.exec(range);
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  if (!match || !(start < end) || end > document.text.length) {
    view.warning = `This link asks for characters ${range}, which this article does not have; it is shown without a highlight.`;
    return view;
  }
  // Offsets are only meaningful in the text they were taken from: the same generation, or the
  // same document (its hash) served by a newer one.
  const sameText = quotedGeneration === document.generation || (hash !== null && hash.length >= 8 && document.hash.slice(0, VIEWER_HASH_CHARS).startsWith(hash));
  if (!sameText) {
    view.warning = `The article changed after this quote was taken${quotedGeneration ? ` (generation ${quotedGeneration})` : ''}; it is shown as indexed now, without a highlight.`;
    return view;
  }
  view.quote = { start, end };
  return view;
}

async function respond(request: IncomingMessage, response: ServerResponse, options: ViewerOptions): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, noticePage('Read only', 'The source viewer only shows articles.'), 'GET');
  }
  const url = new URL(request.url ?? '/', 'http://viewer.invalid');
  const path = /^\/source\/([^/]+)$/.exec(url.pathname);
  if (!path) return send(response, 404, noticePage('Not found', 'Open an article from a quote link: /source/<docId>?g=<generation>&q=<start>-<end>.'), request.method);
  let docId: string;
  try {
    docId = decodeURIComponent(path[1]!);
  } catch {
    return send(response, 400, noticePage('Bad link', 'The article id in this link is not valid.'), request.method);
  }
  if (!DOC_ID.test(docId)) return send(response, 400, noticePage('Bad link', 'The article id in this link is not valid.'), request.method);
  const document = await options.reader.servedDocument(docId);
  if (!document) {
    // A link with a generation was made from a quote: its article was in the index then.
    const removed = url.searchParams.has(VIEWER_PARAMETERS.generation);
    return removed
      ? send(response, 410, noticePage('Article removed', 'This article has been removed from the index; it is no longer shown.'), request.method)
      : send(response, 404, noticePage('Not found', 'No article with this id is in the index.'), request.method);
  }
  return send(response, 200, sourcePage(viewOf(document, url.searchParams)), request.method);
}

/** The viewer's HTTP server (not yet listening). Read only: GET and HEAD of `/source/<docId>`. */
export function createViewerServer(options: ViewerOptions): Server {
  const server = createServer((request, response) => {
    respond(request, response, options).catch((error: unknown) => {
      options.log(`The source viewer could not answer ${request.url?.split('?')[0] ?? ''}: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
      if (!response.headersSent) send(response, 500, noticePage('Not available', 'The article could not be read just now; try again in a moment.'), 'GET');
      else response.destroy();
    });
  });
  // A client that sends its request slowly is not kept waiting for.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  return server;
}

/** A listening viewer: its address, and how to stop it. */
export interface RunningViewer {
  url: string;
  close(): Promise<void>;
}

/** Starts the viewer on `host:port` (port 0: any free port) and resolves once it listens. */
export async function startViewer(options: ViewerOptions & { port: number; host: string }): Promise<RunningViewer> {
  const server = createViewerServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use' : error.code === 'EACCES' ? 'needs privileges' : `cannot be used (${error.code ?? error.message})`;
      reject(new UserError('config', `The source viewer cannot listen on ${options.host}:${options.port}: the port ${why}. Set VIEWER_PORT (and VIEWER_HOST) to a free address.`));
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) => options.log(`The source viewer's server failed: ${error.message}`));
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
