import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildEmbeddedModel, createEmbedder, EmbeddingError } from '../../src/embedding/index.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

async function errorOf(promise: Promise<unknown>): Promise<EmbeddingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbeddingError);
  const message = (error as EmbeddingError).message;
  expect(message).not.toContain('\n');
  return error as EmbeddingError;
}

describe('createEmbedder', () => {
  let modelsDir: string;

  beforeAll(async () => {
    modelsDir = await temporaryFolder('models');
  });

  it('refuses a Hugging Face id that is not cached when remote models are off, saying what to set', async () => {
    const error = await errorOf(createEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', modelsDir, allowRemoteModels: false }));
    expect(error.message).toContain('ALLOW_REMOTE_MODELS=true');
    expect(error.message).toContain('local model folder');
  });

  it('says so when a local model folder does not exist', async () => {
    const missing = path.join(modelsDir, 'no-such-model');
    const error = await errorOf(createEmbedder({ model: missing, modelsDir, allowRemoteModels: false }));
    expect(error.message).toContain(`No embedding model folder at ${missing}`);
    expect(error.message).toContain('EMBEDDING_MODEL');
  });

  it('says which file is missing when a folder is not a model', async () => {
    const empty = path.join(modelsDir, 'empty-folder');
    await mkdir(empty);
    const error = await errorOf(createEmbedder({ model: empty, modelsDir, allowRemoteModels: false }));
    expect(error.message).toContain('has no config.json');
  });

  it('loads a hub model already cached in MODELS_DIR without the network', async () => {
    // A miniature model standing in for a download cached at <MODELS_DIR>/<owner>/<name>/.
    const sourceFile = path.join(modelsDir, 'mini-glove.json');
    const vectors = { the: [1, 0, 0, 0, 1, 0], cat: [0, 1, 0, 0, 1, 1], mat: [0, 0, 1, 0, 1, 2] };
    await writeFile(sourceFile, JSON.stringify({ size: 3, dimensions: 4, wordIndex: 5, words: ['the', 'cat', 'mat'], vectors }));
    await buildEmbeddedModel({ modelsDir: path.join(modelsDir, 'Someone'), name: 'cached-model', sourceFile });
    const embedder = await createEmbedder({ model: 'Someone/cached-model', modelsDir, allowRemoteModels: false });
    expect(embedder.id).toMatch(/^Someone\/cached-model@sha256:[0-9a-f]{12}$/);
    expect(embedder.dims).toBe(4);
    const [vector] = await embedder.embed(['The cat']);
    expect(vector!.every(Number.isFinite)).toBe(true);
  });

  it('treats a relative path as a folder, not as a hub id', async () => {
    const error = await errorOf(createEmbedder({ model: './models-that-do-not-exist/x', modelsDir, allowRemoteModels: false }));
    expect(error.message).toContain('No embedding model folder');
  });
});
