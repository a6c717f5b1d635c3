/**
 * What happens to generations over time: a rebuild that changes nothing keeps the served one;
 * pruning keeps good generations whatever junk folders are called; a document removed from the
 * corpus never comes back, even when damage makes an older generation serve.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, GENERATION_FILES, generationsFolder, loadServedGeneration, readCurrentGenerationName } from '../../src/index/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { loadConfig } from '../../src/config/index.js';
import { inProcessRebuildRunner } from '../../src/rebuild/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 64 });
/** A workspace of its own (removed when the file ends). */
const workspace = () => tempWorkspace();

const build = (dirs: { corpusDir: string; indexDir: string }, extra: { force?: boolean; keepGenerations?: number } = {}) =>
  buildIndexGeneration({ corpusDir: dirs.corpusDir, indexDir: dirs.indexDir, embedder, maxFileBytes: 5 * 1024 * 1024, ...extra });

const generationNames = async (indexDir: string) => (await readdir(generationsFolder(indexDir))).filter((name) => name.startsWith('g-')).sort();

describe('a rebuild when nothing changed', () => {
  it('keeps the served generation, writes nothing and says unchanged', async () => {
    const dirs = await workspace();
    const first = await build(dirs);
    expect(first.unchanged).toBe(false);
    const again = await build(dirs);
    expect(again.unchanged).toBe(true);
    expect(again.generation).toBe(first.generation);
    expect(again.documents).toBe(first.documents);
    expect(await readCurrentGenerationName(dirs.indexDir)).toBe(first.generation);
    expect(await generationNames(dirs.indexDir)).toEqual([first.generation]);
  });

  it('writes a new generation when the served one is damaged, or with force', async () => {
    const dirs = await workspace();
    const first = await build(dirs);
    const forced = await build(dirs, { force: true });
    expect(forced.unchanged).toBe(false);
    expect(forced.generation).not.toBe(first.generation);
    await writeFile(path.join(generationsFolder(dirs.indexDir), forced.generation, GENERATION_FILES.store), 'not a database');
    const repaired = await build(dirs);
    expect(repaired.unchanged).toBe(false);
    expect(repaired.generation).not.toBe(forced.generation);
  });
});

describe('pruning', () => {
  it('keeps good generations when a junk folder has a later name', async () => {
    const dirs = await workspace();
    const first = await build(dirs);
    const junk = path.join(generationsFolder(dirs.indexDir), 'g-29991231T000000000-aaaaaa');
    await mkdir(junk, { recursive: true });
    await writeFile(path.join(junk, 'manifest.json'), 'garbage');
    const second = await build(dirs, { force: true, keepGenerations: 2 });
    const third = await build(dirs, { force: true, keepGenerations: 2 });
    // The two newest good generations stay (the served one and a fallback); the junk goes.
    expect(await generationNames(dirs.indexDir)).toEqual([second.generation, third.generation].sort());
    expect(await generationNames(dirs.indexDir)).not.toContain(first.generation);
  });
});

describe('a removed document', () => {
  it('is not served again when damage makes the older generation serve', async () => {
    const dirs = await workspace();
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
    const logs: string[] = [];
    const service = () => createVerbatimService(config, { embedder, log: (line) => logs.push(line), rebuildRunner: inProcessRebuildRunner({ embedder, log: () => {} }) });
    const before = await service().reindex({ requestedBy: 'test' });
    const removedId = '001_818d96d150a48b90';
    // One of its own lines, to ask back once it is removed.
    const removedLine = (await readFile(path.join(dirs.corpusDir, `${removedId}.txt`), 'utf8')).split('\n').find((line) => line.length > 80)!;
    await rm(path.join(dirs.corpusDir, `${removedId}.txt`));
    const after = await service().reindex({ requestedBy: 'test' });
    expect(after.removed).toEqual([removedId]);
    // Damage the newest generation: the older one, which still holds the document, serves.
    await writeFile(path.join(generationsFolder(dirs.indexDir), after.generation, GENERATION_FILES.store), 'not a database');

    const fallback = await loadServedGeneration(dirs.indexDir, embedder, { warn: (line) => logs.push(line) });
    expect(fallback.name).toBe(before.generation);
    expect(logs.join('\n')).toMatch(/serving the older generation/);
    expect(logs.join('\n')).not.toContain('.;');
    expect(fallback.document(removedId)).toBeUndefined();
    expect(fallback.passagesOf(removedId)).toEqual([]);
    expect(fallback.servedDocuments().map((d) => d.docId)).not.toContain(removedId);

    const serving = service();
    expect((await serving.sources()).map((s) => s.docId)).not.toContain(removedId);
    // Its own words, asked back: whatever answers, nothing comes from the removed document.
    const answer = await serving.ask(removedLine.slice(0, 200));
    expect(answer.generation).toBe(before.generation);
    expect([...answer.sentences.map((s) => s.docId), ...answer.citations.map((c) => c.docId)]).not.toContain(removedId);
  });

  it('is served again once it is back in the corpus', async () => {
    const dirs = await workspace();
    const file = path.join(dirs.corpusDir, '002_3e35f3b5e4a9b597.txt');
    const text = await readFile(file, 'utf8');
    await build(dirs);
    await rm(file);
    await build(dirs);
    await writeFile(file, text);
    await build(dirs);
    const served = await loadServedGeneration(dirs.indexDir, embedder);
    expect(served.document('002_3e35f3b5e4a9b597')).toBeDefined();
  });
});
