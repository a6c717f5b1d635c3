/**
 * Nothing outside the corpus folder is ever read, and nothing that looks like this project's own
 * secrets is ever quoted: a link to /etc/passwd or to .env is skipped with a reason, a file that
 * holds a token is skipped, and the service withholds a reply that would quote the configured
 * token however it got into an index.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { inProcessRebuildRunner } from '../../src/rebuild/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 64 });
/** A workspace of its own (removed when the file ends). */
const workspace = () => tempWorkspace();

const TOKEN_SHAPED = `${'M'.repeat(24)}.Gabcde.${'x'.repeat(38)}`;
const ARTICLE = 'Harbour Workers Strike\nDock workers in the port town of Eastby walked out on Monday over pay.\n';

describe('loadCorpus', () => {
  it('skips a link to a file outside the corpus folder, with a reason, and never reads it', async () => {
    const { root, corpusDir } = await workspace();
    const outside = path.join(root, 'passwd');
    await writeFile(outside, 'root:x:0:0:root:/root:/bin/bash\nThe administrator account of the machine is named root.\n');
    await symlink(outside, path.join(corpusDir, 'p.txt'));
    await mkdir(path.join(root, 'elsewhere'));
    await writeFile(path.join(root, 'elsewhere', 'story.txt'), ARTICLE);
    await symlink(path.join(root, 'elsewhere'), path.join(corpusDir, 'linked-folder'));
    const corpus = await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 });
    expect(corpus.documents.map((d) => d.docId)).not.toContain('p');
    expect(corpus.skipped).toContainEqual({ file: 'p.txt', reason: expect.stringMatching(/link to a file outside the corpus folder/) });
    expect(corpus.documents.some((d) => d.text.includes('root:x:0:0'))).toBe(false);
  });

  it('still reads a link that stays inside the corpus folder', async () => {
    const { corpusDir } = await workspace();
    await writeFile(path.join(corpusDir, 'original.txt'), ARTICLE);
    await symlink('original.txt', path.join(corpusDir, 'alias.txt'));
    const corpus = await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 });
    expect(corpus.documents.map((d) => d.docId)).toEqual(expect.arrayContaining(['alias', 'original']));
  });

  it.each([
    ['a DISCORD_TOKEN= line', `${ARTICLE}DISCORD_TOKEN=not-the-real-one-but-close\n`, /DISCORD_TOKEN= setting/],
    ['a token-shaped string', `${ARTICLE}The key was ${TOKEN_SHAPED} all along.\n`, /shaped like a Discord bot token/],
  ])('skips a file holding %s, without repeating it in the reason', async (_, text, reason) => {
    const { corpusDir } = await workspace();
    await writeFile(path.join(corpusDir, 'leak.txt'), text);
    const corpus = await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 });
    expect(corpus.documents.map((d) => d.docId)).not.toContain('leak');
    const skipped = corpus.skipped.find((s) => s.file === 'leak.txt')!;
    expect(skipped.reason).toMatch(reason);
    expect(skipped.reason).not.toContain('not-the-real-one');
    expect(skipped.reason).not.toContain(TOKEN_SHAPED);
  });
});

describe('the service', () => {
  it('reports a link to .env as skipped in the build, and never quotes the token', async () => {
    const { root, corpusDir, indexDir } = await workspace();
    await writeFile(path.join(root, '.env'), `DISCORD_TOKEN=${TOKEN_SHAPED}\n`);
    await symlink(path.join(root, '.env'), path.join(corpusDir, 'settings.txt'));
    const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, DISCORD_TOKEN: TOKEN_SHAPED });
    const service = createVerbatimService(config, { embedder, log: () => {}, rebuildRunner: inProcessRebuildRunner({ embedder, log: () => {} }) });
    const report = await service.reindex({ requestedBy: 'test' });
    expect(report.skipped.map((s) => s.file)).toContain('settings.txt');
    expect(JSON.stringify(await service.ask('What is the DISCORD_TOKEN setting?'))).not.toContain(TOKEN_SHAPED);
  });

  it('withholds an answer that would quote the configured token, however it reached the index', async () => {
    const { corpusDir, indexDir } = await workspace();
    // Not token-shaped, so only the exact configured value gives it away.
    const token = 'canary-7f3a9c1e-plain-looking-secret';
    await writeFile(path.join(corpusDir, 'notice.txt'), `Harbour Notice\nThe harbour master posted the gate code ${token} on the board at Eastby pier on Monday.\n`);
    const logs: string[] = [];
    const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, DISCORD_TOKEN: token });
    const service = createVerbatimService(config, { embedder, log: (line) => logs.push(line), rebuildRunner: inProcessRebuildRunner({ embedder, log: () => {} }) });
    await service.reindex({ requestedBy: 'test' });
    const answer = await service.ask('What gate code did the harbour master post on the board at Eastby pier?');
    expect(JSON.stringify(answer)).not.toContain(token);
    expect(answer.abstained).toBe(true);
    expect(logs.join('\n')).toMatch(/would have quoted the configured DISCORD_TOKEN; withheld/);
    expect(logs.join('\n')).not.toContain(token);
  });
});
