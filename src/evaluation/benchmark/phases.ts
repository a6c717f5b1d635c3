import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus, processDocument } from '../../corpus/index.js';
import { createEmbedder, type Embedder } from '../../embedding/index.js';
import { generationsFolder } from '../../index/index.js';
import { BENCHMARK_MAX_FILE_BYTES, folderMegabytes, measureBuild, measureServing, type BuildMeasurement, type ServingMeasurement } from './measure.js';
import { buildQuestions } from './questions.js';
import { NewsArticleGenerator, writeNewsCorpus } from './news-corpus.js';
import { readFrequencyRankedWords, writeSyntheticCorpus } from './synthetic-corpus.js';

/** `seeds` (the repository's corpus folder) or a number of generated passages. */
export type BenchmarkSize = 'seeds' | number;

/**
 * How the passages of a numeric size are generated: `news` (default) articles about people,
 * places and organisations that grow with the archive (`news-corpus.ts`); `synthetic` the seed
 * sentences rewritten word by word (`synthetic-corpus.ts`), the corpus of the earlier rows.
 */
export type BenchmarkCorpusKind = 'news' | 'synthetic';

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
  /** Default `news`. */
  corpusKind?: BenchmarkCorpusKind;
  /** The embedding model built with and asked with (EMBEDDING_MODEL's values, from MODELS_DIR only); default `embedded`. */
  model?: string;
  /** Build the index without the actor registry (`--no-actors`). */
  withoutActors?: boolean;
}

/** The article the `add` phase adds, written beside the corpus by the build phase. */
const ADDED_ARTICLE = 'added-article.txt';

/** Phase 1 (its own process): write the corpus, build its index, choose the questions. */
export async function runBuildPhase(context: PhaseContext): Promise<BuildMeasurement & { corpus: string; corpusFacts: Record<string, number> }> {
  const { size, workDir, log } = context;
  const embedder = await openModel(context);
  const seeds = (await loadCorpus(context.seedCorpusDir, { maxFileBytes: BENCHMARK_MAX_FILE_BYTES })).documents.map((d) => processDocument(d));
  const kind = context.corpusKind ?? 'news';
  // The generated corpus draws its words from the GloVe model's frequency-ranked vocabulary, whatever model embeds it.
  const vocabulary = (context.model ?? 'embedded') === 'embedded' ? embedder : await openModel({ ...context, model: 'embedded' });
  const modelDir = (vocabulary as Embedder & { modelDir?: string }).modelDir;
  if (!modelDir) throw new Error('The embedded model has no folder to read its vocabulary from');
  const words = await readFrequencyRankedWords(modelDir);
  // The corpus is copied (seeds) or generated into the work folder, so the add phase can add to it.
  const corpusDir = path.join(workDir, 'corpus');
  let sentences = seeds.flatMap((d) => d.sentences.map((s) => s.text));
  let corpusFacts: Record<string, number> = {};
  let addedArticle: string;
  if (size === 'seeds') {
    await cp(context.seedCorpusDir, corpusDir, { recursive: true });
    addedArticle = new NewsArticleGenerator({ seeds, words }).next().text;
  } else if (kind === 'news') {
    log(`  corpus: generating about ${size} passages of news-like articles`);
    const corpus = await writeNewsCorpus({ seeds, words, targetPassages: size, outDir: corpusDir });
    sentences = corpus.sampleSentences;
    corpusFacts = { people: corpus.people, places: corpus.places, organisations: corpus.organisations };
    addedArticle = corpus.generator.next().text;
  } else {
    log(`  corpus: generating about ${size} passages`);
    const corpus = await writeSyntheticCorpus({ seeds, words, targetPassages: size, outDir: corpusDir });
    sentences = corpus.sampleSentences;
    addedArticle = new NewsArticleGenerator({ seeds, words }).next().text;
  }
  await writeFile(path.join(workDir, ADDED_ARTICLE), addedArticle);
  await writeFile(path.join(workDir, 'questions.json'), JSON.stringify(buildQuestions(sentences, QUESTION_COUNT)));
  const build = await measureBuild(corpusDir, path.join(workDir, 'index'), embedder, log, { withoutActors: context.withoutActors });
  const { embedded: _embedded, ...measured } = build;
  return { ...measured, corpus: size === 'seeds' ? 'seeds' : kind, corpusFacts };
}

/** What adding one article to the built index cost: the moderator's `/add`, after the file is saved. */
export interface AddArticleMeasurement {
  /** The rebuild that serves the added article (embedding model already loaded). */
  addArticleMs: number;
  addArticlePhasesMs: Record<string, number>;
  /** Passages embedded by that rebuild (the rest reused). */
  addArticleEmbedded: number;
  /** Loading the embedding model in the fresh process that ran it (the bot's build process pays it too). */
  addArticleModelLoadMs: number;
}

/** Phase 3 (a fresh process, after serving was measured): add one article and rebuild. */
export async function runAddPhase(context: PhaseContext): Promise<AddArticleMeasurement> {
  const started = performance.now();
  const embedder = await openModel(context);
  const modelLoadMs = performance.now() - started;
  const corpusDir = path.join(context.workDir, 'corpus');
  await cp(path.join(context.workDir, ADDED_ARTICLE), path.join(corpusDir, ADDED_ARTICLE));
  const build = await measureBuild(corpusDir, path.join(context.workDir, 'index'), embedder, context.log, { force: false });
  return { addArticleMs: build.buildMs, addArticlePhasesMs: build.buildPhasesMs, addArticleEmbedded: build.embedded, addArticleModelLoadMs: Math.round(modelLoadMs) };
}

/** Phase 2 (a fresh process, so resident memory is the served index's alone): load and measure. */
export async function runServePhase(
  context: PhaseContext,
  efValues?: readonly number[],
): Promise<ServingMeasurement & { diskMb: number }> {
  const embedder = await openModel(context);
  const questions = JSON.parse(await readFile(path.join(context.workDir, 'questions.json'), 'utf8')) as string[];
  const indexDir = path.join(context.workDir, 'index');
  const serving = await measureServing(indexDir, embedder, { questions, efValues, log: context.log });
  return { ...serving, diskMb: await folderMegabytes(generationsFolder(indexDir)) };
}

function openModel(context: PhaseContext): Promise<Embedder> {
  return createEmbedder({ model: context.model ?? 'embedded', modelsDir: context.modelsDir, allowRemoteModels: false, sources: ['models'], log: (line) => context.log(`  ${line}`) });
}
