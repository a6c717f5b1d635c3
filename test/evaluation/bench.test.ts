import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildQuestions } from '../../src/evaluation/benchmark/questions.js';
import { exactTopK, percentile, recall } from '../../src/evaluation/benchmark/measure.js';
import { NewsWorld, writeNewsCorpus } from '../../src/evaluation/benchmark/news-corpus.js';
import { FrequencyMatchedRewriter, seededRandom, writeSyntheticCorpus } from '../../src/evaluation/benchmark/synthetic-corpus.js';
import { loadCorpus, processDocument } from '../../src/corpus/index.js';
import { SEED_CORPUS } from '../helpers/temp-corpus.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
/** A frequency-ranked vocabulary of made-up words, with a few real ones at known ranks. */
function fakeVocabulary(): string[] {
  const words = Array.from({ length: 3000 }, (_, i) => `q${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + Math.floor(i / 676))}`);
  words[0] = 'the';
  words[10] = 'said';
  words[400] = 'government';
  words[500] = 'minister';
  words[600] = 'official';
  return words;
}

async function seedDocuments() {
  return (await loadCorpus(SEED_CORPUS, { maxFileBytes: 5 * 1024 * 1024 })).documents.map((d) => processDocument(d));
}

describe('the synthetic benchmark corpus', () => {
  it('writes at least the asked number of passages, all distinct, the same for the same seed', async () => {
    const seeds = await seedDocuments();
    const words = fakeVocabulary();
    const write = async () => {
      const outDir = await temporaryFolder('bench-corpus');
      const corpus = await writeSyntheticCorpus({ seeds, words, targetPassages: 120, outDir });
      const files = (await readdir(outDir)).sort();
      const texts = await Promise.all(files.map((f) => readFile(path.join(outDir, f), 'utf8')));
      await rm(outDir, { recursive: true, force: true });
      return { corpus, texts };
    };
    const first = await write();
    expect(first.corpus.passages).toBeGreaterThanOrEqual(120);
    expect(first.texts).toHaveLength(first.corpus.documents);
    const passages = first.texts.flatMap((text, i) =>
      processDocument({ docId: `d${i}`, file: `d${i}.txt`, text, hash: '', meta: { title: '', source: null, url: null, published: null, author: null } }).passages.map((p) => p.text),
    );
    expect(passages).toHaveLength(first.corpus.passages);
    expect(new Set(passages).size).toBe(passages.length);
    expect((await write()).texts).toEqual(first.texts);
  });

  it('swaps words for words of similar frequency and keeps punctuation, short words and capitals', () => {
    const words = fakeVocabulary();
    const rankOf = new Map(words.map((word, rank) => [word, rank]));
    const rewriter = new FrequencyMatchedRewriter(words, seededRandom(1));
    const rewritten = rewriter.rewrite('The Minister’s government, said a U.S. official.', 1);
    const match = /^The (Q[a-z]+)’s (q[a-z]+), said a U\.S\. (q[a-z]+)\.$/.exec(rewritten);
    expect(match, rewritten).not.toBeNull();
    const [, minister, government, official] = match!;
    expect(Math.abs(rankOf.get(minister!.toLowerCase())! - 500)).toBeLessThanOrEqual(50);
    expect(Math.abs(rankOf.get(government!)! - 400)).toBeLessThanOrEqual(40);
    expect(Math.abs(rankOf.get(official!)! - 600)).toBeLessThanOrEqual(60);
  });

  it('builds a fixed question set from sentences', () => {
    const sentences = ['The defence minister announced new sanctions against the regime on Monday.', 'Officials described the election results as fraudulent and unacceptable.'];
    const questions = buildQuestions(sentences, 5);
    expect(questions).toHaveLength(2);
    expect(questions).toEqual(buildQuestions(sentences, 5));
    for (const question of questions) expect(question).toMatch(/\?$/);
  });
});

describe('the benchmark measurements', () => {
  it('finds the exact top-k by inner product and scores recall against it', () => {
    const vectors = [new Float32Array([1, 0]), new Float32Array([0.8, 0.6]), new Float32Array([0, 1]), new Float32Array([-1, 0])];
    const { results } = exactTopK(vectors, [new Float32Array([1, 0]), new Float32Array([0, 1])], 2);
    expect(results).toEqual([[0, 1], [2, 1]]);
    expect(recall(results, [[1, 0], [2, 3]])).toBe(0.75);
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.95)).toBe(5);
  });
});

describe('the news-like benchmark corpus', () => {
  it('is the same for the same seed, and its cast of people grows with the archive', async () => {
    const seeds = await seedDocuments();
    const write = async (targetPassages: number) => {
      const outDir = await temporaryFolder('bench-news');
      const corpus = await writeNewsCorpus({ seeds, words: fakeVocabulary(), targetPassages, outDir });
      const texts = await Promise.all((await readdir(outDir)).sort().map((f) => readFile(path.join(outDir, f), 'utf8')));
      await rm(outDir, { recursive: true, force: true });
      return { corpus, texts };
    };
    const small = await write(100);
    const large = await write(400);
    expect(small.corpus.passages).toBeGreaterThanOrEqual(100);
    expect((await write(100)).texts).toEqual(small.texts);
    // The larger archive begins with the smaller one's articles, and names many more people.
    expect(large.texts.slice(0, small.texts.length)).toEqual(small.texts);
    expect(large.corpus.people).toBeGreaterThan(small.corpus.people * 2);
    expect(large.corpus.organisations).toBeGreaterThan(small.corpus.organisations);
  });
});

describe('the news-like archive\'s names', () => {
  it('stay distinct past the plain names there are (about 10,000 surnames), as a 100k-passage archive needs', () => {
    const world = new NewsWorld(seededRandom(7));
    const surnames = new Set<string>();
    for (let i = 0; i < 15_000; i++) surnames.add(world.person(1).surname);
    expect(surnames.size).toBe(15_000);
    const places = new Set<string>();
    for (let i = 0; i < 2_000; i++) places.add(world.place(1));
    expect(places.size).toBe(2_000);
  });
});

describe('npm run bench', () => {
  it('runs on a few hundred passages and prints the JSON of CONTRACT.md with sane values', async () => {
    // A temporary folder of its own, to check that the benchmark leaves nothing behind in it.
    const tmp = await temporaryFolder('bench');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--json', '--sizes', 'seeds,300', '--ef', '16,64'], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp },
      maxBuffer: 10 * 1024 * 1024,
    });
    const left = (await readdir(tmp)).filter((name) => name.startsWith('verbatim-')); // tsx keeps its cache here too
    await rm(tmp, { recursive: true, force: true });
    expect(left).toEqual([]);
    expect(stderr).toMatch(/\[300\] build/);
    const result = JSON.parse(stdout) as { sizes: Record<string, number | string | object>[]; machine: Record<string, unknown> };
    expect(result.machine).toMatchObject({ cpus: expect.any(Number), memoryMb: expect.any(Number), node: process.version });
    expect(result.sizes.map((s) => s.size)).toEqual(['seeds', '300']);
    const [seeds, synthetic] = result.sizes as Record<string, number>[];
    expect(seeds!.documents).toBe(5);
    expect(synthetic!.passages).toBeGreaterThanOrEqual(300);
    expect(synthetic!.passages).toBeLessThan(400);
    for (const size of result.sizes as Record<string, number>[]) {
      for (const field of ['passages', 'buildPassagesPerSec', 'loadMs', 'askP50Ms', 'askP95Ms', 'recallAt10', 'speedupVsExact', 'rssMb', 'diskMb']) {
        expect(size[field], field).toEqual(expect.any(Number));
        expect(size[field], field).toBeGreaterThanOrEqual(0);
      }
      expect(size.recallAt10).toBeLessThanOrEqual(1);
      expect(size.askP95Ms).toBeGreaterThanOrEqual(size.askP50Ms!);
      expect(size.rssMb).toBeGreaterThan(0);
      expect(size.diskMb).toBeGreaterThan(0);
      expect(size.questions).toBeGreaterThan(0);
      expect((size as unknown as { efSweep: { efSearch: number }[] }).efSweep.map((e) => e.efSearch)).toEqual(expect.arrayContaining([16, 64]));
      // The build's phases, the actor registry among them, and adding one article afterwards.
      expect(Object.keys(size.buildPhasesMs as unknown as object)).toEqual(expect.arrayContaining(['reading', 'actors', 'embedding', 'lexical', 'hnsw', 'writing']));
      expect(size.addArticleMs).toBeGreaterThan(0);
      expect(size.addArticleEmbedded).toBeGreaterThan(0);
      expect(size.addArticleEmbedded).toBeLessThan(size.passages!);
    }
    expect(synthetic!.corpus).toBe('news');
    expect((synthetic as unknown as { corpusFacts: { people: number } }).corpusFacts.people).toBeGreaterThan(10);
  }, 400_000); // six child processes, each loading the embedding model, on a shared machine

  it('prints one JSON line of peer rows, Verbatim measured like each peer', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--peers', '--json'], { cwd: root, maxBuffer: 10 * 1024 * 1024 });
    const { peers } = JSON.parse(stdout) as { peers: Record<string, unknown>[] };
    expect(peers.map((row) => row.engine)).toEqual(['verbatim', 'orama', 'lancedb', 'langchain']);
    for (const row of peers) {
      expect(row).toMatchObject({ size: 'seeds', passages: 126, paragraphRecallAt1: null, paragraphRecallAt5: null, candidateRecall: null });
      for (const field of ['buildMs', 'loadMs', 'rssMb', 'askP50Ms', 'askP95Ms']) expect(row[field], field).toEqual(expect.any(Number));
    }
  }, 400_000); // nine child processes, each loading the embedding model

  it('reports an engine that does not finish as failed, one entry per engine and size, and exits with status 1', async () => {
    // Every engine's build is stopped at once (the corpus is still prepared): the path a hung engine takes.
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--peers', '--json'], {
      cwd: root,
      env: { ...process.env, VERBATIM_PEER_PHASE_TIMEOUT_MS: '1' },
      maxBuffer: 10 * 1024 * 1024,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { peers, failed } = JSON.parse((failure as { stdout: string }).stdout) as { peers: unknown[]; failed: { engine: string; size: string; error: string }[] };
    expect(peers).toEqual([]);
    expect(failed.map((f) => f.engine)).toEqual(['verbatim', 'orama', 'lancedb', 'langchain']);
    for (const entry of failed) {
      expect(entry.size).toBe('seeds');
      expect(entry.error).toMatch(/^the benchmark phase .*peer-build.* did not finish within 0\.001 s$/);
    }
    expect((failure as { stderr: string }).stderr).toMatch(/\[seeds\] lancedb: failed: /);
  }, 200_000);

  it('refuses a bad size with one line and status 1', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--sizes', 'lots'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});
