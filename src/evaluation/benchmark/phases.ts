import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus, processDocument } from '../../corpus/index.js';
import { createEmbedder, type Embedder } from '../../embedding/index.js';
import { generationsFolder } from '../../index/index.js';
import { BENCHMARK_MAX_FILE_BYTES, folderMegabytes, measureBuild, measureServing, type BuildMeasurement, type ServingMeasurement } from './measure.js';
import { buildQuestions } from './questions.js';
import { readFrequencyRankedWords, writeSyntheticCorpus } from './synthetic-corpus.js';

/** `seeds` (the repository's corpus folder) or a number of synthetic passages. */
export type BenchmarkSize = 'seeds' | number;

/** Questions asked per size: enough for a stable p95, few enough to keep the run short. */
const QUESTION_COUNT = 60;

export interface PhaseContext {
  size: BenchmarkSize;
  /** A scratch folder of this size's run: corpus, index and the hand-over between phases. */
  workDir: string;
  /** The repository's seed corpus. */
  seedCorpusDir: string;
  modelsDir: string;
  log: (line: string) => void;
}

/** Phase 1 (its own process): write the corpus, build its index, choose the questions. */
export async function runBuildPhase(context: PhaseContext): Promise<BuildMeasurement & { corpus: string }> {
  const { size, workDir, log } = context;
  const embedder = await openEmbeddedModel(context);
  const seeds = (await loadCorpus(context.seedCorpusDir, { maxFileBytes: BENCHMARK_MAX_FILE_BYTES })).documents.map((d) => processDocument(d));
  let corpusDir = context.seedCorpusDir;
  let sentences = seeds.flatMap((d) => d.sentences.map((s) => s.text));
  if (size !== 'seeds') {
    log(`  corpus: generating about ${size} passages`);
    corpusDir = path.join(workDir, 'corpus');
    const modelDir = (embedder as Embedder & { modelDir?: string }).modelDir;
    if (!modelDir) throw new Error('The embedded model has no folder to read its vocabulary from');
    const words = await readFrequencyRankedWords(modelDir);
    const corpus = await writeSyntheticCorpus({ seeds, words, targetPassages: size, outDir: corpusDir });
    sentences = corpus.sampleSentences;
  }
  await writeFile(path.join(workDir, 'questions.json'), JSON.stringify(buildQuestions(sentences, QUESTION_COUNT)));
  const build = await measureBuild(corpusDir, path.join(workDir, 'index'), embedder, log);
  return { ...build, corpus: size === 'seeds' ? 'seeds' : 'synthetic' };
}

/** Phase 2 (a fresh process, so resident memory is the served index's alone): load and measure. */
export async function runServePhase(
  context: PhaseContext,
  efValues?: readonly number[],
): Promise<ServingMeasurement & { diskMb: number }> {
  const embedder = await openEmbeddedModel(context);
  const questions = JSON.parse(await readFile(path.join(context.workDir, 'questions.json'), 'utf8')) as string[];
  const indexDir = path.join(context.workDir, 'index');
  const serving = await measureServing(indexDir, embedder, { questions, efValues, log: context.log });
  return { ...serving, diskMb: await folderMegabytes(generationsFolder(indexDir)) };
}

function openEmbeddedModel(context: PhaseContext): Promise<Embedder> {
  return createEmbedder({ model: 'embedded', modelsDir: context.modelsDir, allowRemoteModels: false, log: (line) => context.log(`  ${line}`) });
}
