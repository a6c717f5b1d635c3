import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessedDocument } from '../../src/corpus/types.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, readCurrentGenerationName } from '../../src/index/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

/**
 * A first or forced build computes its extra artefacts (the actor registry) beside the embedding
 * and awaits them only to write them; a build whose documents changed makes them once the records
 * store is written (its impact lists are written on another thread meanwhile); a build over the
 * same documents needs them first, to tell whether anything changed. Either way the generation
 * holds the same artefacts.
 */
class RecordingEmbedder extends HashingEmbedder {
  readonly events: string[];
  constructor(events: string[]) {
    super({ dims: 32 });
    this.events = events;
  }
  override async embed(texts: string[]): Promise<Float32Array[]> {
    this.events.push('embed');
    return super.embed(texts);
  }
}

/** Artefacts that finish only after the embedding has begun (when it may begin first), then say what they saw. */
function slowArtefacts(events: string[]) {
  return async (documents: ProcessedDocument[]) => {
    events.push('artefacts started');
    for (let i = 0; i < 50 && !events.includes('phase embedding'); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    events.push('artefacts done');
    return { 'extra.json': JSON.stringify({ documents: documents.map((d) => d.document.docId) }) };
  };
}

async function servedArtefact(indexDir: string): Promise<string> {
  return readFile(path.join(indexDir, 'generations', (await readCurrentGenerationName(indexDir))!, 'extra.json'), 'utf8');
}

describe('extra artefacts beside the embedding', () => {
  it('a first build embeds while the artefacts are made, and writes them; a forced build too', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    for (const force of [false, true]) {
      const events: string[] = [];
      const phases: string[] = [];
      const onProgress = (p: { phase: string }) => {
        phases.push(p.phase);
        events.push(`phase ${p.phase}`);
      };
      await buildIndexGeneration({ corpusDir, indexDir, embedder: new RecordingEmbedder(events), maxFileBytes: 5 << 20, force, extraArtefacts: slowArtefacts(events), onProgress });
      // The first build embeds every sentence; the forced one reuses the served vectors.
      if (!force) expect(events.indexOf('embed')).toBeGreaterThan(-1);
      expect(events.indexOf('artefacts started')).toBeLessThan(events.indexOf('phase embedding'));
      expect(events.indexOf('phase embedding')).toBeLessThan(events.indexOf('artefacts done'));
      if (!force) expect(events.indexOf('embed')).toBeLessThan(events.indexOf('artefacts done'));
      // The actors phase is the wait for them, after the lexical index, before the graph is finished and the files written.
      expect(phases.filter((p, i) => p !== phases[i - 1])).toEqual(['reading', 'embedding', 'lexical', 'actors', 'hnsw', 'writing', 'done']);
      expect(JSON.parse(await servedArtefact(indexDir)).documents).toHaveLength(5);
    }
  });

  it('a build over the same documents makes the artefacts first (then writes nothing), one over changed documents once the store is written', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const build = (events: string[]) =>
      buildIndexGeneration({
        corpusDir,
        indexDir,
        embedder: new RecordingEmbedder(events),
        maxFileBytes: 5 << 20,
        extraArtefacts: slowArtefacts(events),
        onProgress: (p) => {
          // Each phase once, when it begins (the embedding reports its batches too).
          if ([...events].reverse().find((e) => e.startsWith('phase ')) !== `phase ${p.phase}`) events.push(`phase ${p.phase}`);
        },
      });
    await build([]);
    const unchanged: string[] = [];
    expect((await build(unchanged)).unchanged).toBe(true);
    // Made first: with no embedding phase to wait for, they finish after their 50 short waits.
    expect(unchanged).toEqual(['phase reading', 'phase actors', 'artefacts started', 'artefacts done', 'phase done']);

    await writeFile(path.join(corpusDir, 'new_article.txt'), 'Harbour Workers Strike\nDock workers in Eastby walked out on Monday over pay. The union said the strike would last a week.\n');
    const events: string[] = [];
    const report = await build(events);
    expect(report.unchanged).toBe(false);
    expect(events).toEqual(['phase reading', 'phase embedding', 'embed', 'phase lexical', 'phase actors', 'artefacts started', 'artefacts done', 'phase hnsw', 'phase writing', 'phase done']);
    expect(JSON.parse(await servedArtefact(indexDir)).documents).toHaveLength(6);
  });

  it('a failing artefact fails the build it overlaps, after the embedding, and serves nothing new', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const failing = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('actors.yaml: line 3 is not a name');
    };
    await expect(buildIndexGeneration({ corpusDir, indexDir, embedder: new HashingEmbedder({ dims: 32 }), maxFileBytes: 5 << 20, extraArtefacts: failing })).rejects.toThrow('actors.yaml');
    expect(await readCurrentGenerationName(indexDir)).toBeNull();
  });
});
