import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy, describeNonPublicAddress, fetchArticlePage, type AddressPolicy, type FetchLimits, type HostLookup } from '../../src/corpus/index.js';
import { startArticleServer, type ArticleServer } from './article-server.js';
import { refusal } from './refusal.js';

/** The local server stands in for a public site: 127.0.0.1 passes, every other internal address is refused as in production. */
const localServerIsPublic: AddressPolicy = (address) => (address === '127.0.0.1' ? null : addressPolicy(false)(address));

const limits = (overrides: Partial<FetchLimits> = {}): FetchLimits => ({ maxBytes: 1024 * 1024, timeoutMs: 5000, addressPolicy: localServerIsPublic, ...overrides });


describe('describeNonPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.10.20', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'CGNAT'],
    ['100.100.100.200', 'cloud metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(describeNonPublicAddress(address)).toContain(kind);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(describeNonPublicAddress(address)).toBeNull();
  });
});

describe('fetchArticlePage with ALLOW_PRIVATE_URLS off', () => {
  let server: ArticleServer;
  beforeAll(async () => {
    server = await startArticleServer();
  });
  afterAll(() => server.close());
  const production = (overrides: Partial<FetchLimits> = {}) => limits({ addressPolicy: addressPolicy(false), ...overrides });

  it.each([
    'http://127.0.0.1:1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://10.0.0.1/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
  ])('refuses %s before connecting, naming the setting', async (url) => {
    const message = await refusal(fetchArticlePage(url, production()));
    expect(message).toContain('ALLOW_PRIVATE_URLS=true');
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/'])('refuses the cloud metadata address %s without suggesting the setting (it would not help)', async (url) => {
    expect(await refusal(fetchArticlePage(url, production()))).toContain('cloud metadata address, where no article is served');
  });

  it('refuses the local server itself, sending it nothing', async () => {
    const before = server.requests.length;
    const message = await refusal(fetchArticlePage(server.url('/jsonld'), production()));
    expect(message).toMatch(/127\.0\.0\.1 is a loopback address; set ALLOW_PRIVATE_URLS=true/);
    expect(server.requests.length).toBe(before);
  });

  it('checks host names after DNS resolution, every address they have', async () => {
    const lookup: HostLookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    const message = await refusal(fetchArticlePage('https://intranet.example/story', production({ lookup })));
    expect(message).toContain('intranet.example resolves to 10.0.0.5, which is a private address; set ALLOW_PRIVATE_URLS=true');
  });

  it('refuses localhost, which resolves to loopback', async () => {
    expect(await refusal(fetchArticlePage('http://localhost:1/', production()))).toContain('ALLOW_PRIVATE_URLS');
  });
});

describe('fetchArticlePage against a local news site', () => {
  let server: ArticleServer;
  beforeAll(async () => {
    server = await startArticleServer();
  });
  afterAll(() => server.close());

  it('fetches an HTML page and reports where it ended', async () => {
    const page = await fetchArticlePage(server.url('/jsonld'), limits());
    expect(page.kind).toBe('html');
    expect(page.finalUrl).toBe(server.url('/jsonld'));
    expect(page.text).toContain('Kestrel Point lighthouse');
  });

  it('follows a chain of three redirects, relative and absolute', async () => {
    const page = await fetchArticlePage(server.url('/r1'), limits());
    expect(page.finalUrl).toBe(server.url('/jsonld'));
  });

  it('refuses a sixth redirect', async () => {
    expect(await refusal(fetchArticlePage(server.url('/loop0'), limits()))).toContain('more than 5 redirects');
    expect(server.requests.filter((path) => path === '/loop6')).toHaveLength(0);
  });

  it.each([
    ['/to-metadata', '169.254.169.254 is a cloud metadata address'],
    ['/to-ipv6-loopback', '::1 is a loopback address'],
    ['/to-mapped', '::ffff:a00:1 is a private address'],
    ['/to-file', 'only http and https'],
  ])('checks every redirect again: %s', async (path, expected) => {
    expect(await refusal(fetchArticlePage(server.url(path), limits()))).toContain(expected);
  });

  it('connects to the address it checked, not to a second DNS answer', async () => {
    let lookups = 0;
    // A rebinding resolver: the first answer passes the check, every later one is internal.
    const lookup: HostLookup = async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.9', family: 4 }]);
    const page = await fetchArticlePage(`http://news.example:${server.port}/jsonld`, limits({ lookup }));
    expect(page.text).toContain('Kestrel Point lighthouse');
    expect(lookups).toBe(1);
  });

  it('gives up on a slow page after the timeout', async () => {
    expect(await refusal(fetchArticlePage(server.url('/slow'), limits({ timeoutMs: 300 })))).toMatch(/no complete answer within/);
  });

  it('refuses a page over the size limit while it streams, without a Content-Length', async () => {
    expect(await refusal(fetchArticlePage(server.url('/huge'), limits({ maxBytes: 64 * 1024 })))).toContain('over the 64.0 KB limit (MAX_FILE_BYTES)');
  });

  it('refuses a page whose Content-Length is over the limit before reading it', async () => {
    expect(await refusal(fetchArticlePage(server.url('/huge-declared'), limits()))).toContain('50.0 MB, over the 1.0 MB limit');
  });

  it.each([
    ['/report.pdf', 'it is a PDF'],
    ['/photo.jpg', 'it is an image'],
  ])('refuses the wrong content type: %s', async (path, expected) => {
    expect(await refusal(fetchArticlePage(server.url(path), limits()))).toContain(expected);
  });

  it.each([
    ['/gone', 'answered 410'],
    ['/broken', 'answered 500'],
    ['/missing', 'answered 404'],
  ])('reports the status of a failed page: %s', async (path, expected) => {
    expect(await refusal(fetchArticlePage(server.url(path), limits()))).toContain(expected);
  });

  it('reports an unreachable host', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await refusal(fetchArticlePage(`http://127.0.0.1:${port}/`, limits()))).toContain('could not be reached (ECONNREFUSED)');
  });

  it('refuses what is not a web address', async () => {
    expect(await refusal(fetchArticlePage('not a link', limits()))).toContain('is not a web address');
    expect(await refusal(fetchArticlePage('ftp://example.com/a.txt', limits()))).toContain('only http and https');
  });

  it('decodes the charset the header declares', async () => {
    expect((await fetchArticlePage(server.url('/latin1'), limits())).text).toContain('Conseill\u00e8re Mara Quennell');
  });

  it('decodes the charset a <meta> declares when the header has none', async () => {
    expect((await fetchArticlePage(server.url('/meta-charset'), limits())).text).toContain('Conseill\u00e8re Mara Quennell');
  });

  it('reads a plain-text page as text', async () => {
    const page = await fetchArticlePage(server.url('/plain.txt'), limits());
    expect(page.kind).toBe('txt');
  });
});
