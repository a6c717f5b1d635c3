/**
 * The SQuAD figures of the two stores side by side (`npm run store-parity -- --squad FILE`, with
 * DATABASE_URL): the same SQuAD-format corpus indexed once, answered from the SQLite generation
 * and from the same generation published to PostgreSQL, question by question. Also measures the
 * lexical alternative the store did not take, PostgreSQL's own full-text ranking (ts_rank over the
 * same analysed terms) in place of BM25, so the choice stays a measured one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAnswerer, type Answerer } from '../answer/index.js';
import type { Answer } from '../answer/types.js';
import type { Embedder } from '../embedding/index.js';
import { buildIndexGeneration, generationsFolder, loadServedGeneration } from '../index/index.js';
import { searchTerms } from '../text/index.js';
import { PostgresRetriever, PostgresStore, type PostgresGeneration } from '../store/index.js';
import { percentile } from './benchmark/measure.js';
import { containsAnswer } from './squad-evaluation.js';
import { writeSquadCorpus, type SquadFile } from './squad-corpus.js';

export interface StoreParityReport {
  questions: number;
  /** Answer sentence top-1 (the first sentence holds a gold answer), per store and lexical ranking. */
  top1: { sqlite: number; postgresBm25: number; postgresFullText: number };
  /** Share of questions whose first answer sentence (or abstention) is the same as SQLite's. */
  sameFirstSentence: { postgresBm25: number; postgresFullText: number };
  askP50Ms: { sqlite: number; postgresBm25: number };
}

/**
 * PostgreSQL's own full-text ranking over the stored terms (`ts_rank` of the `simple`
 * configuration, which keeps the project's stems as they are), in place of BM25. Computed on the
 * fly from the terms column: an experiment for small corpora, not the served path.
 */
class FullTextRetriever extends PostgresRetriever {
  override async searchLexical(question: string, limit = 50): Promise<{ position: number; score: number }[]> {
    const terms = [...new Set(searchTerms(question))].filter((term) => this.generation.lexicalIndex.documentFrequency(term) > 0);
    if (terms.length === 0) return [];
    const { rows } = await this.generation.query<{ position: number; score: number }>(
      `SELECT position, ts_rank(to_tsvector('simple', terms), q) AS score
         FROM ${this.generation.schema}.passages, to_tsquery('simple', $1) AS q
        WHERE to_tsvector('simple', terms) @@ q ORDER BY score DESC, position LIMIT $2`,
      [terms.map((term) => `'${term.replace(/'/g, "''")}'`).join(' | '), limit],
    );
    return rows.map((row) => ({ position: row.position, score: Number(row.score) }));
  }
}

const firstOf = (answer: Answer) => (answer.abstained ? 'abstained' : `${answer.sentences[0]?.docId}:${answer.sentences[0]?.start}`);

export async function compareStoresOnSquad(squad: SquadFile, options: { url: string; embedder: Embedder; log: (line: string) => void }): Promise<StoreParityReport> {
  const { embedder, log } = options;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-store-parity-'));
  const store = await PostgresStore.open(options.url, { log });
  try {
    const corpusDir = path.join(workDir, 'corpus');
    const indexDir = path.join(workDir, 'index');
    const questions = await writeSquadCorpus(squad, corpusDir);
    log(`indexing ${squad.data.length} articles`);
    const report = await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 50 * 1024 * 1024 });
    const local = await loadServedGeneration(indexDir, embedder);
    log('publishing to PostgreSQL');
    await store.buildAndPublish(async () => ({ generation: report.generation }), () => path.join(generationsFolder(indexDir), report.generation));
    const generation = await store.openServed(embedder);
    const answerers: Record<'sqlite' | 'postgresBm25' | 'postgresFullText', Answerer> = {
      sqlite: createAnswerer(local, embedder, { maxQuestionChars: 1000 }),
      postgresBm25: createAnswerer(generation, embedder, { maxQuestionChars: 1000, retriever: new PostgresRetriever(generation) }),
      postgresFullText: createAnswerer(generation, embedder, { maxQuestionChars: 1000, retriever: new FullTextRetriever(generation) }),
    };
    const right = { sqlite: 0, postgresBm25: 0, postgresFullText: 0 };
    const same = { postgresBm25: 0, postgresFullText: 0 };
    const times = { sqlite: [] as number[], postgresBm25: [] as number[] };
    const ask = async (name: keyof typeof answerers, question: string, postgres?: PostgresGeneration) => {
      const started = performance.now();
      await postgres?.prepareQuestion(question);
      const answer = await answerers[name].answer(question);
      if (name !== 'postgresFullText') times[name].push(performance.now() - started);
      return answer;
    };
    for (const [i, q] of questions.entries()) {
      if (i % 25 === 0) log(`question ${i + 1} of ${questions.length}`);
      const answers = {
        sqlite: await ask('sqlite', q.question),
        postgresBm25: await ask('postgresBm25', q.question, generation),
        postgresFullText: await ask('postgresFullText', q.question, generation),
      };
      for (const name of Object.keys(right) as (keyof typeof right)[]) {
        const first = answers[name].sentences[0];
        if (!answers[name].abstained && first && containsAnswer(first.text, q.answers)) right[name]++;
      }
      for (const name of Object.keys(same) as (keyof typeof same)[]) if (firstOf(answers[name]) === firstOf(answers.sqlite)) same[name]++;
    }
    local.close();
    const share = (n: number) => Math.round((n / Math.max(1, questions.length)) * 1000) / 1000;
    const p50 = (values: number[]) => Math.round(percentile(values, 0.5) * 100) / 100;
    return {
      questions: questions.length,
      top1: { sqlite: share(right.sqlite), postgresBm25: share(right.postgresBm25), postgresFullText: share(right.postgresFullText) },
      sameFirstSentence: { postgresBm25: share(same.postgresBm25), postgresFullText: share(same.postgresFullText) },
      askP50Ms: { sqlite: p50(times.sqlite), postgresBm25: p50(times.postgresBm25) },
    };
  } finally {
    await store.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
