/**
 * `serveAfterRebuild: false` (the CLI): an add that serves nothing yet ends with its build, without
 * loading what it built; the first call that needs the index loads that generation then. A
 * service already serving still swaps the new generation in.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { readCurrentGenerationName } from '../../src/index/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 32 });
const ARTICLE = { kind: 'file' as const, name: 'harbour.txt', bytes: Buffer.from(
    'Harbour Workers Strike\n\nDock workers in the port town of Eastby walked out on Monday over pay and hours. ' +
      'The union said the strike would last a week unless the harbour board reopened talks. ' +
      'Ships waiting to unload were turned away to other ports along the coast.\n',
  ),
};

describe('serveAfterRebuild: false', () => {
  it('adds without loading the new generation, which the next question loads', async () => {
    const dirs = await tempWorkspace();
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
    await createVerbatimService(config, { embedder, log: () => {} }).reindex({ requestedBy: 'test' });

    const cli = createVerbatimService(config, { embedder, log: () => {}, serveAfterRebuild: false });
    const report = await cli.add([ARTICLE], { requestedBy: 'cli' });
    expect(report.skipped).toEqual([]);
    expect(report.added).toHaveLength(1);
    expect(await readCurrentGenerationName(dirs.indexDir)).toBe(report.generation);
    expect(cli.currentGeneration()).toBeNull();
    expect((await cli.sources()).map((s) => s.docId)).toContain(report.added[0]!.docId);
    expect(cli.currentGeneration()).toBe(report.generation);

    // Serving now: the next add swaps its generation in as before.
    await writeFile(path.join(dirs.corpusDir, 'second.txt'), 'Second Report\n\nThe council met on Tuesday.\n');
    const next = await cli.reindex({ requestedBy: 'cli' });
    expect(cli.currentGeneration()).toBe(next.generation);
  });
});
