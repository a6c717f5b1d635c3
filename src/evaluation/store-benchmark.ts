/**
 * The benchmark's PostgreSQL rows (`npm run bench -- --store postgres`, DATABASE_URL): the
 * generation the build phase wrote locally is published to PostgreSQL (copy, indexes, swap), then
 * served from there in a fresh process, as a bot process with STORE=postgres serves it: ask
 * latency, resident memory (the model and bounded caches; no index in the process), recall@10 of
 * pgvector's HNSW against exact search, and how long a swap takes to reach another connection.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAnswerer } from '../answer/index.js';
import { createEmbedder } from '../embedding/index.js';
import { generationsFolder, loadServedGeneration, readCurrentGenerationName } from '../index/index.js';
import { noticeOfSwap, PostgresRetriever, PostgresStore } from '../store/index.js';
import { exactTopK, percentile, recall } from './benchmark/measure.js';

export interface PostgresServingMeasurement {
  store: 'postgres';
  publishCopyMs?: number;
  publishIndexMs?: number;
  /** The swap transaction (one row moved, NOTIFY) alone. */
  swapMs?: number;
  /** From the swap's commit until another connection's LISTEN received it. */
  swapNoticeMs?: number;
  publishPassagesPerSec?: number;
  loadMs: number;
  askP50Ms: number;
  askP95Ms: number;
  recallAt10?: number;
  rssBeforeLoadMb: number;
  /** After opening the served generation, before any question (where the SQLite row reads it). */
  rssMb: number;
  /** After every question: the model plus this process's bounded record caches. */
  rssAfterAskMb: number;
  /** The generation's tables and indexes in PostgreSQL. */
  databaseMb?: number;
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * One serving process over PostgreSQL. With `publish`, first copies the local generation of
 * `workDir/index` in and swaps it (timed); with `measureRecall`, also compares pgvector's top 10
 * with exact search over the local generation's vectors (after RSS is read: it loads them).
 */
export async function runPostgresServePhase(
  context: { workDir: string; modelsDir: string; log: (line: string) => void },
  url: string,
  options: { publish: boolean; measureRecall: boolean },
): Promise<PostgresServingMeasurement> {
  const { log } = context;
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: context.modelsDir, allowRemoteModels: false, log: (line) => log(`  ${line}`) });
  const questions = JSON.parse(await readFile(path.join(context.workDir, 'questions.json'), 'utf8')) as string[];
  const indexDir = path.join(context.workDir, 'index');
  const rssBeforeLoadMb = megabytes(process.memoryUsage().rss);
  const store = await PostgresStore.open(url, { log });
  const result: Partial<PostgresServingMeasurement> = {};
  try {
    if (options.publish) {
      const name = (await readCurrentGenerationName(indexDir))!;
      log(`  publish ${name} to PostgreSQL`);
      const noticed = noticeOfSwap(url, name);
      await noticed.listening;
      const report = await store.buildAndPublish(async () => ({ generation: name }), () => path.join(generationsFolder(indexDir), name));
      const noticedAt = await noticed.at;
      const published = report.published!;
      Object.assign(result, {
        publishCopyMs: Math.round(published.copyMs),
        publishIndexMs: Math.round(published.indexMs),
        swapMs: round(published.swapMs, 1),
        swapNoticeMs: round(Math.max(0, noticedAt - published.committedAt), 1),
        publishPassagesPerSec: Math.round(published.passages / ((published.copyMs + published.indexMs) / 1000)),
      });
      const { rows } = await store.query<{ bytes: string }>(
        `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = (SELECT schema_name FROM verbatim.generations WHERE name = $1) AND c.relkind = 'r'`,
        [name],
      );
      result.databaseMb = megabytes(Number(rows[0]?.bytes ?? 0));
    }
    log('  load the served generation from PostgreSQL');
    const loadStarted = performance.now();
    const generation = await store.openServed(embedder);
    const retriever = new PostgresRetriever(generation);
    const answerer = createAnswerer(generation, embedder, { maxQuestionChars: 1000, retriever });
    const loadMs = performance.now() - loadStarted;
    // Where the SQLite row reads its RSS: after loading, before any question.
    const rssAfterLoadMb = megabytes(process.memoryUsage().rss);
    const ask = async (question: string) => {
      await generation.prepareQuestion(question);
      return answerer.answer(question);
    };
    log(`  ask: ${questions.length} questions, warm-up then two timed passes`);
    for (const question of questions) await ask(question);
    const askTimes: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const question of questions) {
        const started = performance.now();
        await ask(question);
        askTimes.push(performance.now() - started);
      }
    }
    const rssAfterAskMb = megabytes(process.memoryUsage().rss);
    if (options.measureRecall) {
      log('  search: recall@10 of pgvector HNSW against exact search');
      const local = await loadServedGeneration(indexDir, embedder);
      const queries = await embedder.embed(questions);
      const exact = exactTopK(local.allPassageVectors(), queries, 10);
      const approximate: number[][] = [];
      for (const query of queries) approximate.push((await retriever.searchVectors(query, 10)).map((hit) => hit.position));
      result.recallAt10 = round(recall(exact.results, approximate), 4);
      local.close();
    }
    return {
      store: 'postgres',
      ...result,
      loadMs: Math.round(loadMs),
      askP50Ms: round(percentile(askTimes, 0.5), 2),
      askP95Ms: round(percentile(askTimes, 0.95), 2),
      rssBeforeLoadMb,
      rssMb: rssAfterLoadMb,
      rssAfterAskMb,
    };
  } finally {
    await store.close();
  }
}
