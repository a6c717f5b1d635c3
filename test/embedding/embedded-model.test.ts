import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEmbedder, EMBEDDED_MODEL_NAME, TransformersEmbedder } from '../../src/embedding/index.js';
import { testReport } from '../helpers/report.js';

/**
 * The real embedded model, built into the normal MODELS_DIR (./models, git-ignored) on the first
 * run (~10 s) and reused afterwards.
 */
const MODELS_DIR = path.resolve('models');

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

/** [text, paraphrase, unrelated sentence]. */
const PARAPHRASES: [string, string, string][] = [
  ['The cat sat on the mat.', 'A kitten was sitting on the rug.', 'The stock market fell sharply on Tuesday.'],
  ['Who is the defense secretary?', 'Pete Hegseth was named secretary of defense.', 'Heavy rain flooded the village overnight.'],
  ['The president imposed new tariffs on Chinese imports.', 'Washington raised duties on goods from China.', 'The football team won the championship.'],
  ['Maduro refused to leave the country.', 'The Venezuelan leader will not go into exile.', 'Scientists discovered a new species of frog.'],
  ['US warships were deployed to the Caribbean.', 'The American navy sent vessels to the Caribbean sea.', 'The recipe calls for two cups of flour.'],
  ['Oil prices rose after the attack.', 'Crude became more expensive following the strike.', 'She painted the portrait in watercolours.'],
];

describe('the embedded model', () => {
  let embedder: TransformersEmbedder;
  const log: string[] = [];

  beforeAll(async () => {
    embedder = (await createEmbedder({ model: 'embedded', modelsDir: MODELS_DIR, allowRemoteModels: false, log: (line) => log.push(line) })) as TransformersEmbedder;
  });
  afterAll(async () => {
    await embedder?.dispose();
  });

  it('loads through transformers.js from MODELS_DIR with an id that names it and hashes its files', () => {
    expect(embedder).toBeInstanceOf(TransformersEmbedder);
    expect(embedder.modelDir).toBe(path.join(MODELS_DIR, EMBEDDED_MODEL_NAME));
    expect(embedder.id).toMatch(new RegExp(`^${EMBEDDED_MODEL_NAME}@sha256:[0-9a-f]{12}$`));
    expect(embedder.dims).toBe(100);
    if (log.some((line) => line.startsWith('Building the embedded model'))) testReport(log.join('\n'));
  });

  it('scores a paraphrase above an unrelated sentence', async () => {
    const rows: string[] = [];
    for (const [text, paraphrase, unrelated] of PARAPHRASES) {
      const [a, b, c] = await embedder.embed([text, paraphrase, unrelated]);
      const similar = cosine(a!, b!);
      const different = cosine(a!, c!);
      rows.push(`${similar.toFixed(3)} vs ${different.toFixed(3)}  ${text}`);
      expect(similar).toBeGreaterThan(different + 0.2);
    }
    testReport(`paraphrase vs unrelated cosine:\n${rows.join('\n')}`);
  });

  it('returns unit vectors of 100 dimensions, in input order', async () => {
    const texts = ['Short.', 'A much longer sentence about sanctions, tariffs and the Venezuelan economy.', 'Hegseth'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(100);
      expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 5);
    }
    const [alone] = await embedder.embed([texts[2]!]);
    expect(cosine(alone!, vectors[2]!)).toBeCloseTo(1, 6);
  });

  it('gives a finite unit vector, not NaN, for text with no known word', async () => {
    for (const text of ['zzqxj blorptastic', '', '?!', '42']) {
      const [vector] = await embedder.embed([text]);
      expect(vector!.every(Number.isFinite)).toBe(true);
      expect(Math.sqrt(cosine(vector!, vector!))).toBeCloseTo(1, 5);
    }
  });

  it('knows rare names from the far end of the GloVe vocabulary, and adds no [CLS]/[SEP]', () => {
    expect(embedder.tokens('Hegseth met Maduro in Caracas')).toEqual(['hegseth', 'met', 'maduro', 'in', 'caracas']);
    expect(embedder.tokens('Venezuela’s café')).toEqual(['venezuela', '[UNK]', '[UNK]', 'cafe']);
  });

  it('tokenizes every sampled vocabulary word to itself (the builder and transformers.js agree)', async () => {
    const tokenizer = JSON.parse(await readFile(path.join(embedder.modelDir, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
    const words = Object.keys(tokenizer.model.vocab).filter((_, i) => i >= 2 && i % 97 === 0);
    const mismatches = words.filter((word) => embedder.tokens(word).join(' ') !== word);
    expect(mismatches).toEqual([]);
  });
});
