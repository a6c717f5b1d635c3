import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createAnswerer } from '../../answer/index.js';
import type { Embedder } from '../../embedding/embedder.js';
import { runRebuildJob } from '../../rebuild/index.js';
import { buildIndexGeneration, generationsFolder, loadServedGeneration, type BuildProgress, type IndexGeneration, type IndexManifest } from '../../index/index.js';
import { HybridRetriever } from '../../retrieval/index.js';
import { searchTerms } from '../../text/index.js';
import { seededRandom } from './synthetic-corpus.js';

/** Largest corpus file the benchmark reads: the MAX_FILE_BYTES default, so seeds and synthetic files load alike. */
export const BENCHMARK_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** What building one corpus cost. */
export interface BuildMeasurement {
  documents: number;
  passages: number;
  sentences: number;
  buildMs: number;
  buildPassagesPerSec: number;
  /** Milliseconds spent in each build phase (reading, actors, embedding, lexical, hnsw, writing), from its progress. */
  buildPhasesMs: Record<string, number>;
  /** Resident memory at the end of the build, in MB (the build's own process). */
  buildRssMb: number;
  /** The build process's peak resident memory (embedding model and corpus generation included), in MB. */
  buildPeakRssMb: number;
}

/**
 * Builds an index of `corpusDir` into `indexDir` with the real rebuild job (the actor registry
 * included, as `npm run index` and `/add` build), timing its phases. `force` writes a generation
 * even when nothing changed; without it the build reuses what the served generation holds.
 */
export async function measureBuild(
  corpusDir: string,
  indexDir: string,
  embedder: Embedder,
  log: (line: string) => void,
  options: {
    force?: boolean;
    /** Build without the actor registry (the index alone, as the query path reads it): for sizes where the registry would take longer than the run allows. */
    withoutActors?: boolean;
  } = {},
): Promise<BuildMeasurement & { embedded: number }> {
  const phases: Record<string, number> = {};
  let phase = '';
  let phaseStarted = performance.now();
  let lastLogged = 0;
  const onProgress = (progress: BuildProgress) => {
    const now = performance.now();
    if (progress.phase !== phase) {
      if (phase) phases[phase] = Math.round(now - phaseStarted);
      phase = progress.phase;
      phaseStarted = now;
      if (progress.phase !== 'done') log(`  build: ${progress.phase}`);
    } else if (progress.phase === 'embedding' && now - lastLogged > 10_000) {
      lastLogged = now;
      log(`  build: embedding ${progress.done}/${progress.total}`);
    }
  };
  const started = performance.now();
  const report = options.withoutActors
    ? await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: BENCHMARK_MAX_FILE_BYTES, force: options.force ?? true, onProgress })
    : await runRebuildJob({ corpusDir, indexDir, maxFileBytes: BENCHMARK_MAX_FILE_BYTES, force: options.force ?? true, requestedBy: 'bench' }, { embedder, log, onProgress });
  const buildMs = performance.now() - started;
  if (phase && phase !== 'done') phases[phase] = Math.round(performance.now() - phaseStarted);
  const manifest = JSON.parse(await readFile(path.join(generationsFolder(indexDir), report.generation, 'manifest.json'), 'utf8')) as IndexManifest;
  return {
    documents: report.documents,
    passages: report.passages,
    sentences: manifest.counts.sentences,
    buildMs: Math.round(buildMs),
    buildPassagesPerSec: Math.round(report.passages / (buildMs / 1000)),
    buildPhasesMs: phases,
    buildRssMb: megabytes(process.memoryUsage().rss),
    // maxRSS is in kilobytes.
    buildPeakRssMb: megabytes(process.resourceUsage().maxRSS * 1024),
    embedded: report.embedded,
  };
}

/** Recall and speed of the HNSW search at one efSearch, against exact search. */
export interface EfMeasurement {
  efSearch: number;
  recallAt10: number;
  /** Mean milliseconds per HNSW query (k = 10). */
  searchMs: number;
  speedupVsExact: number;
}

/** What serving one index costs: load, memory, question latency, search quality and speed. */
export interface ServingMeasurement {
  loadMs: number;
  /** The longest event-loop delay while the generation loaded, or while a second copy of it was
   * loaded and swapped in beside the first (as a reindex does), in ms. */
  maxEventLoopStallMs: number;
  loadStallMs: number;
  swapStallMs: number;
  /** Loading the second copy and making its answerer: what a reindex's swap costs. */
  swapMs: number;
  /** Resident memory with the embedding model loaded, before the index, in MB. */
  rssBeforeLoadMb: number;
  /** Resident memory after the index is loaded (embedding model included), in MB. */
  rssMb: number;
  /** Resident memory after the timed questions (before the swap's second copy), in MB. */
  rssAfterAsksMb: number;
  heapUsedMb: number;
  /** Buffers outside the JavaScript heap right after load (a file read whole for its check, until collected), in MB. */
  arrayBuffersMb: number;
  questions: number;
  askP50Ms: number;
  askP95Ms: number;
  /**
   * Each question asked the first time after load (the warm-up pass, timed): what a new question
   * costs, word vectors read from the cache a build filled or embedded.
   */
  firstAskP50Ms: number;
  firstAskP95Ms: number;
  /** p50 of each step of a question, measured apart: where the time of an ask goes. */
  askStepsP50Ms: { embed: number; lexicalSearch: number; vectorSearch: number; retrieve: number; lexicalExhaustive: number };
  /** Share of the exhaustive lexical search's top 10 / top 50 that the (bounded) lexical search returns. */
  lexicalOverlapAt10: number;
  lexicalOverlapAt50: number;
  /** Share of the questions whose lexical search was exhaustive or provably returned its top (impact postings). */
  lexicalExactShare: number;
  lexicalSearchP95Ms: number;
  queries: number;
  recallAt10: number;
  /** Recall of the 50 candidates the hybrid retriever asks the vector index for. */
  recallAt50: number;
  /** Mean milliseconds per exact (brute-force dot product) top-10 query. */
  exactSearchMs: number;
  hnswSearchMs: number;
  speedupVsExact: number;
  efSearch: number;
  efSweep: EfMeasurement[];
}

export interface ServingOptions {
  questions: readonly string[];
  /** Query vectors for the recall measurement; default 200, drawn from the sentence vectors. */
  queries?: number;
  /** efSearch values to sweep; the configured one is always measured. */
  efValues?: readonly number[];
  log: (line: string) => void;
}

/** Loads the served generation of `indexDir` and measures it. Run it in a fresh process for RSS. */
export async function measureServing(indexDir: string, embedder: Embedder, options: ServingOptions): Promise<ServingMeasurement> {
  const { log } = options;
  const rssBeforeLoadMb = megabytes(process.memoryUsage().rss);
  log('  load');
  const loadStarted = performance.now();
  const { result: generation, stallMs: loadStallMs } = await withStallMonitor(() => loadServedGeneration(indexDir, embedder));
  const loadMs = performance.now() - loadStarted;
  const memory = process.memoryUsage();

  log(`  ask: ${options.questions.length} questions, warm-up then two timed passes`);
  const answerer = createAnswerer(generation, embedder, { maxQuestionChars: 1000 });
  const firstAskTimes: number[] = [];
  for (const question of options.questions) {
    const started = performance.now();
    await answerer.answer(question);
    firstAskTimes.push(performance.now() - started);
  }
  const askTimes: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const question of options.questions) {
      const started = performance.now();
      await answerer.answer(question);
      askTimes.push(performance.now() - started);
    }
  }
  const { overlapAt10: lexicalOverlapAt10, overlapAt50: lexicalOverlapAt50, exactShare: lexicalExactShare, lexicalSearchP95: lexicalSearchP95Ms, ...askStepsP50Ms } = await measureAskSteps(generation, embedder, options.questions);
  // Serving's steady state: after the questions, before a second copy is loaded for the swap.
  const rssAfterAsksMb = megabytes(process.memoryUsage().rss);

  log('  swap: a second copy loaded beside the served one and swapped in');
  const swapStarted = performance.now();
  const { result: swapped, stallMs: swapStallMs } = await withStallMonitor(async () => {
    const next = await loadServedGeneration(indexDir, embedder);
    return { generation: next, answerer: createAnswerer(next, embedder, { maxQuestionChars: 1000 }) };
  });
  const swapMs = performance.now() - swapStarted;
  await swapped.answerer.answer(options.questions[0] ?? 'What happened?');
  swapped.generation.close();

  const queryCount = Math.min(options.queries ?? 200, generation.sentenceCount);
  log(`  search: recall@10 of HNSW against exact search, ${queryCount} query vectors`);
  const queries = await sampleQueries(generation, embedder, queryCount);
  const passageVectors = generation.allPassageVectors();
  const exact10 = exactTopK(passageVectors, queries, 10);
  const exact50 = exactTopK(passageVectors, queries, 50);
  const configured = generation.vectorIndex.efSearch;
  const efValues = [...new Set([...(options.efValues ?? [10, 16, 32, 64, 128, 256]), configured])].sort((a, b) => a - b);
  const efSweep: EfMeasurement[] = [];
  for (const ef of efValues) {
    generation.vectorIndex.setEfSearch(ef);
    const hnsw = await hnswTopK(generation, queries, 10);
    efSweep.push({
      efSearch: ef,
      recallAt10: round(recall(exact10.results, hnsw.results), 4),
      searchMs: round(hnsw.msPerQuery, 4),
      speedupVsExact: round(exact10.msPerQuery / hnsw.msPerQuery, 1),
    });
  }
  generation.vectorIndex.setEfSearch(configured);
  const atConfigured = efSweep.find((e) => e.efSearch === configured)!;
  const hnsw50 = await hnswTopK(generation, queries, 50);
  generation.vectorIndex.setEfSearch(configured);

  return {
    loadMs: Math.round(loadMs),
    maxEventLoopStallMs: Math.max(loadStallMs, swapStallMs),
    loadStallMs,
    swapStallMs,
    swapMs: Math.round(swapMs),
    rssBeforeLoadMb,
    rssMb: megabytes(memory.rss),
    rssAfterAsksMb,
    heapUsedMb: megabytes(memory.heapUsed),
    arrayBuffersMb: megabytes(memory.arrayBuffers),
    questions: options.questions.length,
    askP50Ms: round(percentile(askTimes, 0.5), 2),
    askP95Ms: round(percentile(askTimes, 0.95), 2),
    firstAskP50Ms: round(percentile(firstAskTimes, 0.5), 2),
    firstAskP95Ms: round(percentile(firstAskTimes, 0.95), 2),
    askStepsP50Ms,
    lexicalOverlapAt10,
    lexicalOverlapAt50,
    lexicalExactShare,
    lexicalSearchP95Ms,
    queries: queries.length,
    recallAt10: atConfigured.recallAt10,
    recallAt50: round(recall(exact50.results, hnsw50.results), 4),
    exactSearchMs: round(exact10.msPerQuery, 4),
    hnswSearchMs: atConfigured.searchMs,
    speedupVsExact: atConfigured.speedupVsExact,
    efSearch: configured,
    efSweep,
  };
}

/**
 * Runs `work` with the event loop's delay monitored (perf_hooks, 1 ms resolution): how long the
 * loop was held at most, i.e. how long a Discord heartbeat or interaction would have waited.
 */
async function withStallMonitor<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const result = await work();
    // Let the monitor's timer fire once more, so a stall at the very end is counted.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { result, stallMs: round(histogram.max / 1e6, 1) };
  } finally {
    histogram.disable();
  }
}

async function measureAskSteps(generation: IndexGeneration, embedder: Embedder, questions: readonly string[]) {
  const retriever = new HybridRetriever(generation);
  const times = { embed: [] as number[], lexicalSearch: [] as number[], vectorSearch: [] as number[], retrieve: [] as number[], lexicalExhaustive: [] as number[] };
  // What bounding the lexical search costs: the share of the exhaustive search's best passages it still returns.
  const overlap = { at10: [] as number[], at50: [] as number[] };
  let exact = 0;
  for (const question of questions) {
    let started = performance.now();
    const [vector] = await embedder.embed([question]);
    times.embed.push(performance.now() - started);
    const query = { text: question, searchTerms: searchTerms(question), vector: vector! };
    started = performance.now();
    const bounded = generation.lexicalIndex.search(question, 50);
    times.lexicalSearch.push(performance.now() - started);
    if (generation.lexicalIndex.lastSearchExact !== false) exact++;
    started = performance.now();
    const exhaustive = generation.lexicalIndex.search(question, 50, { exhaustive: true });
    times.lexicalExhaustive.push(performance.now() - started);
    const found = new Set(bounded.map((hit) => hit.passage));
    for (const [k, list] of [[10, overlap.at10], [50, overlap.at50]] as const) {
      const best = exhaustive.slice(0, k);
      if (best.length > 0) list.push(best.filter((hit) => found.has(hit.passage)).length / best.length);
    }
    started = performance.now();
    await generation.vectorIndex.search(vector!, 50);
    times.vectorSearch.push(performance.now() - started);
    started = performance.now();
    await retriever.retrieve(query, { limit: 8, perDocumentCap: 4 });
    times.retrieve.push(performance.now() - started);
  }
  const p50 = (values: number[]) => round(percentile(values, 0.5), 2);
  const mean = (values: number[]) => round(values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length), 4);
  return {
    embed: p50(times.embed),
    lexicalSearch: p50(times.lexicalSearch),
    lexicalExhaustive: p50(times.lexicalExhaustive),
    vectorSearch: p50(times.vectorSearch),
    retrieve: p50(times.retrieve),
    overlapAt10: mean(overlap.at10),
    overlapAt50: mean(overlap.at50),
    exactShare: round(exact / Math.max(1, questions.length), 4),
    lexicalSearchP95: round(percentile(times.lexicalSearch, 0.95), 2),
  };
}

/** Query vectors: the embeddings of sentences at seeded random positions. A sentence lies near,
 * but not on, the passages that hold it, as a question does. */
async function sampleQueries(generation: IndexGeneration, embedder: Embedder, count: number): Promise<Float32Array[]> {
  const random = seededRandom(42);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * generation.sentenceCount));
  return embedder.embed([...chosen].map((position) => generation.sentence(position)!.text));
}

interface TimedResults {
  results: number[][];
  msPerQuery: number;
}

/** Exact top-k by inner product (the vectors are unit length, so this is cosine) over a flat matrix. */
export function exactTopK(vectors: readonly Float32Array[], queries: readonly Float32Array[], k: number): TimedResults {
  const dims = vectors[0]?.length ?? 0;
  const matrix = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => matrix.set(vector, i * dims));
  const started = performance.now();
  const results = queries.map((query) => {
    const bestIds: number[] = [];
    const bestScores: number[] = [];
    for (let i = 0, offset = 0; i < vectors.length; i++, offset += dims) {
      let score = 0;
      for (let d = 0; d < dims; d++) score += query[d]! * matrix[offset + d]!;
      if (bestIds.length === k && score <= bestScores[k - 1]!) continue;
      let at = Math.min(bestIds.length, k - 1);
      while (at > 0 && bestScores[at - 1]! < score) at--;
      bestIds.splice(at, 0, i);
      bestScores.splice(at, 0, score);
      if (bestIds.length > k) {
        bestIds.pop();
        bestScores.pop();
      }
    }
    return bestIds;
  });
  return { results, msPerQuery: (performance.now() - started) / Math.max(1, queries.length) };
}

/** One search at a time, as an ask makes it (the time includes the round trip to the search worker). */
async function hnswTopK(generation: IndexGeneration, queries: readonly Float32Array[], k: number): Promise<TimedResults> {
  const started = performance.now();
  const results: number[][] = [];
  for (const query of queries) results.push((await generation.vectorIndex.search(query, k)).map((hit) => hit.label));
  return { results, msPerQuery: (performance.now() - started) / Math.max(1, queries.length) };
}

/** Mean share of the exact top-k that the approximate search also returned. */
export function recall(exact: readonly number[][], approximate: readonly number[][]): number {
  if (exact.length === 0) return 1;
  let sum = 0;
  exact.forEach((truth, i) => {
    if (truth.length === 0) {
      sum += 1;
      return;
    }
    const found = new Set(approximate[i]);
    sum += truth.filter((label) => found.has(label)).length / truth.length;
  });
  return sum / exact.length;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Total size of the files under a folder, in MB. */
export async function folderMegabytes(folder: string): Promise<number> {
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) bytes += (await stat(full)).size;
    }
  };
  await walk(folder);
  return round(bytes / 1024 / 1024, 1);
}

function megabytes(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
