/**
 * The source viewer over HTTP, over the real service and index (a fast hashing embedder): what it
 * sends (the quote as one <mark>, escaped text, headers), what it refuses, and how it stays
 * bounded and inert on a hostile file. The browser's view is test/viewer/browser.test.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { viewerLinkFor } from '../../src/evidence/index.js';
import { createVerbatimService, type VerbatimService } from '../../src/service/index.js';
import { CONTEXT_CHARS, startViewer, type RunningViewer } from '../../src/viewer/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

/** One 5 MB line of markup and script, the way a hostile or broken file might arrive. */
const HOSTILE_UNIT = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>Bold</b> &amp; <!-- c --> the line goes on and on. ';
const HOSTILE_LINE = HOSTILE_UNIT.repeat(Math.ceil(5_000_000 / HOSTILE_UNIT.length));
const PLAIN = 'A plain title\nThe harbour council met on Tuesday.\r\nIt voted “yes” to the café’s plan 🎉 & more.\n';

let service: VerbatimService;
let viewer: RunningViewer;
let corpusDir: string;

beforeAll(async () => {
  const workspace = await tempWorkspace({ withSeeds: false });
  corpusDir = workspace.corpusDir;
  await writeFile(path.join(corpusDir, 'hostile.txt'), `Hostile <i>title</i>\n${HOSTILE_LINE}\n`);
  await writeFile(path.join(corpusDir, 'plain.txt'), PLAIN);
  await writeFile(path.join(corpusDir, 'gone.txt'), 'Soon removed\nThis article will be removed from the index.\n');
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: workspace.indexDir, MAX_FILE_BYTES: String(6 * 1024 * 1024) });
  service = createVerbatimService(config, { embedder: new HashingEmbedder({ dims: 32 }), log: () => {} });
  viewer = await startViewer({ reader: service, log: () => {}, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await viewer?.close();
});

async function linkTo(docId: string, start: number, end: number): Promise<string> {
  const document = (await service.servedDocument(docId))!;
  return viewerLinkFor(viewer.url, document, document.generation, start, end);
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; html: string }> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

describe('the source viewer', () => {
  it('shows the quoted characters as the text of one <mark> whose id is the link’s fragment', async () => {
    const start = PLAIN.indexOf('It voted');
    const end = PLAIN.indexOf('more.') + 5;
    const link = await linkTo('plain', start, end);
    expect(link).toMatch(new RegExp(`#q=${start}-${end}$`));
    const { status, html } = await get(link);
    expect(status).toBe(200);
    const { document } = parseHTML(html);
    const marks = document.querySelectorAll('mark');
    expect(marks.length).toBe(1);
    expect(marks[0]!.textContent).toBe(PLAIN.slice(start, end));
    expect(marks[0]!.getAttribute('id')).toBe(`q=${start}-${end}`);
    // The whole text, carriage return included, reads back exactly.
    expect(document.querySelector('.text')!.textContent).toBe(PLAIN);
    expect(document.querySelector('h1')!.textContent).toBe('A plain title');
  });

  it('sends a strict Content-Security-Policy, no cookie, and nothing cacheable', async () => {
    const { headers } = await get(await linkTo('plain', 0, 13));
    const policy = headers.get('content-security-policy')!;
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toMatch(/script-src|unsafe/);
    expect(headers.get('set-cookie')).toBeNull();
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('renders a hostile 5 MB line as inert, escaped text, and sends a bounded page', async () => {
    const document = (await service.servedDocument('hostile'))!;
    const start = document.text.indexOf('the line goes on', 2_000_000);
    const end = start + 'the line goes on and on.'.length;
    expect(document.text.slice(start, end)).toBe('the line goes on and on.');
    const { status, html } = await get(await linkTo('hostile', start, end));
    expect(status).toBe(200);
    expect(html.length).toBeLessThan(8 * CONTEXT_CHARS + 10_000);
    expect(html).not.toMatch(/<script|<img|<b>|<!-- c/i);
    const parsed = parseHTML(html).document;
    expect(parsed.querySelectorAll('script, img, b, iframe').length).toBe(0);
    expect(parsed.querySelector('mark')!.textContent).toBe('the line goes on and on.');
    expect(parsed.querySelector('h1')!.textContent).toBe('Hostile <i>title</i>');
    expect(html).toMatch(/characters before this not shown/);
    expect(html).toMatch(/characters after this not shown/);
  });

  it('does not highlight offsets taken from another version of the article, and says why', async () => {
    const link = (await linkTo('plain', 0, 13)).replace(/g=[^&]+/, 'g=g-older').replace(/h=[^&]+/, 'h=0123456789abcdef');
    const { html } = await get(link);
    expect(html).not.toMatch(/<mark/);
    expect(html).toMatch(/changed after this quote was taken/);
  });

  it('highlights a quote from an older generation when the article is unchanged (same content hash)', async () => {
    const { html } = await get((await linkTo('plain', 0, 13)).replace(/g=[^&]+/, 'g=g-older'));
    expect(parseHTML(html).document.querySelector('mark')!.textContent).toBe('A plain title');
  });

  it('answers a bad range, an unknown article and a write with one line of what to do', async () => {
    const bad = await get(`${viewer.url}/source/plain?g=${service.currentGeneration()}&q=50-10`);
    expect(bad.status).toBe(200);
    expect(bad.html).toMatch(/does not have; it is shown without a highlight/);
    const unknown = await get(`${viewer.url}/source/nothing-here`);
    expect(unknown.status).toBe(404);
    const traversal = await get(`${viewer.url}/source/..%2F..%2Fetc%2Fpasswd`);
    expect([400, 404]).toContain(traversal.status);
    const post = await get(`${viewer.url}/source/plain`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    const root = await get(`${viewer.url}/`);
    expect(root.status).toBe(404);
    expect(root.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('says a removed article was removed, and never shows it again', async () => {
    const link = await linkTo('gone', 13, 57);
    expect((await get(link)).status).toBe(200);
    await service.remove(['gone'], { requestedBy: 'test' });
    const after = await get(link);
    expect(after.status).toBe(410);
    expect(after.html).toMatch(/removed from the index/);
    expect(after.html).not.toMatch(/This article will be removed/);
  });
});
