/**
 * A local news site for tests (node:http on 127.0.0.1 only): pages in real sites' shapes, a
 * redirect chain, a slow answer, a huge page, a PDF, an image, errors. Every request is counted,
 * so a test can show that a refused link was never fetched.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bareMetadataPage, bylinePage, jsonLdPage, LIGHTHOUSE, openGraphPage, scriptOnlyPage } from './article-pages.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const html = (body: string, contentType = 'text/html; charset=utf-8'): Handler => (_request, response) => {
  response.writeHead(200, { 'content-type': contentType });
  response.end(body);
};

export class ArticleServer {
  /** Paths requested, in order. */
  readonly requests: string[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly server: Server;
  private readonly pending = new Set<ServerResponse>();
  port = 0;

  constructor() {
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      this.requests.push(path);
      this.pending.add(response);
      response.on('close', () => this.pending.delete(response));
      const handler = this.routes.get(path);
      if (handler) return handler(request, response);
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<h1>Not found</h1>');
    });
    this.route('/jsonld', html(jsonLdPage()));
    this.route('/opengraph', html(openGraphPage()));
    this.route('/byline', html(bylinePage()));
    this.route('/bare', html(bareMetadataPage()));
    this.route('/script-only', html(scriptOnlyPage()));
    this.route('/plain.txt', html(`Harbour council relights the lighthouse\n${LIGHTHOUSE.join('\n')}\n`, 'text/plain; charset=utf-8'));
    this.route('/latin1', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
      const page = jsonLdPage().replace('Councillor Mara Quennell', 'Conseill\u00e8re Mara Quennell');
      response.end(Buffer.from(page, 'latin1'));
    });
    this.route('/meta-charset', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      const page = jsonLdPage().replace('<head>', '<head><meta charset="iso-8859-1">').replace('Councillor Mara Quennell', 'Conseill\u00e8re Mara Quennell');
      response.end(Buffer.from(page, 'latin1'));
    });
    // A chain of three redirects: relative, absolute, then 303.
    this.route('/r1', this.redirect(301, '/r2'));
    this.route('/r2', (_request, response) => this.redirect(302, `http://127.0.0.1:${this.port}/r3`)(_request, response));
    this.route('/r3', this.redirect(303, '/jsonld'));
    // Six hops: one more than allowed.
    for (let hop = 0; hop < 6; hop++) this.route(`/loop${hop}`, this.redirect(302, `/loop${hop + 1}`));
    this.route('/loop6', html(jsonLdPage()));
    this.route('/to-metadata', this.redirect(302, 'http://169.254.169.254/latest/meta-data/'));
    this.route('/to-ipv6-loopback', this.redirect(307, 'http://[::1]/admin'));
    this.route('/to-mapped', this.redirect(308, 'http://[::ffff:10.0.0.1]/'));
    this.route('/to-file', this.redirect(302, 'file:///etc/passwd'));
    this.route('/slow', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><body><p>The first words arrive');
      // Never finishes: only the fetch's timeout can end it (the server closes it at the end).
    });
    this.route('/huge', (_request, response) => {
      // Chunked, no Content-Length: the limit must hold while the body streams.
      response.writeHead(200, { 'content-type': 'text/html' });
      const paragraph = `<p>${LIGHTHOUSE[0]}</p>\n`.repeat(200);
      let sent = 0;
      const more = () => {
        while (sent < 400) {
          sent++;
          if (!response.write(paragraph)) return void response.once('drain', more);
        }
        response.end();
      };
      more();
    });
    this.route('/huge-declared', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
      response.write('<p>');
    });
    this.route('/report.pdf', html('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj', 'application/pdf'));
    this.route('/photo.jpg', html('\u00ff\u00d8\u00ff\u00e0', 'image/jpeg'));
    this.route('/gone', (_request, response) => {
      response.writeHead(410, { 'content-type': 'text/html' });
      response.end('gone');
    });
    this.route('/broken', (_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end('oops');
    });
  }

  private redirect(status: number, location: string): Handler {
    return (_request, response) => {
      response.writeHead(status, { location });
      response.end();
    };
  }

  /** Serves `handler` at `path` (replacing what was there). */
  route(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }

  /** Serves fixed bytes at `path` with a content type, e.g. an attachment. */
  serve(path: string, body: string | Uint8Array, contentType: string): string {
    this.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': contentType });
      response.end(body);
    });
    return this.url(path);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const response of this.pending) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function startArticleServer(): Promise<ArticleServer> {
  return new ArticleServer().start();
}
