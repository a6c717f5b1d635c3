/**
 * The PostgreSQL store against a real PostgreSQL 15 with pgvector (TEST_DATABASE_URL; `source
 * .ci/postgres.sh` starts one). One file, so its suites run one after another: the last one
 * restarts the server. Each suite works in a database of its own, dropped at the end.
 */
import { exec } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { ConfigError, loadConfig, UserError } from '../../src/config/index.js';
import { createEmbedder, HashingEmbedder, type Embedder } from '../../src/embedding/index.js';
import { writeSquadCorpus } from '../../src/evaluation/squad-corpus.js';
import { containsAnswer } from '../../src/evaluation/squad-evaluation.js';
import { inProcessRebuildRunner } from '../../src/rebuild/index.js';
import { createVerbatimService, type VerbatimService } from '../../src/service/index.js';
import { createAnswerer } from '../../src/answer/index.js';
import { PostgresRetriever, PostgresStore, StoreError, type PostgresGeneration } from '../../src/store/index.js';
import { SQUAD } from '../evaluation/squad-fixture.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { asAdministrator, createTestDatabase, describePostgres, TEST_DATABASE_URL, urlOfDatabase } from './postgres-helpers.js';
import { spawnAsker, type Asker } from './fixtures/asker.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const hashing = new HashingEmbedder({ dims: 64 });

/** A service over a workspace, serving from local files or from PostgreSQL at `url`. */
function serviceOver(
  dirs: { corpusDir: string; indexDir: string },
  embedder: Embedder,
  store: { url?: string } = {},
  logs: string[] = [],
): VerbatimService {
  const config = loadConfig({
    CORPUS_DIR: dirs.corpusDir,
    INDEX_DIR: dirs.indexDir,
    STORE: store.url ? 'postgres' : 'sqlite',
    DATABASE_URL: store.url,
  });
  const log = (line: string) => void logs.push(line);
  return createVerbatimService(config, { embedder, log, rebuildRunner: inProcessRebuildRunner({ embedder, log }) });
}

/** The password of the test server's URL, which no message may contain. */
const password = () => decodeURIComponent(new URL(TEST_DATABASE_URL!).password);

describePostgres('PostgreSQL store: bad settings and a server without pgvector', () => {
  it('refuses STORE=postgres without DATABASE_URL, and a DATABASE_URL that is no URL, in one line that never echoes it', () => {
    expect(() => loadConfig({ STORE: 'postgres' })).toThrow(ConfigError);
    expect(() => loadConfig({ STORE: 'postgres' })).toThrow(/^STORE=postgres needs DATABASE_URL[^\n]*$/);
    const error = (() => {
      try {
        loadConfig({ STORE: 'postgres', DATABASE_URL: 'mysql://u:hunter2secret@h/db' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/^Invalid DATABASE_URL: [^\n]*$/);
    expect(error!.message).not.toContain('hunter2secret');
  });

  it('says in one line that the login was refused, without the password', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.password = 'wrong-Pa55word-xyz';
    const error = await PostgresStore.open(url.toString(), { log: () => undefined }).then(() => null, (caught: unknown) => caught as StoreError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error!.code).toBe('store-login');
    expect(error!.message).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/\w+ refused the login [^\n]*Fix the user or password in DATABASE_URL\.$/);
    expect(error!.message).not.toContain('wrong-Pa55word-xyz');
    expect(error!.message).not.toContain(password());
  });

  it('says in one line that nothing listens at the address, without the password', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.port = '9'; // discard: nothing listens on loopback
    const error = await PostgresStore.open(url.toString(), { log: () => undefined }).then(() => null, (caught: unknown) => caught as StoreError);
    expect(error?.code).toBe('store-unreachable');
    expect(error!.message).toMatch(/^PostgreSQL at 127\.0\.0\.1:9\/\w+ is not reachable [^\n]*Start it, or fix the host and port in DATABASE_URL\.$/);
    expect(error!.message).not.toContain(password());
  });

  it('says which database is missing', async () => {
    const error = await PostgresStore.open(urlOfDatabase('verbatim_no_such_database'), { log: () => undefined }).then(() => null, (caught: unknown) => caught as StoreError);
    expect(error?.code).toBe('store-database');
    expect(error!.message).toMatch(/^PostgreSQL at [^ ]+\/verbatim_no_such_database has no such database [^\n]*createdb[^\n]*$/);
  });

  it('says what to install and run when pgvector is missing and the role may not create it', async () => {
    const role = 'verbatim_test_plain';
    const rolePassword = 'plain-Pa55-role';
    await asAdministrator(async (client) => {
      await client.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${rolePassword}'`);
    });
    const database = await createTestDatabase({ withPgvector: false, owner: role });
    try {
      const url = new URL(database.url);
      url.username = role;
      url.password = rolePassword;
      const error = await PostgresStore.open(url.toString(), { log: () => undefined }).then(() => null, (caught: unknown) => caught as StoreError);
      expect(error?.code).toBe('store-pgvector');
      expect(error!.message).toMatch(/^PostgreSQL at [^\n]+ lacks the pgvector extension [^\n]+CREATE EXTENSION vector;[^\n]*$/);
      expect(error!.message).not.toContain(rolePassword);
    } finally {
      await database.drop();
      await asAdministrator((client) => client.query(`DROP ROLE IF EXISTS ${role}`));
    }
  });
});

describePostgres('PostgreSQL store: the same answers as the SQLite store', () => {
  interface SeedQuestion {
    id: string;
    kind: string;
    question: string;
  }
  const questions = (JSON.parse(readFileSync(path.join(ROOT, 'test/answer/seed-questions.json'), 'utf8')) as { questions: SeedQuestion[] }).questions;
  let drop: (() => Promise<void>) | undefined;
  let local: VerbatimService;
  let postgres: VerbatimService;
  let texts: Map<string, string>;
  let embedder: Embedder;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    embedder = await createEmbedder({ model: 'embedded', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
    const localDirs = await tempWorkspace();
    const postgresDirs = await tempWorkspace();
    texts = await readCorpusTexts(postgresDirs.corpusDir);
    local = serviceOver(localDirs, embedder);
    postgres = serviceOver(postgresDirs, embedder, { url: database.url });
  });

  afterAll(async () => {
    await postgres?.close?.();
    await drop?.();
  });

  it('gives the same first sentence for at least 95% of the seed questions, every quote verbatim', async () => {
    let same = 0;
    const different: string[] = [];
    for (const item of questions) {
      const [fromFiles, fromPostgres] = [await local.ask(item.question), await postgres.ask(item.question)];
      expect(nonVerbatimSpans(quotedSpansOf(fromPostgres), texts), item.id).toEqual([]);
      const first = (answer: Answer) => (answer.abstained ? 'abstained' : `${answer.sentences[0]?.docId}:${answer.sentences[0]?.start}-${answer.sentences[0]?.end}`);
      if (first(fromFiles) === first(fromPostgres)) same++;
      else different.push(`${item.id} ${first(fromFiles)} ≠ ${first(fromPostgres)}`);
    }
    expect(same / questions.length, different.join('; ')).toBeGreaterThanOrEqual(0.95);
  });

  it('serves the actor summaries and the source list of the same generation', async () => {
    expect(await postgres.sources()).toEqual(await local.sources());
    const [actor] = await local.actors(1);
    const fromPostgres = await postgres.actor(actor!.name);
    expect(fromPostgres).toEqual(await local.actor(actor!.name));
    expect(nonVerbatimSpans(fromPostgres.citations.map((c) => ({ text: c.quote, docId: c.docId, start: c.start, end: c.end })), texts)).toEqual([]);
  });

  it('keeps the SQuAD sample top-1 within 0.01 of the SQLite store', async () => {
    const database = await createTestDatabase();
    try {
      const [localDirs, postgresDirs] = [await tempWorkspace({ withSeeds: false }), await tempWorkspace({ withSeeds: false })];
      const squadQuestions = await writeSquadCorpus(SQUAD, localDirs.corpusDir);
      await writeSquadCorpus(SQUAD, postgresDirs.corpusDir);
      const squadLocal = serviceOver(localDirs, embedder);
      const squadPostgres = serviceOver(postgresDirs, embedder, { url: database.url });
      const top1 = async (service: VerbatimService) => {
        let right = 0;
        for (const q of squadQuestions) {
          const answer = await service.ask(q.question);
          if (!answer.abstained && answer.sentences[0] && containsAnswer(answer.sentences[0].text, q.answers)) right++;
        }
        return right / squadQuestions.length;
      };
      const [fromFiles, fromPostgres] = [await top1(squadLocal), await top1(squadPostgres)];
      await squadPostgres.close?.();
      expect(fromFiles).toBeGreaterThan(0.5);
      expect(Math.abs(fromFiles - fromPostgres)).toBeLessThanOrEqual(0.01);
    } finally {
      await database.drop();
    }
  });
});

describePostgres('PostgreSQL store: many processes, one build at a time', () => {
  let drop: (() => Promise<void>) | undefined;
  let url: string;
  let asker: Asker | undefined;
  const services: VerbatimService[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    url = database.url;
  });

  afterAll(async () => {
    await asker?.stop();
    for (const service of services) await service.close?.();
    await drop?.();
  });

  it('answers in a second process from the generation another process built, once it is notified', async () => {
    const builderDirs = await tempWorkspace();
    const builderLogs: string[] = [];
    const builder = serviceOver(builderDirs, hashing, { url }, builderLogs);
    services.push(builder);
    const first = await builder.reindex({ requestedBy: 'test' });

    asker = await spawnAsker({ url, indexDir: (await tempWorkspace({ withSeeds: false })).indexDir });
    const before = await asker.ask('Where did the harbour strike of Eastby begin?');
    expect(before.generation).toBe(first.generation);
    expect(before.docIds).not.toContain('harbour_strike');

    await writeFile(
      path.join(builderDirs.corpusDir, 'harbour_strike.txt'),
      'Harbour Workers Strike in Eastby\nDock workers in the port town of Eastby walked out on Monday over pay. The union said the strike at the Eastby harbour would last a week.\n',
    );
    const second = await builder.reindex({ requestedBy: 'test' });
    expect(second.generation).not.toBe(first.generation);
    // The other process learns of the swap from PostgreSQL's notification, not from a restart.
    await asker.waitForLog(new RegExp(`Now serving generation ${second.generation}`));
    const after = await asker.ask('Where did the harbour strike of Eastby begin?');
    expect(after.generation).toBe(second.generation);
    expect(after.docIds).toContain('harbour_strike');
    const text = readFileSync(path.join(builderDirs.corpusDir, 'harbour_strike.txt'), 'utf8');
    for (const sentence of after.sentences.filter((s) => s.docId === 'harbour_strike')) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    expect(builderLogs.some((line) => line.includes(password()))).toBe(false);
  });

  it('refuses a build while another process holds the build lock, and keeps serving', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs, hashing, { url });
    services.push(service);
    const served = await service.ask('Who is Evan Ellis?');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(7311724, 1)');
      const error = await service.reindex({ requestedBy: 'test', force: true }).then(() => null, (caught: unknown) => caught as UserError);
      expect(error?.code).toBe('build-busy');
      expect((await service.ask('Who is Evan Ellis?')).citations).toEqual(served.citations);
      // Audited in the database every process shares, as the successful builds before it.
      const store = await PostgresStore.open(url, { log: () => undefined });
      const outcomes = (await store.readAuditLog()).map((entry) => entry.outcome);
      await store.close();
      expect(outcomes.at(-1)).toBe('busy');
      expect(outcomes).toContain('ok');
    } finally {
      await holder.end();
    }
  });

  it('keeps serving when a publish died mid-write, and the next build clears what it left', async () => {
    const dirs = await tempWorkspace();
    const service = serviceOver(dirs, hashing, { url });
    services.push(service);
    const before = await service.ask('Who is Evan Ellis?');
    // What a publish killed between its first rows and its swap leaves: a schema no generation names.
    await asAdministrator((client) => client.query('CREATE SCHEMA verbatim_g_killed; CREATE TABLE verbatim_g_killed.passages (position int)'), url);
    expect((await service.ask('Who is Evan Ellis?')).citations).toEqual(before.citations);
    await writeFile(path.join(dirs.corpusDir, 'extra.txt'), 'Extra Article\nThe extra article says one thing about the port of Eastby.\n');
    await service.reindex({ requestedBy: 'test' });
    const schemas = await asAdministrator((client) => client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname = 'verbatim_g_killed'"), url);
    expect(schemas.rows).toEqual([]);
  });
});

/** A database of the suite's own, and the services it opened, closed and dropped after the suite. */
function suiteDatabase(): { url: () => string; services: VerbatimService[] } {
  let drop: (() => Promise<void>) | undefined;
  let url = '';
  const services: VerbatimService[] = [];
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    url = database.url;
  });
  afterAll(async () => {
    for (const service of services) await service.close?.();
    await drop?.();
  });
  return { url: () => url, services };
}

describePostgres('PostgreSQL store: documents withdrawn after a generation was published', () => {
  const database = suiteDatabase();
  const services = database.services;
  const question = 'Where did the harbour strike of Eastby begin?';

  it('never quotes a removed article from an older generation serving again, as a local generation withholds it', async () => {
    const url = database.url();
    const dirs = await tempWorkspace();
    const article = path.join(dirs.corpusDir, 'harbour_strike.txt');
    await writeFile(article, 'Harbour Workers Strike in Eastby\nDock workers in the port town of Eastby walked out on Monday over pay. The union said the strike at the Eastby harbour would last a week.\n');
    const texts = await readCorpusTexts(dirs.corpusDir);
    const builder = serviceOver(dirs, hashing, { url });
    services.push(builder);
    const first = await builder.reindex({ requestedBy: 'test' });
    const before = await builder.ask(question);
    expect(before.citations.map((c) => c.docId)).toContain('harbour_strike');
    expect(nonVerbatimSpans(quotedSpansOf(before), texts)).toEqual([]);

    await rm(article);
    const second = await builder.reindex({ requestedBy: 'test' });
    expect(second.removed).toContain('harbour_strike');
    // The older generation, which still holds the article, serves again (the served row set back by
    // an operator); a process that opens it now withholds what the newer build withdrew.
    await asAdministrator((client) => client.query('UPDATE verbatim.served SET generation = $1', [first.generation]), url);
    const reader = serviceOver(await tempWorkspace({ withSeeds: false }), hashing, { url });
    services.push(reader);
    const after = await reader.ask(question);
    expect(reader.currentGeneration()).toBe(first.generation);
    expect(after.citations.map((c) => c.docId)).not.toContain('harbour_strike');
    expect(nonVerbatimSpans(quotedSpansOf(after), texts)).toEqual([]);
    expect((await reader.sources()).map((source) => source.docId)).not.toContain('harbour_strike');
    expect(await reader.servedDocument('harbour_strike')).toBeNull();
    expect((await reader.sources()).length).toBeGreaterThan(0);
  });
});

describePostgres('PostgreSQL store: a generation published by an older version', () => {
  const database = suiteDatabase();
  const services = database.services;

  it('is rebuilt on first use, with one line saying so, never served with search terms of another format', async () => {
    const url = database.url();
    const dirs = await tempWorkspace();
    const texts = await readCorpusTexts(dirs.corpusDir);
    const builder = serviceOver(dirs, hashing, { url });
    services.push(builder);
    const first = await builder.reindex({ requestedBy: 'test' });
    await asAdministrator((client) => client.query(`UPDATE verbatim.generations SET manifest = jsonb_set(manifest, '{formatVersion}', '4') WHERE name = $1`, [first.generation]), url);
    // Another machine (its own index folder, the same articles) opens the older generation.
    const logs: string[] = [];
    const reader = serviceOver(await tempWorkspace(), hashing, { url }, logs);
    services.push(reader);
    const answer = await reader.ask('Who is the president of Venezuela?');
    expect(logs.filter((line) => /older format/.test(line))).toHaveLength(1);
    expect(reader.currentGeneration()).not.toBe(first.generation);
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
    expect(answer.citations.length).toBeGreaterThan(0);
  });
});

describePostgres('PostgreSQL store: the votes and replies every bot process shares', () => {
  let drop: (() => Promise<void>) | undefined;
  const stores: PostgresStore[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    // Two stores: what two bot processes open on the same DATABASE_URL.
    for (let i = 0; i < 2; i++) stores.push(await PostgresStore.open(database.url, { log: () => undefined }));
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    await drop?.();
  });

  it('reads in one process the votes another recorded, in order', async () => {
    const [one, other] = stores as [PostgresStore, PostgresStore];
    const vote = (question: string, value: 'up' | 'down') => ({ time: new Date(0).toISOString(), vote: value, question, abstained: false, generation: 'g-1', answer: [], docIds: [] });
    await one.votes().append(vote('first', 'up'));
    await other.votes().append(vote('second', 'down'));
    expect((await other.votes<{ question: string; vote: string }>().read()).map((v) => [v.question, v.vote])).toEqual([['first', 'up'], ['second', 'down']]);
    expect((await one.votes<{ question: string }>().read()).map((v) => v.question)).toEqual(['first', 'second']);
  });

  it('recalls in one process a reply another remembered, and keeps only the newest past its capacity', async () => {
    const [one, other] = stores as [PostgresStore, PostgresStore];
    const replies = one.replies<{ question: string }>(150);
    for (let i = 0; i < 200; i++) await replies.remember(`key-${i}`, { question: `q${i}` });
    expect(await other.replies<{ question: string }>().recall('key-199')).toEqual({ question: 'q199' });
    expect(await other.replies().recall('key-0')).toBeUndefined();
    expect(await other.replies().recall('never-remembered')).toBeUndefined();
    const { rows } = await one.query<{ count: string }>('SELECT count(*) FROM verbatim.answer_memory');
    expect(Number(rows[0]!.count)).toBeLessThanOrEqual(150);
    expect(Number(rows[0]!.count)).toBeGreaterThanOrEqual(100);
  });
});

describePostgres('PostgreSQL store: a busy connection pool', () => {
  let drop: (() => Promise<void>) | undefined;
  let url: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    url = database.url;
  });

  afterAll(async () => {
    await drop?.();
  });

  it('answers 40 questions asked at once with 8 connections: they wait their turn', async () => {
    const service = serviceOver(await tempWorkspace(), hashing, { url });
    try {
      const alone = await service.ask('Who is Evan Ellis?');
      const answers = await Promise.all(Array.from({ length: 40 }, () => service.ask('Who is Evan Ellis?')));
      expect(answers.map((answer) => answer.citations)).toEqual(Array.from({ length: 40 }, () => alone.citations));
    } finally {
      await service.close?.();
    }
  });

  it('answers questions asked at once from caches far too small for them: nothing a question fetched is dropped before it reads it', async () => {
    const questions = ['Who is Evan Ellis?', 'How much money does Maduro owe the Chinese?', 'Who said that nothing is off the table?', 'What percentage of Americans oppose military action?', 'Who heads the Cartel de los Soles?', 'What did Gaddafi call his opponents?'];
    const opened = await Promise.all([{}, { documents: 1, passages: 1, sentenceVectors: 1, terms: 1 }].map((cacheLimits) => PostgresStore.open(url, { log: () => undefined, cacheLimits })));
    try {
      const [roomy, tiny] = await Promise.all(opened.map(async (store) => {
        const generation = await store.openServed(hashing);
        return { generation, answerer: createAnswerer(generation, hashing, { maxQuestionChars: 500, retriever: new PostgresRetriever(generation) }) };
      }));
      const ask = async ({ generation, answerer }: { generation: PostgresGeneration; answerer: ReturnType<typeof createAnswerer> }, question: string) => {
        await generation.prepareQuestion(question);
        return answerer.answer(question);
      };
      const expected: Answer[] = [];
      for (const question of questions) expected.push(await ask(roomy!, question));
      const atOnce = await Promise.all([...questions, ...questions].map((question) => ask(tiny!, question)));
      expect(atOnce.map((answer) => answer.citations)).toEqual([...expected, ...expected].map((answer) => answer.citations));
    } finally {
      for (const store of opened) await store.close();
    }
  });

  it('refuses a query in one line when no connection frees up in time', async () => {
    const store = await PostgresStore.open(url, { log: () => undefined, poolSize: 1, waitMs: 300 });
    const held = await store.pool.connect();
    try {
      const error = await store.query('SELECT 1').then(() => null, (caught: unknown) => caught as StoreError);
      expect(error?.code).toBe('store-unavailable');
      expect(error!.message).toBe('The index database is busy or not reachable right now; try again in a moment.');
    } finally {
      held.release();
      await store.close();
    }
  });
});

describePostgres('PostgreSQL store: the server restarts while questions arrive', () => {
  const control = process.env.VERBATIM_POSTGRES_CTL;
  let drop: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await drop?.();
  });

  it.skipIf(!control)('refuses questions in one line while PostgreSQL is down, then answers again, without crashing', async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const logs: string[] = [];
    const service = serviceOver(await tempWorkspace(), hashing, { url: database.url }, logs);
    try {
      const answered = await service.ask('Who is Evan Ellis?');
      expect(answered.abstained).toBe(false);
      const outcomes: ('answered' | 'refused')[] = [];
      const failures: unknown[] = [];
      let restarting = true;
      const restart = promisify(exec)(`${control} -m fast restart`).finally(() => {
        restarting = false;
      });
      while (restarting) {
        await service.ask('Who is Evan Ellis?').then(
          () => void outcomes.push('answered'),
          (error: unknown) => {
            outcomes.push('refused');
            if (!(error instanceof UserError) || /\n/.test(error.message) || error.message.includes(password())) failures.push(error);
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await restart;
      expect(failures).toEqual([]);
      // The loop did ask while the server was down (a restart takes over a second).
      expect(outcomes).toContain('refused');
      // Answers resume once the server is back (the pool opens fresh connections).
      let resumed: Answer | undefined;
      for (let attempt = 0; attempt < 100 && !resumed; attempt++) {
        resumed = await service.ask('Who is Evan Ellis?').catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return undefined;
        });
      }
      expect(resumed?.citations).toEqual(answered.citations);
      expect(logs.filter((line) => line.startsWith('Lost the connection to PostgreSQL'))).toHaveLength(1);
      expect(logs.some((line) => line.includes(password()))).toBe(false);
    } finally {
      await service.close?.();
    }
  });
});
