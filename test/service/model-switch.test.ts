/**
 * A generation is answered from only by the model that built it: a service started with another
 * model rebuilds the index with its own (saying why), never mixes the two sets of vectors.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { readAuditLog } from '../../src/index/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';

describe('a model switch', () => {
  it('rebuilds the index with the new model on first use, says so once, and answers verbatim from the new generation', async () => {
    const dirs = await tempWorkspace({ withSeeds: true });
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
    const first = new HashingEmbedder({ dims: 64 });
    const before = createVerbatimService(config, { embedder: first, log: () => undefined });
    await before.ask('Who heads the Cartel de los Soles?');
    const oldGeneration = before.currentGeneration();

    const second = new HashingEmbedder({ dims: 48 });
    const lines: string[] = [];
    const after = createVerbatimService(config, { embedder: second, log: (line) => lines.push(line) });
    const answer = await after.ask('Who heads the Cartel de los Soles?');
    expect(lines.filter((line) => line.includes('was built by another embedding model'))).toHaveLength(1);
    expect(after.currentGeneration()).not.toBe(oldGeneration);
    const manifest = JSON.parse(await readFile(path.join(dirs.indexDir, 'generations', after.currentGeneration()!, 'manifest.json'), 'utf8'));
    expect(manifest.model).toMatchObject({ id: second.id, dims: 48 });
    expect(nonVerbatimSpans(quotedSpansOf(answer), await readCorpusTexts(dirs.corpusDir))).toEqual([]);
    const audit = await readAuditLog(dirs.indexDir);
    expect(audit.at(-1)).toMatchObject({ requestedBy: 'model change', outcome: 'ok' });
  });
});
