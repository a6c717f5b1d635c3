/**
 * `npm run add` and `npm run remove` as outside scripts use them (CONTRACT.md): child processes
 * over a temp copy of the seed corpus with the real embedded model, fetching from a local news site.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORCHARD } from '../corpus/article-pages.js';
import { startArticleServer, type ArticleServer } from '../corpus/article-server.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { CLI, ROOT, runTsx, type Run } from './run-cli.js';

let env: NodeJS.ProcessEnv;
let dirs: { root: string; corpusDir: string; indexDir: string };
let server: ArticleServer;

function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runTsx([CLI, ...args], { ...env, ...extraEnv });
}

beforeAll(async () => {
  server = await startArticleServer();
  dirs = await tempWorkspace();
  // The feedback and unanswered files in the temp folder, never the checkout.
  env = { PATH: process.env.PATH, HOME: process.env.HOME, CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, MODELS_DIR: path.join(ROOT, 'models'), LOG_LEVEL: 'warn', FEEDBACK_FILE: path.join(dirs.root, 'feedback.jsonl') };
});
afterAll(() => server.close());

describe('npm run add and npm run remove', () => {
  it('refuses a private address with the setting off: one reason naming ALLOW_PRIVATE_URLS, exit 1, corpus unchanged', async () => {
    const files = await readdir(dirs.corpusDir);
    const run = await cli(['add', '--json', server.url('/jsonld')]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.added).toEqual([]);
    expect(report.skipped).toEqual([{ input: server.url('/jsonld'), reason: expect.stringContaining('ALLOW_PRIVATE_URLS=true') }]);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
  });

  it('adds what it can, lists the rest in the order given, exits 1, and the article is answered from at once', async () => {
    const orchard = path.join(dirs.root, 'orchard.txt');
    await writeFile(orchard, ['Frost in the Vell valley', ...ORCHARD].join('\n'));
    const scan = path.join(dirs.root, 'scan.txt');
    await writeFile(scan, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]));
    const run = await cli(['add', '--json', server.url('/jsonld'), server.url('/photo.jpg'), scan, orchard], { ALLOW_PRIVATE_URLS: 'true' });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual(['added', 'generation', 'skipped']);
    expect(report.added).toHaveLength(2);
    for (const article of report.added) for (const field of ['docId', 'title', 'source', 'url', 'published', 'author', 'file']) expect(article).toHaveProperty(field);
    expect(report.added[0]).toMatchObject({ url: server.url('/2025/11/25/lighthouse-vote'), source: 'Harbour Times', published: '2025-11-25T08:30:00.000Z' });
    expect(report.added[1]).toMatchObject({ title: 'Frost in the Vell valley', url: null });
    expect(report.skipped.map((item: { input: string }) => item.input)).toEqual([server.url('/photo.jpg'), scan]);
    expect(report.generation).toMatch(/^g-/);

    const asked = await cli(['ask', '--json', 'How much will the Kestrel Point lighthouse restoration cost?']);
    expect(asked.code).toBe(0);
    const answer = JSON.parse(asked.stdout);
    expect(answer.generation).toBe(report.generation);
    expect(nonVerbatimSpans(quotedSpansOf(answer), await readCorpusTexts(dirs.corpusDir))).toEqual([]);
    expect(answer.citations.map((citation: { docId: string }) => citation.docId)).toContain(report.added[0].docId);
    expect(answer.citations.find((citation: { docId: string }) => citation.docId === report.added[0].docId).url).toBe(server.url('/2025/11/25/lighthouse-vote'));
  });

  it('refuses an unknown docId with one line and exit 1, then removes a known one', async () => {
    const unknown = await cli(['remove', '--json', 'no-such-article']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('No article "no-such-article"');

    const docId = 'port-elsby-votes-to-relight-kestrel-point-lighthouse';
    const run = await cli(['remove', '--json', docId]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({ removed: [docId], generation: expect.stringMatching(/^g-/) });
    const sources = JSON.parse((await cli(['sources', '--json'])).stdout);
    expect(sources.sources.map((source: { docId: string }) => source.docId)).not.toContain(docId);
  });

  it('prints refusals on stderr, once per input given however often it is repeated, and the summary on stdout', async () => {
    const missing = path.join(dirs.root, 'missing.txt');
    const run = await cli(['add', missing, missing, missing, server.url('/jsonld')]);
    expect(run.code).toBe(1);
    const refusals = run.stderr.trim().split('\n');
    expect(refusals).toHaveLength(4);
    expect(refusals.slice(0, 3)).toEqual(Array(3).fill(`Not added: Refused ${missing}: there is no such file; give a link (http or https) or the path of an .html, .txt or .md file.`));
    expect(refusals[3]).toContain('ALLOW_PRIVATE_URLS=true');
    expect(run.stdout).not.toContain('Not added');
    expect(run.stdout).toMatch(/^Nothing added; still serving g-/);
  });

  it('removes a docId that starts with a dash when it follows --', async () => {
    await writeFile(path.join(dirs.corpusDir, '-dashed.txt'), ['Frost in the valley again', ...ORCHARD.map((line) => line.replace('Vell', 'Dunmore'))].join('\n'));
    expect((await cli(['index', '--json'])).code).toBe(0);
    const refused = await cli(['remove', '-dashed']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("a word that starts with '-' goes after '--'");
    const run = await cli(['remove', '--json', '--', '-dashed']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).removed).toEqual(['-dashed']);
    expect(await readdir(dirs.corpusDir)).not.toContain('-dashed.txt');
  });

  it('refuses a command line without an input', async () => {
    for (const args of [['add'], ['remove']]) {
      const run = await cli(args);
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
