/**
 * What `add` refuses before anything is written (issue 22): text the next build would skip (NUL
 * bytes, a token-shaped string, the configured token), an empty page among good ones, the same
 * file or upload twice, a page labelled UTF-8 but sent as Windows-1252. Every refusal is one line;
 * the other inputs of the request go on; nothing refused reaches the corpus folder.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { createVerbatimService, type VerbatimService } from '../../src/service/index.js';
import { LIBRARY, LIGHTHOUSE, ORCHARD, TRAM } from '../corpus/article-pages.js';
import { startArticleServer, type ArticleServer } from '../corpus/article-server.js';
import { readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 64 });
/** Shaped like a Discord bot token (the first part is a base64 user id); never a real one. */
const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123';
/** A configured token that does not look like one. */
const CONFIGURED_TOKEN = 'hunter2-operator-secret';

function page(title: string, paragraphs: readonly string[]): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

function serviceOver(dirs: { corpusDir: string; indexDir: string }): VerbatimService {
  const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, ALLOW_PRIVATE_URLS: 'true', FETCH_TIMEOUT_SECONDS: '5', DISCORD_TOKEN: CONFIGURED_TOKEN });
  return createVerbatimService(config, { embedder, log: () => undefined });
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('add checks what it would write, before writing it', () => {
  let server: ArticleServer;
  beforeAll(async () => {
    server = await startArticleServer();
  });
  afterAll(() => server.close());

  it('refuses what the next build would skip, and an empty page, while the good input of the same request is added', async () => {
    const dirs = await tempWorkspace({ withSeeds: false });
    const service = serviceOver(dirs);
    const nul = server.serve('/nul', page('Tram line opens', [TRAM[0]!.replace('tram line', 'tram\u0000line'), ...TRAM.slice(1)]), 'text/html; charset=utf-8');
    const token = server.serve('/token', page('Library reopens', [LIBRARY[0]!, `The password was ${FAKE_TOKEN} all along.`, ...LIBRARY.slice(1)]), 'text/html; charset=utf-8');
    const good = server.serve('/good', page('Lighthouse vote', LIGHTHOUSE), 'text/html; charset=utf-8');
    const report = await service.add(
      [
        { kind: 'url', url: nul },
        { kind: 'url', url: token },
        { kind: 'file', name: 'empty.html', bytes: new Uint8Array() },
        { kind: 'file', name: 'words.html', bytes: encode('Just words, no tags.') },
        { kind: 'file', name: 'configured.md', bytes: encode(`---\ntitle: Orchards\nsource: ${CONFIGURED_TOKEN}\n---\n\n${ORCHARD.join('\n\n')}\n`) },
        { kind: 'url', url: good },
      ],
      { requestedBy: 'cli' },
    );
    expect(report.added.map((article) => article.title)).toEqual(['Lighthouse vote']);
    expect(report.skipped.map((skipped) => skipped.input)).toEqual([nul, token, 'empty.html', 'words.html', 'configured.md']);
    for (const { reason } of report.skipped) expect(reason.split('\n')).toHaveLength(1);
    const [nulReason, tokenReason, emptyReason, wordsReason, configuredReason] = report.skipped.map((skipped) => skipped.reason);
    expect(nulReason).toMatch(/NUL bytes.*would never be served/);
    expect(tokenReason).toContain('shaped like a Discord bot token');
    expect(emptyReason).toContain('almost no article text');
    expect(wordsReason).toContain('almost no article text');
    expect(configuredReason).toContain('the configured DISCORD_TOKEN');
    for (const reason of [tokenReason, configuredReason]) {
      expect(reason).not.toContain(FAKE_TOKEN);
      expect(reason).not.toContain(CONFIGURED_TOKEN);
    }

    const texts = [...(await readCorpusTexts(dirs.corpusDir)).values()];
    expect(texts).toHaveLength(1);
    for (const text of texts) {
      expect(text).not.toContain('\u0000');
      expect(text).not.toContain(FAKE_TOKEN);
      expect(text).not.toContain(CONFIGURED_TOKEN);
    }
    // What add reported added is what the loader takes.
    const loaded = await loadCorpus(dirs.corpusDir, { maxFileBytes: 5 * 1024 * 1024 });
    expect(loaded.skipped).toEqual([]);
    expect(loaded.documents.map((document) => document.docId)).toEqual(report.added.map((article) => article.docId));
  });

  it('refuses the same file or upload added twice, in one request or the next, as a duplicate', async () => {
    const dirs = await tempWorkspace({ withSeeds: false });
    const service = serviceOver(dirs);
    const lines = ['Frost in the valley', ...ORCHARD];
    const first = await service.add(
      [
        { kind: 'file', name: 'orchard.txt', bytes: encode(lines.join('\n')) },
        // The same text again in the same request, spaced as Markdown.
        { kind: 'file', name: 'orchard-copy.md', bytes: encode(lines.join('\n\n')) },
      ],
      { requestedBy: 'cli' },
    );
    expect(first.added.map((article) => article.file)).toEqual(['frost-in-the-valley.md']);
    expect(first.skipped).toEqual([{ input: 'orchard-copy.md', reason: expect.stringMatching(/^Refused orchard-copy\.md: it is the same text as orchard\.txt, given earlier/) }]);

    const upload = server.serve('/attachments/orchard.txt', lines.join('\r\n'), 'text/plain');
    const again = await service.add(
      [
        { kind: 'file', name: 'orchard.txt', bytes: encode(lines.join('\n')) },
        { kind: 'upload', name: 'orchard.txt', url: upload, size: 600 },
      ],
      { requestedBy: 'cli' },
    );
    expect(again.added).toEqual([]);
    expect(again.skipped.map((skipped) => skipped.reason)).toEqual([
      'Refused orchard.txt: it is the same text as the article frost-in-the-valley already in the corpus; remove that article first to add it again.',
      'Refused orchard.txt: it is the same text as the article frost-in-the-valley already in the corpus; remove that article first to add it again.',
    ]);
    expect(await readdir(dirs.corpusDir)).toEqual(['frost-in-the-valley.md']);
  });

  it('decodes a page labelled UTF-8 but sent as Windows-1252 as Windows-1252, never with U+FFFD, and refuses one that mixes both', async () => {
    const dirs = await tempWorkspace({ withSeeds: false });
    const service = serviceOver(dirs);
    const accented = LIGHTHOUSE.map((line) => line.replace('Councillor Mara Quennell', 'Conseill\u00e8re Mara Quennell').replace('"', '\u201c'));
    const cp1252 = server.serve('/cp1252', windows1252(page('Phare de Kestrel', accented)), 'text/html; charset=utf-8');
    const mixed = server.serve('/mixed', Buffer.concat([Buffer.from(page('Caf\u00e9 Point', TRAM), 'utf8'), Buffer.from('<p>caf\u00e9</p>', 'latin1')]), 'text/html; charset=utf-8');
    const report = await service.add([{ kind: 'url', url: cp1252 }, { kind: 'url', url: mixed }], { requestedBy: 'cli' });
    expect(report.added.map((article) => article.title)).toEqual(['Phare de Kestrel']);
    const text = (await readCorpusTexts(dirs.corpusDir)).get(report.added[0]!.docId)!;
    expect(text).toContain('Conseill\u00e8re Mara Quennell');
    expect(text).toContain('\u201cA working light');
    expect(text).not.toContain('\uFFFD');
    expect(report.skipped).toEqual([{ input: mixed, reason: expect.stringContaining('mixes UTF-8 with another encoding') }]);
  });
});

/** Encodes text in Windows-1252 (the characters these pages use: Latin-1 plus curly quotes). */
function windows1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '\u201c': 0x93, '\u201d': 0x94, '\u2018': 0x91, '\u2019': 0x92 };
  return Uint8Array.from([...text].map((ch) => extra[ch] ?? ch.charCodeAt(0)));
}
