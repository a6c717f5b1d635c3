/**
 * `npm run tune -- --feedback FILE` as a moderator runs it: a child process over a served index of
 * the seed corpus, reading votes in the bot's feedback format. The votes come from the seed
 * question set's expectations (👍 when the first sentence is an expected one), never from the
 * tuning code. Without `--write` the shipped model must never change. With STORE=postgres the same
 * votes are read from the database every bot process writes them to (against a real PostgreSQL).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_MODEL_FILE, createAnswerer } from '../../src/answer/index.js';
import { createEmbedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, loadServedGeneration } from '../../src/index/index.js';
import { feedbackRecordOf } from '../../src/service/feedback-record.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { PostgresStore } from '../../src/store/index.js';
import { createTestDatabase, describePostgres } from '../store/postgres-helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = path.join(ROOT, 'scripts/tune-answer-weights.ts');

interface SeedQuestion {
  kind: string;
  question: string;
  expect?: { docIds: string[]; mustContain?: string[]; mustContainAny?: string[] };
}
const QUESTIONS = (JSON.parse(readFileSync(path.join(ROOT, 'test/answer/seed-questions.json'), 'utf8')) as { questions: SeedQuestion[] }).questions;

let env: NodeJS.ProcessEnv;
const votes: string[] = [];
let folder: string;

async function tune(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [SCRIPT, ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  const dirs = await tempWorkspace();
  folder = dirs.root;
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
  await buildIndexGeneration({ corpusDir: dirs.corpusDir, indexDir: dirs.indexDir, embedder, maxFileBytes: 1_000_000 });
  const generation = await loadServedGeneration(dirs.indexDir, embedder);
  const answerer = createAnswerer(generation, embedder, { maxQuestionChars: 1000 });
  for (const q of QUESTIONS) {
    if (!q.expect) continue;
    const answer = await answerer.answer(q.question);
    const first = answer.sentences[0];
    if (answer.abstained || !first) continue;
    const { docIds, mustContain = [], mustContainAny } = q.expect;
    const right = docIds.includes(first.docId) && mustContain.every((f) => first.text.includes(f)) && (!mustContainAny || mustContainAny.some((f) => first.text.includes(f)));
    votes.push(JSON.stringify(feedbackRecordOf(right ? 'up' : 'down', answer, new Date('2026-12-02T10:00:00.000Z'))));
  }
  env = { PATH: process.env.PATH, HOME: process.env.HOME, CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, MODELS_DIR: path.join(ROOT, 'models'), EMBEDDING_MODEL: 'embedded', LOG_LEVEL: 'warn' };
}, 120_000);

describe('npm run tune -- --feedback FILE', () => {
  it('refits from the votes, reports agreement on the held-out half, and writes a refit only when it agrees at least as well', async () => {
    expect(votes.length).toBeGreaterThanOrEqual(40);
    const file = path.join(folder, 'feedback.jsonl');
    await writeFile(file, [...votes, 'not a vote', ''].join('\n'));
    const before = readFileSync(ANSWER_MODEL_FILE, 'utf8');
    const { code, stdout, stderr } = await tune(['--feedback', file]);
    expect(stdout).toContain(`${votes.length} votes read (1 lines skipped)`);
    const agreement = /held-out votes \((\d+)\): agreement ([\d.]+) before, ([\d.]+) after/.exec(stdout);
    expect(agreement, stdout + stderr).not.toBeNull();
    expect(Number(agreement![1])).toBe(Math.floor(votes.length / 2));
    const [agreedBefore, agreedAfter] = [Number(agreement![2]), Number(agreement![3])];
    if (agreedAfter < agreedBefore) {
      expect(code).toBe(1);
      expect(stderr).toMatch(/agrees less with the held-out votes .* Nothing was changed/);
    } else {
      expect(code).toBe(0);
      expect(stdout).toContain('not written: pass --write');
    }
    expect(readFileSync(ANSWER_MODEL_FILE, 'utf8')).toBe(before);
  }, 120_000);

  it('refuses to refit from too few votes, with one line saying so', async () => {
    const file = path.join(folder, 'few.jsonl');
    await writeFile(file, votes.slice(0, 5).join('\n'));
    const { code, stderr } = await tune(['--feedback', file]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^Too few usable votes to refit \(5; at least 20\)\. Nothing was changed\.$/);
  }, 120_000);

  it('says what to pass when the file is missing', async () => {
    const { code, stderr } = await tune(['--feedback', path.join(folder, 'no-such-file.jsonl')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^No feedback file at .*no-such-file\.jsonl\. Usage: npm run tune/);
  }, 120_000);
});

describe('npm run tune -- --votes-from-database', () => {
  it('says in one line that it reads the votes of STORE=postgres when the store is SQLite', async () => {
    const { code, stderr } = await tune(['--votes-from-database']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^--votes-from-database reads the votes STORE=postgres keeps: set STORE=postgres and DATABASE_URL, or pass --feedback FILE\. Usage: npm run tune[^\n]*\n$/);
  }, 120_000);
});

describePostgres('npm run tune -- --votes-from-database against PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('refits from the votes every bot process recorded in the database, as from the same votes in a file', async () => {
    const store = await PostgresStore.open(database.url, { log: () => undefined });
    try {
      for (const vote of votes) await store.votes<object>().append(JSON.parse(vote) as object);
    } finally {
      await store.close();
    }
    const before = readFileSync(ANSWER_MODEL_FILE, 'utf8');
    const fromDatabase = await tune(['--votes-from-database'], { STORE: 'postgres', DATABASE_URL: database.url });
    const file = path.join(folder, 'same-votes.jsonl');
    await writeFile(file, votes.join('\n'));
    const fromFile = await tune(['--feedback', file]);
    expect(fromDatabase.stdout, fromDatabase.stderr).toContain(`${votes.length} votes read (0 lines skipped)`);
    const agreement = (stdout: string) => /held-out votes \(\d+\): agreement [\d.]+ before, [\d.]+ after/.exec(stdout)?.[0];
    expect(agreement(fromDatabase.stdout)).toBeDefined();
    expect(agreement(fromDatabase.stdout)).toBe(agreement(fromFile.stdout));
    expect(fromDatabase.code).toBe(fromFile.code);
    expect(fromDatabase.stderr).not.toContain(new URL(database.url).password);
    expect(readFileSync(ANSWER_MODEL_FILE, 'utf8')).toBe(before);
  }, 180_000);
});
