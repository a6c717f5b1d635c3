/**
 * The command-line contract of docs/CONTRACT.md, checked the way outside scripts use it: the npm
 * scripts' entry points run as child processes over a temp copy of the seed corpus, with the real
 * embedded model. Exit codes, JSON fields, ordering of --stdin answers, one-line errors.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { CLI, ROOT, runTsx, type Run } from './run-cli.js';

let env: NodeJS.ProcessEnv;
let texts: Map<string, string>;
/** Where the feedback and unanswered files go (never the checkout). */
let dataDir: string;

function cli(args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runTsx([CLI, ...args], { ...env, ...extraEnv }, input);
}

beforeAll(async () => {
  const { root, corpusDir, indexDir } = await tempWorkspace();
  texts = await readCorpusTexts(corpusDir);
  dataDir = path.join(root, 'data');
  env = { PATH: process.env.PATH, HOME: process.env.HOME, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, MODELS_DIR: path.join(ROOT, 'models'), LOG_LEVEL: 'warn', FEEDBACK_FILE: path.join(dataDir, 'feedback.jsonl') };
  const built = await cli(['index', '--json']);
  expect(built.code).toBe(0);
});

describe('npm run index -- --json', () => {
  it('prints one summary object with the contract fields, and reuses every vector when nothing changed', async () => {
    const run = await cli(['index', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    for (const field of ['documents', 'passages', 'model', 'dims', 'tookMs', 'embedded', 'reused', 'skipped']) expect(report).toHaveProperty(field);
    expect(report.documents).toBe(5);
    expect(report.embedded).toBe(0);
    expect(report.reused).toBe(report.passages);
  });
});

describe('npm run ask', () => {
  it('answers with verbatim sentences and citations in the contract shape', async () => {
    const run = await cli(['ask', '--json', 'Who heads the Cartel de los Soles?']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    for (const field of ['question', 'abstained', 'answer', 'sentences', 'citations', 'confidence', 'tookMs']) expect(answer).toHaveProperty(field);
    expect(answer.abstained).toBe(false);
    expect(answer.sentences.length).toBeGreaterThan(0);
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
    for (const sentence of answer.sentences) expect(answer.citations.map((c: { n: number }) => c.n)).toContain(sentence.citation);
  });

  it('abstains with exit status 0 when the corpus does not answer', async () => {
    const run = await cli(['ask', '--json', 'What is the capital of Australia?']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.abstained).toBe(true);
    expect(answer.answer).toBe('');
  });

  it('prints the answer with [n] markers and numbered sources on a terminal', async () => {
    const run = await cli(['ask', 'Who was extradited and pleaded guilty?']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[1\]/);
    expect(run.stdout).toContain('Sources:');
  });

  it('answers JSON lines from stdin in order, each with its id, and reports a bad line in place', async () => {
    const input = [
      { id: 'a', question: 'Who heads the Cartel de los Soles?' },
      { id: 'b', question: '' },
      { id: 'c', question: 'What is the capital of Australia?' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    // Lines that are JSON but no question object, and a blank question, among good ones.
    const odd = ['null', '42', '[1, 2]', '"who?"', '{"id": "d", "question": "   "}', '{"id": "e"}', '{"id": "f", "question": "Who heads the Cartel de los Soles?"}'];
    const run = await cli(['ask', '--json', '--stdin'], `${input}\nnot json\n\n${odd.join('\n')}\n`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(['a', 'b', 'c', null, null, null, null, null, 'd', 'e', 'f']);
    expect(lines[0].abstained).toBe(false);
    expect(lines[1].error).toMatch(/empty/);
    expect(lines[2].abstained).toBe(true);
    expect(lines[3].error).toMatch(/JSON/);
    for (const line of lines.slice(4, 8)) expect(line.error).toMatch(/expected a JSON object/);
    expect(lines[8].error).toMatch(/empty/);
    expect(lines[9].error).toMatch(/"question" string/);
    // The batch went on after every bad line.
    expect(lines[10].abstained).toBe(false);
    expect(nonVerbatimSpans(quotedSpansOf(lines[10]), texts)).toEqual([]);
  });

  it('records the questions it could not answer (text and time), and stats --json lists them most asked first', async () => {
    const file = path.join(dataDir, 'unanswered.jsonl');
    const off = 'Who won the 2022 FIFA World Cup?';
    expect((await cli(['ask', off])).code).toBe(0);
    const many = await cli(['ask', '--json', '--stdin'], `${JSON.stringify({ id: 1, question: 'who won the 2022 fifa world cup' })}\n${JSON.stringify({ id: 2, question: 'Who heads the Cartel de los Soles?' })}\n`);
    expect(many.stdout.trim().split('\n').map((line) => JSON.parse(line).abstained)).toEqual([true, false]);
    const recorded = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    for (const record of recorded) expect(Object.keys(record).sort()).toEqual(['question', 'time']);
    const stats = await cli(['stats', '--json']);
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout);
    expect(Object.keys(parsed).sort()).toEqual(['downvoted', 'unanswered', 'votes']);
    const top = parsed.unanswered.find((entry: { question: string }) => /fifa world cup/i.test(entry.question));
    expect(top).toMatchObject({ question: 'who won the 2022 fifa world cup', count: 2 });
    expect(Number.isNaN(Date.parse(top.lastAskedAt))).toBe(false);
    expect(parsed.unanswered.some((entry: { question: string }) => /Cartel/.test(entry.question))).toBe(false);
    expect(parsed.votes).toEqual({ up: 0, down: 0, total: 0, unreadable: 0 });
    const text = await cli(['stats']);
    expect(text.stdout).toContain('2×  who won the 2022 fifa world cup');
  });

  it.each([
    ['an empty question', ''],
    ['a question over the limit', 'why '.repeat(200)],
    ['a question of only emoji', '🤔🤔🤔'],
  ])('rejects %s with one line on stderr and exit status 1', async (_, question) => {
    const run = await cli(['ask', question]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it('rejects an unknown flag with one line and exit status 1', async () => {
    const run = await cli(['ask', '--bogus', 'hello']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('quote links in --json', () => {
  const base = 'https://verbatim.example.org/viewer';
  type Quoted = { text: string; docId: string; start: number; end: number; link?: string; viewerLink?: string; copies?: Quoted[] };
  const everyQuote = (lists: Quoted[][]) => lists.flat().flatMap((quoted) => [quoted, ...(quoted.copies ?? [])]);
  const viewerLinkOf = (quoted: Quoted, generation: string) =>
    new RegExp(`^${base}/source/${quoted.docId}\\?g=${generation}&h=[0-9a-f]{16}&q=${quoted.start}-${quoted.end}#q=${quoted.start}-${quoted.end}$`);

  it('gives every quoted sentence of an answer a viewer link when PUBLIC_BASE_URL is set (the seeds have no URL of their own)', async () => {
    const run = await cli(['ask', '--json', 'Who heads the Cartel de los Soles?'], undefined, { PUBLIC_BASE_URL: base });
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    const quotes = everyQuote([answer.sentences, answer.alsoRelevant]);
    expect(quotes.length).toBeGreaterThan(0);
    for (const quoted of quotes) {
      expect(quoted.link).toMatch(viewerLinkOf(quoted, answer.generation));
      expect(quoted.viewerLink).toBe(quoted.link);
    }
  });

  it('links the summary and the said sentences of an actor, and gives no link without a URL or PUBLIC_BASE_URL', async () => {
    const linked = JSON.parse((await cli(['actor', '--json', 'maduro'], undefined, { PUBLIC_BASE_URL: base })).stdout);
    const plain = JSON.parse((await cli(['ask', '--json', 'Who heads the Cartel de los Soles?'])).stdout);
    const served = plain.generation as string;
    const quotes = everyQuote([linked.summary, linked.said, linked.roleEvidence.map((role: { sentence: Quoted }) => role.sentence)]);
    expect(quotes.length).toBeGreaterThan(2);
    for (const quoted of quotes) expect(quoted.link).toMatch(viewerLinkOf(quoted, served));
    for (const quoted of everyQuote([plain.sentences, plain.alsoRelevant])) {
      expect(quoted.link).toBeUndefined();
      expect(quoted.viewerLink).toBeUndefined();
    }
  });
});

describe('npm run actor / actors / sources', () => {
  it('finds an actor by a lower-case surname with the contract fields and verbatim summary', async () => {
    const run = await cli(['actor', '--json', 'cabello']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.found).toBe(true);
    for (const field of ['id', 'name', 'kind', 'aliases', 'roles', 'mentions', 'docIds']) expect(summary.actor).toHaveProperty(field);
    expect(summary.summary.length).toBeGreaterThan(0);
    expect(nonVerbatimSpans(summary.summary, texts)).toEqual([]);
    expect(Array.isArray(summary.related)).toBe(true);
  });

  it('says found: false with suggestions when nothing matches', async () => {
    const run = await cli(['actor', '--json', 'Zyxwvut Qponm']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.found).toBe(false);
    expect(summary.actor).toBeNull();
    expect(summary.summary).toEqual([]);
    expect(Array.isArray(summary.suggestions)).toBe(true);
  });

  it('lists actors most mentioned first', async () => {
    const { actors } = JSON.parse((await cli(['actors', '--json'])).stdout);
    expect(actors.length).toBeGreaterThan(10);
    const mentions = actors.map((a: { mentions: number }) => a.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  });

  it('lists the five seed documents with titles and counts', async () => {
    const { sources } = JSON.parse((await cli(['sources', '--json'])).stdout);
    expect(sources).toHaveLength(5);
    for (const source of sources) {
      expect(source.title.length).toBeGreaterThan(10);
      expect(source.passages).toBeGreaterThan(0);
      expect(source.chars).toBe(texts.get(source.docId)!.length);
    }
  });
});

describe('without an index', () => {
  it('builds it first, saying so on stderr', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const run = await cli(['sources', '--json'], undefined, { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: 'info' });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/building it/i);
    // Routine detail is for LOG_LEVEL=debug or a terminal, never beside --json.
    expect(run.stderr).not.toMatch(/Embedding model .* loaded/);
    expect(JSON.parse(run.stdout).sources).toHaveLength(5);
  });

  it('escapes control characters and ANSI codes of file names and text before they reach the terminal', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const evil = 'evil\u001b[2J';
    await writeFile(path.join(corpusDir, `${evil}.txt`), 'A Harmless Title\u001b[31m Here\nThe harbour of Eastby closed on Monday after a storm damaged the main pier.\n');
    const built = await cli(['index'], undefined, { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
    expect(built.code).toBe(0);
    const run = await cli(['sources'], undefined, { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('evil\\x1B[2J');
    // JSON keeps the exact characters (JSON escapes them itself).
    const json = await cli(['sources', '--json'], undefined, { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
    expect(JSON.parse(json.stdout).sources.map((s: { docId: string }) => s.docId)).toContain(evil);
  });

  it('says what to do when the corpus folder is missing', async () => {
    const { root } = await tempWorkspace({ withSeeds: false });
    const missing = path.join(root, 'nowhere');
    await mkdir(path.join(root, 'index'), { recursive: true });
    await writeFile(path.join(root, 'index', '.keep'), '');
    const run = await cli(['ask', 'Who heads the cartel?'], undefined, { CORPUS_DIR: missing, INDEX_DIR: path.join(root, 'index') });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(missing);
  });
});
