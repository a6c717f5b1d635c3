/**
 * The word-vector cache: single words' vectors kept beside the index, filled by a build with the
 * corpus's words, so that a question asked for the first time reads its candidates' words instead
 * of embedding them. The file handling runs on the hashing embedder given a pretrained model's
 * provenance; the end-to-end part runs the real pretrained model over the seeds.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnswerer, storeSentenceWords, WordSimilarity } from '../../src/answer/index.js';
import { vectorWordsOf } from '../../src/answer/sentence-analysis.js';
import { createEmbedder, HashingEmbedder, MODEL_LOCK_FILE, type Embedder } from '../../src/embedding/index.js';
import { loadServedGeneration, openWordVectorCache, wordVectorCacheFile } from '../../src/index/index.js';
import { runRebuildJob } from '../../src/rebuild/index.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

/** The hashing embedder standing in for a pretrained model: only provenance marks one. */
function pretrainedLike(id = 'test-model@sha256:0123'): Embedder {
  const hashing = new HashingEmbedder({ dims: 16 });
  return {
    id,
    dims: hashing.dims,
    provenance: { name: 'test-model', version: '1', source: 'python-package', loadedFrom: 'models-dir', files: {} },
    embed: (texts) => hashing.embed(texts),
  };
}

/** The same embedder, counting the texts it is asked to embed. */
function counting(embedder: Embedder): Embedder & { texts: string[] } {
  const texts: string[] = [];
  return { id: embedder.id, dims: embedder.dims, provenance: embedder.provenance, texts, embed: (batch) => (texts.push(...batch), embedder.embed(batch)) };
}

describe('the word-vector cache file', () => {
  it('keeps vectors, and the words the model does not know, between openings', async () => {
    const indexDir = await temporaryFolder('words');
    const embedder = pretrainedLike();
    const [alpha] = await embedder.embed(['alpha']);
    const first = openWordVectorCache(indexDir, embedder)!;
    first.save(new Map([['alpha', alpha!], ['zzqx', null]]));
    first.close();
    const again = openWordVectorCache(indexDir, embedder)!;
    const found = again.lookup(['alpha', 'zzqx', 'beta']);
    again.close();
    expect([...found.keys()].sort()).toEqual(['alpha', 'zzqx']);
    expect([...found.get('alpha')!]).toEqual([...alpha!]);
    expect(found.get('zzqx')).toBeNull();
  });

  it('is not used for a model whose word vectors are a lookup anyway (the embedded model, hashing)', async () => {
    expect(openWordVectorCache(await temporaryFolder('words'), new HashingEmbedder({ dims: 16 }))).toBeUndefined();
  });

  it('gives each model its own file, and starts afresh with one line when a file holds another model', async () => {
    const indexDir = await temporaryFolder('words');
    const one = pretrainedLike('model-one@sha256:aaaa');
    const two = pretrainedLike('model-two@sha256:bbbb');
    expect(wordVectorCacheFile(indexDir, one.id)).not.toBe(wordVectorCacheFile(indexDir, two.id));
    const store = openWordVectorCache(indexDir, one)!;
    store.save(new Map([['alpha', (await one.embed(['alpha']))[0]!]]));
    store.close();
    // A file copied over another model's: its vectors must never be read as this model's.
    await writeFile(wordVectorCacheFile(indexDir, two.id), await readFile(wordVectorCacheFile(indexDir, one.id)));
    const lines: string[] = [];
    const other = openWordVectorCache(indexDir, two, (line) => lines.push(line))!;
    expect(other.lookup(['alpha']).size).toBe(0);
    other.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/holds model-one.*starting it afresh/);
  });

  it('starts a damaged file afresh with one line, and runs without a cache where none can be written', async () => {
    const indexDir = await temporaryFolder('words');
    const embedder = pretrainedLike();
    const file = wordVectorCacheFile(indexDir, embedder.id);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'not a database at all, but long enough to be read as one '.repeat(100));
    const lines: string[] = [];
    const store = openWordVectorCache(indexDir, embedder, (line) => lines.push(line))!;
    store.save(new Map([['alpha', (await embedder.embed(['alpha']))[0]!]]));
    expect(store.lookup(['alpha']).size).toBe(1);
    store.close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/\n|    at /);

    // INDEX_DIR is a file: no folder can be made under it, so answering embeds words as before.
    const notAFolder = path.join(indexDir, 'a-file');
    await writeFile(notAFolder, 'x');
    const refused: string[] = [];
    expect(openWordVectorCache(notAFolder, embedder, (line) => refused.push(line))).toBeUndefined();
    expect(refused.at(-1)).toMatch(/cannot be written.*Check that INDEX_DIR is writable/);
  });
});

describe('word similarity over the cache', () => {
  it('reads stored words instead of embedding them, with the same similarities', async () => {
    const indexDir = await temporaryFolder('words');
    const embedder = counting(pretrainedLike());
    const store = openWordVectorCache(indexDir, embedder)!;
    const sentences = ['The tunnel collapsed on Tuesday, trapping eleven workers.', 'Prices in Lima are quoted in soles.'];
    const stored = await storeSentenceWords(embedder, store, sentences);
    const words = [...new Set(sentences.flatMap(vectorWordsOf))];
    expect(stored).toBe(words.length);
    // A second store of the same sentences embeds nothing: every word is there.
    expect(await storeSentenceWords(embedder, store, sentences)).toBe(0);

    embedder.texts.length = 0;
    const cached = new WordSimilarity(embedder, store);
    await cached.prepare([...words, 'mine']);
    expect(embedder.texts.filter((t) => t !== '')).toEqual(['mine']);
    const fresh = new WordSimilarity(pretrainedLike());
    await fresh.prepare([...words, 'mine']);
    for (const word of words) expect(cached.similarity('mine', word)).toBeCloseTo(fresh.similarity('mine', word), 6);
    store.close();
  });
});

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const available = existsSync(path.join(MODELS_DIR, 'all-MiniLM-L6-v2', MODEL_LOCK_FILE));

describe.skipIf(!available)('the word-vector cache with the pretrained model (set up by npm run setup-model)', () => {
  it('is filled by a build with the corpus words, so a first question embeds only its own words, and answers the same', async () => {
    const model = await createEmbedder({ model: 'all-MiniLM-L6-v2', modelsDir: MODELS_DIR, allowRemoteModels: false, sources: ['models'] });
    const { corpusDir, indexDir } = await tempWorkspace();
    const log: string[] = [];
    await runRebuildJob({ corpusDir, indexDir, maxFileBytes: 5_000_000, force: false, requestedBy: 'test' }, { embedder: model, log: (line) => log.push(line) });
    const generation = await loadServedGeneration(indexDir, model);
    const store = openWordVectorCache(indexDir, model)!;
    const corpusWords = [...new Set(generation.servedDocuments().flatMap((d) => generation.sentencesOf(d.docId).flatMap((s) => vectorWordsOf(s.text))))];
    expect(store.lookup(corpusWords).size).toBe(corpusWords.length);

    const embedder = counting(model);
    const withCache = createAnswerer(generation, embedder, { maxQuestionChars: 1000, wordVectors: store });
    const without = createAnswerer(generation, model, { maxQuestionChars: 1000 });
    const texts = await readCorpusTexts(corpusDir);
    for (const question of ['How many people has the Treasury sanctioned?', 'What happened to the former spy chief?', 'What is the Cartel of the Suns?']) {
      embedder.texts.length = 0;
      const answer = await withCache.answer(question);
      // The question itself and its own words, never the candidate sentences' words.
      expect(embedder.texts.every((t) => t === '' || t === question || question.toLowerCase().includes(t))).toBe(true);
      expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
      const reference = await without.answer(question);
      expect(answer.sentences.map((s) => [s.docId, s.start])).toEqual(reference.sentences.map((s) => [s.docId, s.start]));
    }
    store.close();
    generation.close();
    expect(log.filter((line) => /word-vector/.test(line))).toEqual([]);
  }, 240_000);
});
