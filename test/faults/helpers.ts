/** Shared pieces of the fault-injection tests: a seeded PRNG, services over temp folders, checks. */
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import type { IndexGeneration } from '../../src/index/index.js';
import { childProcessRebuildRunner, inProcessRebuildRunner, type ChildProcessRunnerOptions, type RebuildRunner } from '../../src/rebuild/index.js';
import { createVerbatimService, type VerbatimService } from '../../src/service/index.js';
import type { GenerationFileSystem } from '../../src/index/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

export const DIMS = 64;
export const embedder = new HashingEmbedder({ dims: DIMS });

/** The benchmark's seeded PRNG, so every "random" kill point is the same on every run. */
export { seededRandom } from '../../src/evaluation/benchmark/synthetic-corpus.js';

export interface ServiceUnderTest {
  service: VerbatimService;
  logs: string[];
}

/** The real service over a corpus and index folder, with the hashing embedder. */
export function serviceOver(
  dirs: { corpusDir: string; indexDir: string },
  options: { runner?: 'in-process' | 'child'; fs?: GenerationFileSystem; onSpawn?: ChildProcessRunnerOptions['onSpawn']; logs?: string[] } = {},
): ServiceUnderTest {
  const logs = options.logs ?? [];
  const log = (line: string) => logs.push(line);
  const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
  const rebuildRunner: RebuildRunner =
    options.runner === 'child'
      ? childProcessRebuildRunner({ embedder: { kind: 'hashing', dims: DIMS }, log, onSpawn: options.onSpawn })
      : inProcessRebuildRunner({ embedder, log, fs: options.fs });
  return { service: createVerbatimService(config, { embedder, log, rebuildRunner }), logs };
}

/** What dead or failed builds could leave in an index folder. */
export async function leftovers(indexDir: string): Promise<string[]> {
  const inIndex = (await readdir(indexDir).catch(() => [] as string[])).filter((name) => /^(current\.tmp-|build\.lock)/.test(name));
  const inGenerations = (await readdir(path.join(indexDir, 'generations')).catch(() => [] as string[])).filter((name) => name.startsWith('.tmp-'));
  return [...inIndex, ...inGenerations.map((name) => `generations/${name}`)];
}

/** Every passage and sentence of a generation is its document's text at its offsets. */
export function expectGenerationVerbatim(generation: IndexGeneration): void {
  const spans = [
    ...Array.from({ length: generation.passageCount }, (_, position) => generation.passage(position)!),
    ...Array.from({ length: generation.sentenceCount }, (_, position) => generation.sentence(position)!),
  ];
  for (const span of spans) {
    const text = generation.document(span.docId)?.text.slice(span.start, span.end);
    if (text !== span.text) expect.fail(`${span.docId} ${span.start}-${span.end} is not verbatim in ${generation.name}`);
  }
}

/** Every quoted span of an answer resolves in the given generation's documents. */
export function answerResolvesIn(answer: Answer, generation: IndexGeneration): string[] {
  const problems: string[] = [];
  for (const sentence of answer.sentences) {
    const text = generation.document(sentence.docId)?.text.slice(sentence.start, sentence.end);
    if (text !== sentence.text || sentence.text.length === 0) problems.push(`sentence ${sentence.docId}:${sentence.start}-${sentence.end}`);
  }
  for (const citation of answer.citations) {
    const text = generation.document(citation.docId)?.text.slice(citation.start, citation.end);
    if (text !== citation.quote || citation.quote.length === 0) problems.push(`citation ${citation.n} ${citation.docId}:${citation.start}-${citation.end}`);
  }
  return problems;
}

/**
 * A seed workspace served by two generations of the same corpus (the second forced, since an
 * unchanged corpus keeps its generation), for fault tests that damage the newer and expect the
 * older to serve. Each case copies the index with {@link copyIndexOf}.
 */
export async function twoGenerationWorkspace(): Promise<{ template: { root: string; corpusDir: string; indexDir: string }; older: string; newer: string }> {
  const template = await tempWorkspace();
  const { service } = serviceOver(template);
  const older = (await service.reindex({ requestedBy: 'test' })).generation;
  const newer = (await service.reindex({ requestedBy: 'test', force: true })).generation;
  return { template, older, newer };
}

/** A copy of a workspace's index beside its corpus, so each case damages its own. */
export async function copyIndexOf(template: { corpusDir: string; indexDir: string }): Promise<{ corpusDir: string; indexDir: string }> {
  const copy = await tempWorkspace({ withSeeds: false });
  await cp(template.indexDir, copy.indexDir, { recursive: true });
  return { corpusDir: template.corpusDir, indexDir: copy.indexDir };
}
