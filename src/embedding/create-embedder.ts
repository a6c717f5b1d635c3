import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { buildEmbeddedModel, EMBEDDED_MODEL_NAME, embeddedModelStatus } from './build-embedded-model.js';
import type { Embedder } from './embedder.js';
import { EmbeddingError } from './errors.js';
import { TransformersEmbedder } from './transformers-embedder.js';

export interface CreateEmbedderOptions {
  /** `EMBEDDING_MODEL`: `embedded`, a path to a local model folder, or a Hugging Face id such as `Xenova/all-MiniLM-L6-v2`. */
  model: string;
  /** `MODELS_DIR`: where the embedded model is built and hub models are cached. */
  modelsDir: string;
  /** `ALLOW_REMOTE_MODELS`: whether a hub model that is not cached yet may be downloaded. */
  allowRemoteModels: boolean;
  /** Receives one-line progress messages (e.g. the first-run model build). */
  log?: (line: string) => void;
  /** Receives routine detail (which model loaded, in how long); default: nowhere. */
  debug?: (line: string) => void;
  /** Texts per model call; default 64. */
  batchSize?: number;
}

/**
 * What the first-run message promises for the embedded model build: measured at 15–30 s on a busy
 * 2-core machine; the build's last line says how long it really took.
 */
export const EMBEDDED_BUILD_ESTIMATE = 'usually under a minute';
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * The embedder `EMBEDDING_MODEL` asks for:
 * - `embedded`: the offline default in `<modelsDir>/verbatim-glove-100d/`, built from the installed
 *   GloVe package on first use (reported through `log`, with how long it took);
 * - a path that exists (or starts with `.`, `/` or `~`): that local transformers.js model folder;
 * - `owner/name`: a Hugging Face model, read from `<modelsDir>/owner/name/` if cached there, else
 *   downloaded only when `allowRemoteModels` is true.
 * Failures are {@link EmbeddingError}s whose message says what to change.
 */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<Embedder> {
  const log = options.log ?? (() => {});
  const debug = options.debug ?? (() => {});
  const model = options.model.trim();
  const batchSize = options.batchSize;

  if (model === '' || model === 'embedded') {
    const dir = path.resolve(options.modelsDir, EMBEDDED_MODEL_NAME);
    const status = await embeddedModelStatus(dir);
    if (status !== 'ready') {
      log(`Building the embedded model (${status === 'missing' ? 'first run' : 'its format changed'}, ${EMBEDDED_BUILD_ESTIMATE})…`);
      try {
        await buildEmbeddedModel({ modelsDir: options.modelsDir, log });
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new EmbeddingError(`Could not build the embedded model in ${dir}: ${reason}. Check that ${options.modelsDir} is writable and run: npm ci && npm run build-model`, { cause: error });
      }
    }
    return timedLoad(debug, () => TransformersEmbedder.load({ source: { kind: 'local', dir }, name: EMBEDDED_MODEL_NAME, quantized: true, batchSize }));
  }

  const expanded = model.startsWith('~') ? path.join(process.env.HOME ?? '~', model.slice(1)) : model;
  const looksLikePath = /^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/])/.test(model) || existsSync(expanded);
  if (looksLikePath || !HUB_ID.test(model)) {
    return timedLoad(debug, () => TransformersEmbedder.load({ source: { kind: 'local', dir: path.resolve(expanded) }, batchSize }));
  }
  return timedLoad(debug, () =>
    TransformersEmbedder.load({
      source: { kind: 'hub', id: model, modelsDir: options.modelsDir, allowRemoteModels: options.allowRemoteModels },
      batchSize,
    }),
  );
}

async function timedLoad(log: (line: string) => void, load: () => Promise<TransformersEmbedder>): Promise<TransformersEmbedder> {
  const started = performance.now();
  const embedder = await load();
  log(`Embedding model ${embedder.id} (${embedder.dims} dimensions) loaded in ${Math.round(performance.now() - started)} ms`);
  return embedder;
}
