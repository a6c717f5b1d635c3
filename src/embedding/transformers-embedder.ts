import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';

import { env, pipeline } from '@xenova/transformers';

import { speedUpBertNormalizer } from './bert-normalizer.js';
import type { Embedder, ModelProvenance } from './embedder.js';
import { EmbeddingError } from './errors.js';
import { exists } from './files.js';
import { MemoizedTokenizer } from './memoized-tokenizer.js';

/** Where transformers.js finds a model: a folder on disk, or a Hugging Face hub id cached under `modelsDir`. */
export type TransformersModelSource =
  | { kind: 'local'; dir: string }
  | { kind: 'hub'; id: string; modelsDir: string; allowRemoteModels: boolean };

export interface LoadTransformersEmbedderOptions {
  source: TransformersModelSource;
  /** Name used in the embedder id; defaults to the folder name or hub id. */
  name?: string;
  /** Texts per model call. Texts are sorted by length first, so a batch pads little. */
  batchSize?: number;
  /**
   * Load `onnx/model_quantized.onnx` (true) or `onnx/model.onnx` (false). Default: for a local
   * folder, whichever exists (quantized preferred); for the hub, quantized (transformers.js's default).
   */
  quantized?: boolean;
}

/** The slice of transformers.js's tokenizer, model and tensor objects this file uses. */
interface TokenizedBatch {
  input_ids: { dims: number[] };
  attention_mask: { data: BigInt64Array; dims: number[] };
}
interface HiddenStateTensor {
  data: Float32Array;
  dims: number[];
}
interface Tokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean }): TokenizedBatch;
  encode(text: string): number[];
  model: { vocab: string[] };
}
interface FeatureExtractor {
  tokenizer: Tokenizer;
  model: (inputs: TokenizedBatch) => Promise<Record<string, HiddenStateTensor | undefined>>;
  dispose(): Promise<void>;
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<HiddenStateTensor>;
}

const DEFAULT_BATCH_SIZE = 64;
/** The files whose bytes make up a model's identity (the ONNX file is appended by quantisation). */
const IDENTITY_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * transformers.js keeps its settings (`env`) in one module-level object, so loads are serialised:
 * each sets `env` for its own model, then creates the pipeline.
 */
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * An {@link Embedder} over a transformers.js `feature-extraction` model: mean pooling over the
 * attention mask, then L2 normalisation — the pipeline's `{ pooling: 'mean', normalize: true }`.
 *
 * `embed` calls the pipeline's own tokenizer and model and pools in a tight loop instead of going
 * through the pipeline wrapper: same numbers, but without the wrapper's per-element BigInt
 * conversions, and with a defined answer for a text with no known token (see {@link embed}).
 */
export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  provenance?: ModelProvenance;
  /** The folder the model files were read from. */
  readonly modelDir: string;
  private readonly extractor: FeatureExtractor;
  /** The same ids as the model's tokenizer, each distinct word tokenised once; null for a tokenizer it cannot reproduce. */
  private memoizedTokenizer: MemoizedTokenizer | null;
  private readonly batchSize: number;
  private readonly noTokenVector: Float32Array;

  private constructor(extractor: FeatureExtractor, id: string, dims: number, modelDir: string, batchSize: number) {
    this.extractor = extractor;
    this.memoizedTokenizer = MemoizedTokenizer.of(extractor.tokenizer);
    this.id = id;
    this.dims = dims;
    this.modelDir = modelDir;
    this.batchSize = batchSize;
    this.noTokenVector = new Float32Array(dims).fill(1 / Math.sqrt(dims));
  }

  /**
   * Loads a model through transformers.js. Never touches the network unless the source is a hub id
   * with `allowRemoteModels`; then files are downloaded once into `modelsDir/<id>/` and read from
   * there afterwards, also offline. Throws {@link EmbeddingError} with a one-line fix.
   */
  static async load(options: LoadTransformersEmbedderOptions): Promise<TransformersEmbedder> {
    const opened = loadQueue.then(() => openModel(options));
    loadQueue = opened.catch(() => undefined);
    const { extractor, id, dims, modelDir } = await opened;
    return new TransformersEmbedder(extractor, id, dims, modelDir, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  /**
   * One unit vector per text, in order. A text in which the model knows no token (empty, or only
   * unknown words for the embedded model, whose unknown-word row is zero) gets a fixed unit vector
   * instead of 0/0 = NaN: such texts match each other and nothing in particular.
   */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const vectors = new Array<Float32Array>(texts.length);
    const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const batch = await this.embedBatch(indices.map((index) => texts[index]!));
      indices.forEach((index, k) => (vectors[index] = batch[k]!));
    }
    return vectors;
  }

  /** The model's tokens for `text`, e.g. to see which words it does not know (`[UNK]`). */
  tokens(text: string): string[] {
    const ids = this.memoizedTokenizer?.encode(text) ?? this.extractor.tokenizer.encode(text);
    return ids.map((id) => this.extractor.tokenizer.model.vocab[id] ?? '[UNK]');
  }

  /** Releases the ONNX session. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const inputs = this.tokenize(texts);
    const [batch, length] = inputs.input_ids.dims as [number, number];
    if (length === 0) return texts.map(() => this.noTokenVector.slice());
    const outputs = await this.extractor.model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
    if (!hidden || hidden.dims.length !== 3 || hidden.dims[2] !== this.dims) {
      throw new EmbeddingError(`The embedding model in ${this.modelDir} does not return last_hidden_state [batch, tokens, ${this.dims}]; set EMBEDDING_MODEL to a feature-extraction model.`);
    }
    const mask = inputs.attention_mask.data;
    const data = hidden.data;
    const dims = this.dims;
    const vectors: Float32Array[] = [];
    for (let b = 0; b < batch; b++) {
      // Sum in float64 over the real tokens; the mean's 1/count cancels in the normalisation.
      const sum = new Float64Array(dims);
      for (let t = 0; t < length; t++) {
        if (mask[b * length + t] === 0n) continue;
        const offset = (b * length + t) * dims;
        for (let d = 0; d < dims; d++) sum[d]! += data[offset + d]!;
      }
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += sum[d]! * sum[d]!;
      norm = Math.sqrt(norm);
      if (!(norm > 1e-12)) {
        vectors.push(this.noTokenVector.slice());
        continue;
      }
      const vector = new Float32Array(dims);
      for (let d = 0; d < dims; d++) vector[d] = sum[d]! / norm;
      vectors.push(vector);
    }
    return vectors;
  }

  /** The model's input tensors for `texts`, as its tokenizer gives them with padding and truncation. */
  tokenize(texts: string[]): TokenizedBatch {
    return (this.memoizedTokenizer?.encodeBatch(texts) as TokenizedBatch | undefined) ?? this.extractor.tokenizer(texts, { padding: true, truncation: true });
  }

  /** The transformers.js pipeline's own `{ pooling: 'mean', normalize: true }` output, for cross-checks. */
  async embedWithPipeline(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extractor(texts, { pooling: 'mean', normalize: true });
    return texts.map((_, i) => output.data.slice(i * this.dims, (i + 1) * this.dims));
  }
}

interface OpenedModel {
  extractor: FeatureExtractor;
  id: string;
  dims: number;
  modelDir: string;
}

async function openModel(options: LoadTransformersEmbedderOptions): Promise<OpenedModel> {
  const { source } = options;
  // transformers.js reads `<localModelPath>/<id>/<file>`, and its file cache `<cache_dir>/<id>/<file>`;
  // pointing both at the same root means a downloaded hub model is later found locally, offline.
  const root = source.kind === 'local' ? path.dirname(path.resolve(source.dir)) : path.resolve(source.modelsDir);
  const modelId = source.kind === 'local' ? path.basename(path.resolve(source.dir)) : source.id;
  const modelDir = path.join(root, modelId);
  const name = options.name ?? (source.kind === 'local' ? modelId : source.id);
  const allowRemote = source.kind === 'hub' && source.allowRemoteModels;

  let quantized = options.quantized;
  if (source.kind === 'local') {
    await requireLocalModelFiles(modelDir);
    quantized ??= await exists(path.join(modelDir, 'onnx', 'model_quantized.onnx'));
  } else {
    quantized ??= true;
    if (!allowRemote && !(await isCompleteLocalModel(modelDir, quantized))) {
      throw new EmbeddingError(`EMBEDDING_MODEL=${source.id} is a Hugging Face model and remote models are off: set ALLOW_REMOTE_MODELS=true to download it once into ${path.relative(process.cwd(), root) || root}, or set EMBEDDING_MODEL to a local model folder (or "embedded").`);
    }
  }

  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemote;
  env.localModelPath = `${root}${path.sep}`;
  env.cacheDir = root;
  env.useFSCache = true;

  let extractor: FeatureExtractor;
  try {
    extractor = (await pipeline('feature-extraction', modelId, {
      quantized,
      local_files_only: !allowRemote,
      cache_dir: root,
    })) as unknown as FeatureExtractor;
  } catch (error) {
    const reason = firstLine(error);
    const fix =
      source.kind === 'hub'
        ? `check the model id and the network, or set EMBEDDING_MODEL to a local model folder`
        : `check that ${modelDir} is a transformers.js model folder (config.json, tokenizer.json, onnx/), or set EMBEDDING_MODEL=embedded`;
    throw new EmbeddingError(`Could not load the embedding model ${name}: ${reason}; ${fix}.`, { cause: error });
  }

  // Same tokens, less time: the stock BertNormalizer walks each text a character at a time.
  speedUpBertNormalizer(extractor.tokenizer);
  releaseVocabularyObject(extractor.tokenizer);

  const onnxFile = path.join('onnx', quantized ? 'model_quantized.onnx' : 'model.onnx');
  const hash = await hashFiles(modelDir, [...IDENTITY_FILES, onnxFile]);
  const dims = await probeDimensions(extractor, modelDir);
  return { extractor, id: `${name}@sha256:${hash.slice(0, 12)}`, dims, modelDir };
}

/**
 * Lets the parsed `tokenizer.json` vocabulary object go once the tokenizer is built. A WordPiece
 * model keeps the object as its config, beside the Map and the array it made from it and reads
 * afterwards; for the embedded model's 321k words the object is a third copy of the vocabulary
 * (about 12 MB of heap, measured). Only a config whose Map holds every entry is released.
 */
function releaseVocabularyObject(tokenizer: object): void {
  const model = (tokenizer as { model?: { config?: { vocab?: unknown }; tokens_to_ids?: unknown } }).model;
  const vocab = model?.config?.vocab;
  if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab) || !(model.tokens_to_ids instanceof Map)) return;
  if (model.tokens_to_ids.size !== Object.keys(vocab).length) return;
  delete model.config!.vocab;
}

async function probeDimensions(extractor: FeatureExtractor, modelDir: string): Promise<number> {
  try {
    const outputs = await extractor.model(extractor.tokenizer(['the'], { padding: true, truncation: true }));
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
    const dims = hidden?.dims[2];
    if (hidden && hidden.dims.length === 3 && dims !== undefined && dims > 0) return dims;
  } catch (error) {
    throw new EmbeddingError(`The embedding model in ${modelDir} failed on a test sentence: ${firstLine(error)}; rebuild it (npm run build-model -- --force) or choose another EMBEDDING_MODEL.`, { cause: error });
  }
  throw new EmbeddingError(`The embedding model in ${modelDir} has no last_hidden_state output; set EMBEDDING_MODEL to a feature-extraction (sentence embedding) model.`);
}

async function requireLocalModelFiles(dir: string): Promise<void> {
  if (!(await exists(dir))) {
    throw new EmbeddingError(`No embedding model folder at ${dir}: set EMBEDDING_MODEL to an existing transformers.js model folder, or to "embedded".`);
  }
  for (const file of ['config.json', 'tokenizer.json']) {
    if (!(await exists(path.join(dir, file)))) {
      throw new EmbeddingError(`The embedding model folder ${dir} has no ${file}: it is not a transformers.js model folder (expected config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx).`);
    }
  }
  if (!(await exists(path.join(dir, 'onnx', 'model_quantized.onnx'))) && !(await exists(path.join(dir, 'onnx', 'model.onnx')))) {
    throw new EmbeddingError(`The embedding model folder ${dir} has no onnx/model.onnx or onnx/model_quantized.onnx: export the model to ONNX (e.g. with Optimum) first.`);
  }
}

async function isCompleteLocalModel(dir: string, quantized: boolean): Promise<boolean> {
  const files = ['config.json', 'tokenizer.json', path.join('onnx', quantized ? 'model_quantized.onnx' : 'model.onnx')];
  for (const file of files) if (!(await exists(path.join(dir, file)))) return false;
  return true;
}

/** SHA-256 over the files (name and bytes, in the given order); a missing optional file counts as absent. */
async function hashFiles(dir: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    const full = path.join(dir, file);
    if (!(await exists(full))) continue;
    hash.update(`${file.split(path.sep).join('/')}\0`);
    for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
    hash.update('\0');
  }
  return hash.digest('hex');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim() || 'unknown error';
}
