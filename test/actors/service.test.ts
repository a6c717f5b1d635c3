import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildActorRegistry } from '../../src/actors/index.js';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, IndexError } from '../../src/index/index.js';
import { ACTORS_ARTEFACT, inProcessRebuildRunner, type RebuildRunner } from '../../src/rebuild/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 32 });
const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe('the service and actors.json', () => {
  it('refuses an actor registry of another format version with an IndexError saying to rebuild', async () => {
    const dirs = await tempWorkspace();
    roots.push(dirs.root);
    // A build that saves the registry as an older version would have.
    const oldFormat: RebuildRunner = (job) =>
      buildIndexGeneration({
        corpusDir: job.corpusDir,
        indexDir: job.indexDir,
        embedder,
        maxFileBytes: job.maxFileBytes,
        force: job.force,
        extraArtefacts: (documents) => ({ [ACTORS_ARTEFACT]: JSON.stringify({ ...buildActorRegistry(documents), formatVersion: 1 }) }),
      });
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
    const service = createVerbatimService(config, { embedder, log: () => {}, rebuildRunner: oldFormat });
    const failure = await service.actor('maduro').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IndexError);
    expect((failure as IndexError).message).toMatch(/format 1.*Run: npm run index/);
  });

  it('logs actors.yaml names that match no actor when it builds', async () => {
    const dirs = await tempWorkspace();
    roots.push(dirs.root);
    await writeFile(path.join(dirs.corpusDir, 'actors.yaml'), 'exclude: [Nobody Known]\nmerge:\n  - [Nicolás Maduro, Nemo Ghost]\n');
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
    const service = createVerbatimService(config, { embedder, log, rebuildRunner: inProcessRebuildRunner({ embedder, log }) });
    expect((await service.actor('maduro')).found).toBe(true);
    expect(logs.some((l) => /Nobody Known/.test(l))).toBe(true);
    expect(logs.some((l) => /Nemo Ghost/.test(l))).toBe(true);
  });
});
