/**
 * Secrets in disguise (issue 22 item 10): a bot token split across lines, percent-encoded,
 * base64-encoded or with invisible characters after its dots is still found, so the loader skips
 * the file (its fragments never become sentences or actors); a configured DISCORD_TOKEN that does
 * not look like a token is redacted from listings (sources, actors), where it is metadata.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { findSecret, redactSecretsDeep } from '../../src/text/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

/** Shaped like a bot token: its first part is a base64 user id. Made up for the test. */
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123';
const CONFIGURED = 'hunter2-operator-secret';

const DISGUISES: Array<[string, string]> = [
  ['split across lines', `The note read MTIzNDU2Nzg5MDEy\nMzQ1Njc4.GhIjKl.abcdefghijklm\nnopqrstuvwxyz0123 and nothing else.`],
  ['split by spaces around its dots', `The note read MTIzNDU2Nzg5MDEyMzQ1Njc4 . GhIjKl . abcdefghijklmnopqrstuvwxyz0123 and nothing else.`],
  ['percent-encoded', `The link was https://paste.example/?t=MTIzNDU2Nzg5MDEyMzQ1Njc4%2EGhIjKl%2Eabcdefghijklmnopqrstuvwxyz0123 yesterday.`],
  ['base64-encoded', `The blob was ${Buffer.from(`DISCORD_TOKEN=${TOKEN}`).toString('base64')} in the dump.`],
  ['with zero-width spaces after its dots', `The note read ${TOKEN.replace(/\./g, '.\u200b')} and nothing else.`],
  ['with soft hyphens and word joiners', `The note read ${TOKEN.replace(/\./g, '.\u00ad\u2060')} and nothing else.`],
];

const PROSE = [
  'The harbour council voted on Tuesday to restore the lighthouse.It will cost 2.4 million euros.',
  'Officials at U.S.Steel Corp.said output rose.Analysts at J.P.Morgan agreed,while others at www.example.com/news/2025/story.html did not.',
  'Shares of Alphabet Incorporated Holdings Worldwide. Group. International Subsidiary Units rose.',
  'Base64 looks like this: QmFzZTY0IGlzIGEgd2F5IG9mIHdyaXRpbmcgYnl0ZXMgYXMgdGV4dCwgbm90IGEgc2VjcmV0IGF0IGFsbCwgbm90IGF0IGFsbA== and means nothing.',
];

describe('findSecret sees through disguises', () => {
  it.each(DISGUISES)('finds a token %s, without quoting it', (_how, text) => {
    const found = findSecret(text);
    expect(found).toMatch(/Discord bot token|DISCORD_TOKEN/);
    expect(found).not.toContain('MTIz');
  });

  it('does not take prose, joined words, dotted names or ordinary base64 for a token', () => {
    for (const text of PROSE) expect(findSecret(text)).toBeNull();
  });

  it('has the loader skip each disguised file, so no fragment becomes a sentence or an actor', async () => {
    const { corpusDir } = await tempWorkspace({ withSeeds: false });
    for (const [index, [, text]] of DISGUISES.entries()) await writeFile(path.join(corpusDir, `d${index}.txt`), `Harbour news\n${text}\n`);
    await writeFile(path.join(corpusDir, 'clean.txt'), `Harbour news\n${PROSE[0]}\n`);
    const loaded = await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 });
    expect(loaded.documents.map((document) => document.docId)).toEqual(['clean']);
    expect(loaded.skipped.map((skipped) => skipped.file)).toEqual(DISGUISES.map((_, index) => `d${index}.txt`));
  });
});

describe('a configured DISCORD_TOKEN that is not token-shaped', () => {
  it('is redacted from exact values only, leaving ordinary words alone', () => {
    expect(redactSecretsDeep({ source: `Leaks ${CONFIGURED}`, related: [{ name: CONFIGURED }], quote: 'Bearer bonds rose.' }, [CONFIGURED])).toEqual({
      source: 'Leaks [redacted]',
      related: [{ name: '[redacted]' }],
      quote: 'Bearer bonds rose.',
    });
  });

  it('never shows in sources or in actor listings', async () => {
    const dirs = await tempWorkspace();
    await writeFile(
      path.join(dirs.corpusDir, 'leak.md'),
      `---\ntitle: Harbour vote\nsource: ${CONFIGURED}\nauthor: ${CONFIGURED}\n---\n\nThe harbour council of Port Elsby voted on Tuesday to restore the Kestrel Point lighthouse, said Mara Quennell.\n`,
    );
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, DISCORD_TOKEN: CONFIGURED });
    const service = createVerbatimService(config, { embedder: new HashingEmbedder({ dims: 64 }), log: () => undefined });
    const sources = await service.sources();
    expect(sources.find((source) => source.docId === 'leak')).toMatchObject({ source: '[redacted]' });
    expect(JSON.stringify(sources)).not.toContain(CONFIGURED);
    expect(JSON.stringify(await service.actor('Mara Quennell'))).not.toContain(CONFIGURED);
    expect(JSON.stringify(await service.actors(1000))).not.toContain(CONFIGURED);
  });
});
