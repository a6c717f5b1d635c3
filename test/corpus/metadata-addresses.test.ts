/**
 * Cloud metadata endpoints are never fetched, even with ALLOW_PRIVATE_URLS=true, in any IPv6
 * form that carries them; an IPv4-compatible IPv6 address is judged by the IPv4 it carries; a
 * refusal after DNS reads as English (issue 22, "Also found"). Refused before connecting: the
 * resolver is injected, nothing leaves the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy, describeNonPublicAddress, fetchArticlePage, type FetchLimits, type HostLookup } from '../../src/corpus/index.js';
import { startArticleServer, type ArticleServer } from './article-server.js';
import { refusal } from './refusal.js';

const limits = (allowPrivate: boolean, lookup?: HostLookup): FetchLimits => ({
  maxBytes: 1024 * 1024,
  timeoutMs: 5000,
  addressPolicy: addressPolicy(allowPrivate),
  ...(lookup ? { lookup } : {}),
});


describe('cloud metadata addresses', () => {
  let server: ArticleServer;
  beforeAll(async () => {
    server = await startArticleServer();
  });
  afterAll(() => server.close());

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v2/credentials',
    'http://100.100.100.200/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::169.254.169.254]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::]/',
  ])('refuses %s with ALLOW_PRIVATE_URLS=true, without suggesting the setting', async (url) => {
    const message = await refusal(fetchArticlePage(url, limits(true)));
    expect(message).toContain('cloud metadata address');
    expect(message).not.toContain('set ALLOW_PRIVATE_URLS');
  });

  it('refuses a redirect from an allowed local server to the metadata address, before connecting to it', async () => {
    const message = await refusal(fetchArticlePage(server.url('/to-metadata'), limits(true)));
    expect(message).toBe('Refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a cloud metadata address, where no article is served; such addresses are never fetched.');
  });

  it('refuses a host name that resolves to the metadata address', async () => {
    const lookup: HostLookup = async () => [{ address: '169.254.169.254', family: 4 }];
    const message = await refusal(fetchArticlePage('http://metadata.google.internal/computeMetadata/v1/', limits(true, lookup)));
    expect(message).toContain('metadata.google.internal resolves to 169.254.169.254, which is a cloud metadata address');
  });

  it('still allows the local server itself with ALLOW_PRIVATE_URLS=true', async () => {
    expect((await fetchArticlePage(server.url('/jsonld'), limits(true))).kind).toBe('html');
  });
});

describe('IPv4-compatible IPv6 and the wording of refusals', () => {
  it.each([
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::10.0.0.1', 'private'],
    ['::8.8.8.8', 'deprecated IPv4-compatible'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(describeNonPublicAddress(address)).toContain(kind);
  });

  it('refuses http://[::127.0.0.1]/ before connecting', async () => {
    const message = await refusal(fetchArticlePage('http://[::127.0.0.1]:1/', limits(false)));
    expect(message).toContain('is a loopback address; set ALLOW_PRIVATE_URLS=true');
  });

  it('says "localhost resolves to 127.0.0.1, which is a loopback address"', async () => {
    const lookup: HostLookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const message = await refusal(fetchArticlePage('http://localhost:1/', limits(false, lookup)));
    expect(message).toBe('Refused http://localhost:1/: localhost resolves to 127.0.0.1, which is a loopback address; set ALLOW_PRIVATE_URLS=true to allow fetching from such addresses.');
  });
});
