import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildActorRegistryInParallel, parseActorExtractions, parseActorOverrides, planExtractionAhead, serializeActorExtractions, type ActorExtractions } from '../actors/index.js';
import type { Embedder } from '../embedding/embedder.js';
import { storeSentenceWords } from '../answer/index.js';
import type { ProcessedDocument } from '../corpus/index.js';
import { createEmbedder, HashingEmbedder, type EmbedderSettings } from '../embedding/index.js';
import {
  acquireBuildLock,
  BUILD_CACHE_SUFFIX,
  buildIndexGeneration,
  openWordVectorCache,
  preloadServedGeneration,
  removeDeadBuildLeftovers,
  type BuildProgress,
  type BuildReport,
  type GenerationFileSystem,
  type HeldBuildLock,
  type WarmGeneration,
} from '../index/index.js';

/** Name of the actor registry artefact inside a generation. */
export const ACTORS_ARTEFACT = 'actors.json';

/** What the actor registry's build read in each document, kept for the next build (never served). */
export const ACTOR_EXTRACTIONS_ARTEFACT = `actor-extractions${BUILD_CACHE_SUFFIX}`;

/**
 * A build that did not finish (an exception, a write failure, a crashed build process). The old
 * generation keeps serving; the message is one line saying why.
 */
export class BuildFailedError extends Error {
  override name = 'BuildFailedError';
}

/** Everything a rebuild needs that can cross a process boundary (plain data). */
export interface RebuildJob {
  corpusDir: string;
  indexDir: string;
  maxFileBytes: number;
  force: boolean;
  /** A Discord user id, or "cli"; written into the lock file. */
  requestedBy: string;
}

/** How a build process makes its own embedder: the same model the serving process uses. */
export type EmbedderSpec = ({ kind: 'configured' } & EmbedderSettings) | { kind: 'hashing'; dims: number };

export async function createEmbedderFromSpec(spec: EmbedderSpec, log: (line: string) => void): Promise<Embedder> {
  if (spec.kind === 'hashing') return new HashingEmbedder({ dims: spec.dims });
  const { kind: _kind, ...settings } = spec;
  return createEmbedder({ ...settings, log });
}

export interface RebuildEnvironment {
  embedder: Embedder;
  log: (line: string) => void;
  onProgress?: (progress: BuildProgress) => void;
  /** Tests wrap the file system to inject ENOSPC or EIO. */
  fs?: GenerationFileSystem;
  /** Called once the lock is held, e.g. so a build process can drop it synchronously on exit. */
  onLockHeld?: (lock: HeldBuildLock) => void;
  /** A warm spare's reading of the served generation ({@link preloadForNextJob}); used only while still true. */
  warm?: WarmGeneration;
}

/**
 * What a spare build process reads ahead while it waits: the served generation of `indexDir` as
 * the next job will read it, with the actor extraction cache already parsed. Undefined when there
 * is nothing to preload or the job arrived first (`abandoned`).
 */
export async function preloadForNextJob(indexDir: string, embedder: Embedder, abandoned: () => boolean = () => false, now?: () => bigint): Promise<WarmGeneration | undefined> {
  const warm = await preloadServedGeneration(indexDir, embedder, { parsers: { [ACTOR_EXTRACTIONS_ARTEFACT]: parseActorExtractions }, abandoned, now });
  const extractions = warm?.peekParsed(ACTOR_EXTRACTIONS_ARTEFACT) as ActorExtractions | undefined;
  // The corpus's common words and which entries depend on which: the job adjusts them by its change.
  if (extractions && !abandoned()) planExtractionAhead(extractions);
  return warm;
}

/**
 * After a build, the word-vector cache gets the words of the documents the build read anew (all of
 * them when nothing was reused), so that the first questions after it do not embed them. Only a
 * cache: a failure is logged and the build stands.
 */
async function storeCorpusWords(indexDir: string, embedder: Embedder, report: BuildReport, documents: readonly ProcessedDocument[], log: (line: string) => void): Promise<void> {
  const store = openWordVectorCache(indexDir, embedder, log);
  if (!store) return;
  try {
    const fresh = new Set([...report.added, ...report.changed]);
    const read = report.reused > 0 ? documents.filter((d) => fresh.has(d.document.docId)) : documents;
    await storeSentenceWords(embedder, store, read.flatMap((d) => d.sentences.map((s) => s.text)));
  } catch (error) {
    log(`The corpus's words were not stored in the word-vector cache (${(error as Error).message}); questions embed them on first use.`);
  } finally {
    store.close();
  }
}

/** Reads `actors.yaml` from the corpus folder, if any; problems are logged, never fatal. */
export async function readActorOverrides(corpusDir: string, log: (line: string) => void) {
  let text: string;
  try {
    text = await readFile(path.join(corpusDir, 'actors.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  const { overrides, problems } = parseActorOverrides(text);
  for (const problem of problems) log(`actors.yaml: ${problem}`);
  return overrides;
}

/**
 * One rebuild, wherever it runs (in the serving process or a build process): takes the build
 * lock (or throws BuildInProgressError), removes what dead builds left, builds the generation
 * with its actor registry (vector, lexical and actor indexes in one folder), releases the lock.
 */
export async function runRebuildJob(job: RebuildJob, environment: RebuildEnvironment): Promise<BuildReport> {
  const { log } = environment;
  const lock = await acquireBuildLock(job.indexDir, { requestedBy: job.requestedBy });
  environment.onLockHeld?.(lock);
  try {
    const leftovers = await removeDeadBuildLeftovers(job.indexDir);
    if (leftovers.length > 0) log(`Removed what an interrupted build left behind: ${leftovers.join(', ')}`);
    let corpus: readonly ProcessedDocument[] = [];
    const report = await buildIndexGeneration({
      corpusDir: job.corpusDir,
      indexDir: job.indexDir,
      embedder: environment.embedder,
      maxFileBytes: job.maxFileBytes,
      force: job.force,
      onProgress: environment.onProgress,
      fs: environment.fs,
      warm: environment.warm,
      extraArtefacts: async (documents, previous) => {
        corpus = documents;
        const overrides = await readActorOverrides(job.corpusDir, log);
        // Only documents added or changed since the served generation are read again.
        const previousExtractions = await previous.parsed(ACTOR_EXTRACTIONS_ARTEFACT, parseActorExtractions);
        // Two threads read the documents: the per-sentence tagging is most of an actor build.
        const { registry, extractions } = await buildActorRegistryInParallel(documents, { overrides, previousExtractions, parallel: { log } });
        // Names in actors.yaml that match no actor: a moderator sees them in the build's log.
        for (const problem of registry.problems) log(problem);
        const saved = serializeActorExtractions(extractions);
        // Too large to keep: the next build reads every document again, as before the cache.
        return { [ACTORS_ARTEFACT]: JSON.stringify(registry), ...(saved === undefined ? {} : { [ACTOR_EXTRACTIONS_ARTEFACT]: saved }) };
      },
    });
    if (!report.unchanged) await storeCorpusWords(job.indexDir, environment.embedder, report, corpus, log);
    return report;
  } finally {
    await lock.release();
  }
}
