/**
 * Adding and removing articles through the real service: fetched from a local news site, saved,
 * rebuilt (incrementally, audited), answered from at once, removed again. Every bad input is one
 * line and leaves the corpus and the served index as they were.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { UnknownDocumentError } from '../../src/corpus/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { acquireBuildLock, BuildInProgressError, readAuditLog } from '../../src/index/index.js';
import { createVerbatimService, type VerbatimService } from '../../src/service/index.js';
import { startArticleServer, type ArticleServer } from '../corpus/article-server.js';
import { LIGHTHOUSE, ORCHARD } from '../corpus/article-pages.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 64 });
const MODERATOR = '123456789012345678';

function serviceOver(dirs: { corpusDir: string; indexDir: string }, allowPrivate = true): VerbatimService {
  const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, ALLOW_PRIVATE_URLS: String(allowPrivate), FETCH_TIMEOUT_SECONDS: '2' });
  return createVerbatimService(config, { embedder, log: () => undefined });
}

async function expectAnswerVerbatim(service: VerbatimService, corpusDir: string, question: string) {
  const answer = await service.ask(question);
  expect(nonVerbatimSpans(quotedSpansOf(answer), await readCorpusTexts(corpusDir))).toEqual([]);
  return answer;
}

describe('adding and removing articles', () => {
  let server: ArticleServer;
  beforeAll(async () => {
    server = await startArticleServer();
  });
  afterAll(() => server.close());

  it('adds a linked article, answers from it at once with its canonical URL, audits who added what from where, and removes it again', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs);
    await service.sources();
    const before = service.currentGeneration();

    const report = await service.add([{ kind: 'url', url: server.url('/jsonld') }], { requestedBy: MODERATOR });
    expect(report.skipped).toEqual([]);
    expect(report.added).toEqual([
      {
        docId: 'port-elsby-votes-to-relight-kestrel-point-lighthouse',
        title: 'Port Elsby votes to relight Kestrel Point lighthouse',
        source: 'Harbour Times',
        url: server.url('/2025/11/25/lighthouse-vote'),
        published: '2025-11-25T08:30:00.000Z',
        author: 'Ana Brisk, Tom Hale',
        file: 'port-elsby-votes-to-relight-kestrel-point-lighthouse.md',
        updated: false,
      },
    ]);
    expect(report.generation).not.toBe(before);
    expect(service.currentGeneration()).toBe(report.generation);

    const answer = await expectAnswerVerbatim(service, dirs.corpusDir, 'How much will the Kestrel Point lighthouse restoration cost?');
    expect(answer.abstained).toBe(false);
    const cited = answer.citations.find((citation) => citation.docId === report.added[0]!.docId);
    expect(cited).toMatchObject({ url: server.url('/2025/11/25/lighthouse-vote'), source: 'Harbour Times', published: '2025-11-25T08:30:00.000Z' });
    const fromArticle = answer.sentences.filter((sentence) => sentence.docId === report.added[0]!.docId).map((sentence) => sentence.text);
    expect(fromArticle.length).toBeGreaterThan(0);
    for (const text of fromArticle) expect(LIGHTHOUSE.some((paragraph) => paragraph.includes(text))).toBe(true);

    const audit = (await readAuditLog(dirs.indexDir)).at(-1)!;
    expect(audit).toMatchObject({ requestedBy: MODERATOR, outcome: 'ok', added: 1, generation: report.generation });
    expect(audit.articles).toEqual([{ change: 'added', docId: report.added[0]!.docId, url: server.url('/2025/11/25/lighthouse-vote'), input: server.url('/jsonld') }]);

    const removed = await service.remove([report.added[0]!.docId], { requestedBy: MODERATOR });
    expect(removed.removed).toEqual([report.added[0]!.docId]);
    expect((await service.sources()).map((source) => source.docId)).not.toContain(report.added[0]!.docId);
    expect(await readdir(dirs.corpusDir)).not.toContain(report.added[0]!.file);
    const after = await expectAnswerVerbatim(service, dirs.corpusDir, 'How much will the Kestrel Point lighthouse restoration cost?');
    expect(after.citations.map((citation) => citation.docId)).not.toContain(report.added[0]!.docId);
    expect((await readAuditLog(dirs.indexDir)).at(-1)).toMatchObject({ requestedBy: MODERATOR, outcome: 'ok', removed: 1, articles: [{ change: 'removed', docId: report.added[0]!.docId }] });
  });

  it('updates the article when the same page is added again through a redirect, and says so', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs);
    const first = await service.add([{ kind: 'url', url: server.url('/jsonld') }], { requestedBy: 'cli' });
    const files = await readdir(dirs.corpusDir);
    const again = await service.add([{ kind: 'url', url: server.url('/r1') }], { requestedBy: 'cli' });
    expect(again.added).toMatchObject([{ docId: first.added[0]!.docId, updated: true }]);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
    expect((await readAuditLog(dirs.indexDir)).at(-1)!.articles).toMatchObject([{ change: 'updated', input: server.url('/r1') }]);
  });

  it('reads a Markdown page with its own front matter as metadata, not as text', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs);
    const report = await service.add([{ kind: 'url', url: server.url('/story.md') }], { requestedBy: 'cli' });
    expect(report.added).toMatchObject([{ title: 'Vell valley frost', source: 'Valley Post', published: '2025-04-30', url: server.url('/story.md') }]);
    const text = (await readCorpusTexts(dirs.corpusDir)).get(report.added[0]!.docId)!;
    expect(text.match(/^---$/gm)).toHaveLength(2);
    expect(text).toContain(`\n\n${ORCHARD[0]}\n\n${ORCHARD[1]}`);
  });

  it('adds what it can and lists every refused input with its one-line reason', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs);
    const report = await service.add(
      [
        { kind: 'url', url: server.url('/opengraph') },
        { kind: 'url', url: server.url('/report.pdf') },
        { kind: 'url', url: server.url('/gone') },
        { kind: 'url', url: server.url('/script-only') },
        { kind: 'url', url: server.url('/slow') },
        { kind: 'file', name: 'scan.txt', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]) },
        { kind: 'file', name: 'orchard.txt', bytes: new TextEncoder().encode(['Frost in the valley', ...ORCHARD].join('\n')) },
      ],
      { requestedBy: 'cli' },
    );
    expect(report.added.map((article) => article.title)).toEqual(['Late frost leaves Vell valley orchards bare', 'Frost in the valley']);
    expect(report.added[1]).toMatchObject({ url: null, source: null });
    expect(report.skipped.map((skipped) => skipped.input)).toEqual([server.url('/report.pdf'), server.url('/gone'), server.url('/script-only'), server.url('/slow'), 'scan.txt']);
    const reasons = report.skipped.map((skipped) => skipped.reason);
    for (const reason of reasons) expect(reason.split('\n')).toHaveLength(1);
    expect(reasons[0]).toContain('PDF');
    expect(reasons[1]).toContain('410');
    expect(reasons[2]).toContain('almost no article text');
    expect(reasons[3]).toContain('within 2 s');
    expect(reasons[4]).toContain('binary');
  });

  it('changes nothing when every input is refused: same files, same generation, still answering', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs, false);
    await service.sources();
    const generation = service.currentGeneration();
    const files = await readdir(dirs.corpusDir);
    const audits = (await readAuditLog(dirs.indexDir)).length;
    const report = await service.add([{ kind: 'url', url: server.url('/jsonld') }], { requestedBy: 'cli' });
    expect(report.added).toEqual([]);
    expect(report.skipped[0]!.reason).toMatch(/127\.0\.0\.1 is a loopback address; set ALLOW_PRIVATE_URLS=true/);
    expect(report.generation).toBe(generation);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
    expect((await readAuditLog(dirs.indexDir)).length).toBe(audits);
    await expectAnswerVerbatim(service, dirs.corpusDir, 'Who heads the Cartel de los Soles?');
  });

  it('refuses while another build holds the lock, before touching the corpus, and keeps serving', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs);
    await service.sources();
    const generation = service.currentGeneration();
    const files = await readdir(dirs.corpusDir);
    const lock = await acquireBuildLock(dirs.indexDir, { requestedBy: 'another moderator' });
    try {
      await expect(service.add([{ kind: 'url', url: server.url('/byline') }], { requestedBy: MODERATOR })).rejects.toThrow(BuildInProgressError);
      await expect(service.remove([files[0]!.replace(/\.(txt|md)$/, '')], { requestedBy: MODERATOR })).rejects.toThrow(BuildInProgressError);
    } finally {
      await lock.release();
    }
    expect(await readdir(dirs.corpusDir)).toEqual(files);
    expect(service.currentGeneration()).toBe(generation);
    await expectAnswerVerbatim(service, dirs.corpusDir, 'Who heads the Cartel de los Soles?');
  });

  it('takes the saved or removed files back when the rebuild fails, audits the failure with the articles, and keeps serving', async () => {
    const dirs = await tempWorkspace();
    const healthy = serviceOver(dirs);
    await healthy.sources();
    const generation = healthy.currentGeneration();
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, ALLOW_PRIVATE_URLS: 'true' });
    const failing = createVerbatimService(config, {
      embedder,
      log: () => undefined,
      rebuildRunner: async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    });
    await failing.sources();
    const files = await readdir(dirs.corpusDir);
    await expect(failing.add([{ kind: 'url', url: server.url('/byline') }], { requestedBy: MODERATOR })).rejects.toThrow(/no space left on device.*keeps serving generation/);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
    expect((await readAuditLog(dirs.indexDir)).at(-1)).toMatchObject({ outcome: 'failed', requestedBy: MODERATOR, articles: [{ change: 'added', input: server.url('/byline') }] });
    const seed = files.find((name) => name.endsWith('.txt'))!;
    const before = await readFile(path.join(dirs.corpusDir, seed), 'utf8');
    await expect(failing.remove([seed.replace(/\.txt$/, '')], { requestedBy: MODERATOR })).rejects.toThrow(/no space left/);
    expect(await readFile(path.join(dirs.corpusDir, seed), 'utf8')).toBe(before);
    expect(failing.currentGeneration()).toBe(generation);
    await expectAnswerVerbatim(failing, dirs.corpusDir, 'Who heads the Cartel de los Soles?');
  });

  it('refuses an unknown docId before removing anything', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs);
    const files = await readdir(dirs.corpusDir);
    const known = files.find((name) => name.endsWith('.txt'))!.replace(/\.txt$/, '');
    await expect(service.remove([known, 'no-such-article'], { requestedBy: 'cli' })).rejects.toThrow(UnknownDocumentError);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
    expect(await readFile(path.join(dirs.corpusDir, `${known}.txt`), 'utf8')).not.toBe('');
  });
});
