/**
 * Pages as some servers send them (issue 22, also found): an article sent as
 * application/octet-stream is sniffed (HTML or UTF-8 text) before it is refused, and a <title>
 * that ends in the site's name loses it when the page's <h1> is the headline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy, ArticleRefusedError, extractHtmlArticle, fetchArticlePage, type FetchLimits } from '../../src/corpus/index.js';
import { LIGHTHOUSE } from './article-pages.js';
import { startArticleServer, type ArticleServer } from './article-server.js';

const limits: FetchLimits = { maxBytes: 1024 * 1024, timeoutMs: 5000, addressPolicy: addressPolicy(true) };
const HEADLINE = 'Pentagon boss to visit Abuja next week';
const page = (title: string, h1: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${h1}</h1>${LIGHTHOUSE.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

describe('a body of unstated type', () => {
  let server: ArticleServer;
  beforeAll(async () => {
    server = await startArticleServer();
  });
  afterAll(() => server.close());

  it('is read as HTML when it is an HTML document', async () => {
    const url = server.serve('/octet.html', page(HEADLINE, HEADLINE), 'application/octet-stream');
    const fetched = await fetchArticlePage(url, limits);
    expect(fetched.kind).toBe('html');
    expect((await extractHtmlArticle(fetched.text, fetched.finalUrl, url)).body).toContain(LIGHTHOUSE[1]);
  });

  it('is read as text when it is UTF-8 text', async () => {
    const url = server.serve('/octet.txt', `Lighthouse vote\n${LIGHTHOUSE.join('\n')}\n`, 'application/octet-stream');
    expect(await fetchArticlePage(url, limits)).toMatchObject({ kind: 'txt', text: expect.stringContaining(LIGHTHOUSE[0]!) });
  });

  it('is refused with one line when it is binary', async () => {
    const url = server.serve('/octet.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]), 'application/octet-stream');
    const error = await fetchArticlePage(url, limits).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArticleRefusedError);
    expect((error as Error).message).toMatch(/^Refused [^\n]*: it is application\/octet-stream, not a web page; [^\n]*$/);
  });
});

describe('a <title> with the site after it', () => {
  it.each([' | Channels Television', ' - Channels TV', ' – The Harbour Times', ' :: News'])('loses "%s" when the <h1> is the headline', async (suffix) => {
    expect((await extractHtmlArticle(page(`${HEADLINE}${suffix}`, HEADLINE), null, 'p.html')).title).toBe(HEADLINE);
  });

  it('is kept whole when no <h1> matches a part of it', async () => {
    const title = 'Vote - the harbour decides | Channels Television';
    expect((await extractHtmlArticle(page(title, 'Something else entirely'), null, 'p.html')).title).toBe(title);
  });

  it('keeps a separator inside the headline', async () => {
    const title = 'Vote - the harbour decides | Channels Television';
    expect((await extractHtmlArticle(page(title, 'Vote - the harbour decides'), null, 'p.html')).title).toBe('Vote - the harbour decides');
  });
});
