/**
 * The local service: one process serving one index folder, wiring the stages together.
 */
import type { BuildReport } from '../index/types.js';
import { ACTOR_REGISTRY_FORMAT_VERSION, ActorRegistry, type ActorRegistryData } from '../actors/index.js';
import { createAnswerer, validateQuestion, type Answerer } from '../answer/index.js';
import { UserError, type VerbatimConfig } from '../config/index.js';
import type { Embedder } from '../embedding/embedder.js';
import {
  appendAuditEntry,
  BuildInProgressError,
  BuildRefusedError,
  cleanUpAfterDeadBuilds,
  IndexError,
  IndexFolderNotWritableError,
  loadServedGeneration,
  waitForBuildToFinish,
  readAuditLog,
  readCurrentGenerationName,
  type AuditEntry,
  type IndexGeneration,
} from '../index/index.js';
import { ACTORS_ARTEFACT, BuildFailedError, inProcessRebuildRunner, type RebuildRunner } from '../rebuild/index.js';
import { editCorpusArticles } from './articles.js';
import { findSecret } from '../text/index.js';
import { moderatorStats, readTextOrEmpty, type ModeratorStats } from './stats.js';
import { createUnansweredLog, defaultUnansweredFile, type UnansweredLog } from './unanswered.js';
import type { ArticleInput } from '../corpus/index.js';
import type { AddReport, ArticleChangeOptions, AskOptions, ReindexOptions, RemoveReport, ServiceDependencies, SourceListing, VerbatimService } from './types.js';

/** The file of withheld questions: UNANSWERED_FILE, or unanswered.jsonl beside FEEDBACK_FILE. */
export function unansweredFileOf(config: Pick<VerbatimConfig, 'UNANSWERED_FILE' | 'FEEDBACK_FILE'>): string {
  return config.UNANSWERED_FILE ?? defaultUnansweredFile(config.FEEDBACK_FILE);
}

/** A first-run command gave up waiting for the build another process is running. */
export class BuildWaitTimeoutError extends UserError {
  override name = 'BuildWaitTimeoutError';
  constructor(indexDir: string, waitedMs: number, holder: { requestedBy: string; startedAt: string }) {
    super(
      'build-wait-timeout',
      `The index in ${indexDir} is still being built (requested by ${holder.requestedBy} at ${holder.startedAt}) after waiting ${Math.round(waitedMs / 1000)} s; try again when it has finished (npm run audit-log shows when it ends).`,
    );
  }
}

/**
 * Whether a build error is one a user or moderator can act on (one line each, the previous index
 * still serves); anything else from a build becomes a BuildFailedError.
 */
export function isReportableBuildError(error: unknown): error is Error {
  return error instanceof UserError || error instanceof BuildFailedError;
}

/** Everything answered from one generation: swapped as a whole, never mixed. */
interface ServedGeneration {
  generation: IndexGeneration;
  answerer: Answerer;
  actors: ActorRegistry;
}

class LocalVerbatimService implements VerbatimService {
  private served: ServedGeneration | null = null;
  private loading: Promise<ServedGeneration> | null = null;
  /** The rebuild runner, made on the first rebuild and reused. */
  private runner: RebuildRunner | null = null;
  /** Adds and removes, one at a time: each reads the corpus folder the one before it left. */
  private corpusEdits: Promise<unknown> = Promise.resolve();
  private readonly unanswered: UnansweredLog;
  private loadingEmbedder: Promise<Embedder> | null = null;

  private embedder(): Promise<Embedder> {
    const { embedder } = this.dependencies;
    return (this.loadingEmbedder ??= typeof embedder === 'function' ? embedder() : Promise.resolve(embedder));
  }

  constructor(
    private readonly config: VerbatimConfig,
    private readonly dependencies: ServiceDependencies,
  ) {
    this.unanswered = createUnansweredLog(unansweredFileOf(config));
  }

  currentGeneration(): string | null {
    return this.served?.generation.name ?? null;
  }

  async ask(question: string, options: AskOptions = {}) {
    // Reject a bad question before any loading or building is done for it.
    const valid = validateQuestion(question, this.config.MAX_QUESTION_CHARS);
    let answer = await (await this.serve()).answerer.answer(valid);
    const secret = this.secretIn({ answer: answer.answer, sentences: answer.sentences, citations: answer.citations });
    if (secret) {
      this.dependencies.log(`An answer would have quoted ${secret}; withheld. Remove that text from the corpus and reindex (docs: ${[...new Set(answer.citations.map((c) => c.docId))].join(', ')}).`);
      answer = { ...answer, abstained: true, answer: '', sentences: [], citations: [], confidence: 0 };
    }
    if (answer.abstained && this.dependencies.recordUnanswered === true && options.recordIfWithheld !== false) await this.recordWithheld(valid);
    return answer;
  }

  /** A question the corpus could not answer, for moderators; a file that cannot be written costs one log line, never the answer. */
  private async recordWithheld(question: string): Promise<void> {
    // A question that holds a secret is not written down anywhere.
    if (findSecret(question, [this.config.DISCORD_TOKEN])) return;
    await this.unanswered.record(question).catch((error: unknown) => {
      this.dependencies.log(`Could not record an unanswered question in ${unansweredFileOf(this.config)}: ${(error as Error).message}`);
    });
  }

  async stats(): Promise<ModeratorStats> {
    const [unanswered, feedback] = await Promise.all([this.unanswered.read(), readTextOrEmpty(this.config.FEEDBACK_FILE)]);
    return moderatorStats(unanswered, feedback);
  }

  async auditLog(): Promise<AuditEntry[]> {
    // Reads a file; needs no model and no loaded index.
    return readAuditLog(this.config.INDEX_DIR);
  }

  async actor(query: string) {
    const summary = (await this.serve()).actors.summarize(query);
    const secret = this.secretIn({ summary: summary.summary, said: summary.said, roles: summary.roleEvidence, citations: summary.citations });
    if (!secret) return summary;
    this.dependencies.log(`An actor summary would have quoted ${secret}; withheld. Remove that text from the corpus and reindex.`);
    return { ...summary, summary: [], said: [], roleEvidence: [], citations: [] };
  }

  /**
   * The last guard before a reply: what in the quoted parts looks like this project's secrets
   * (the configured DISCORD_TOKEN, a DISCORD_TOKEN= line, a token-shaped string), or null. The
   * corpus loader already skips such files; this catches what reached an index another way.
   */
  private secretIn(quoted: object): string | null {
    return findSecret(JSON.stringify(quoted), [this.config.DISCORD_TOKEN]);
  }

  async actors(limit?: number) {
    return (await this.serve()).actors.list(limit);
  }

  async suggestActors(partial: string, limit: number) {
    return (await this.serve()).actors.suggest(partial, limit);
  }

  async sources(): Promise<SourceListing[]> {
    const { generation } = await this.serve();
    return generation.servedDocuments().map((d) => ({
      docId: d.docId,
      title: this.secretIn({ title: d.meta.title }) ? '[title withheld: it looks like a secret]' : d.meta.title,
      source: d.meta.source,
      url: d.meta.url,
      published: d.meta.published,
      passages: d.passages,
      chars: d.chars,
    }));
  }

  /**
   * Rebuilds through the injected runner (in this process or a child process: the same job),
   * then loads the new generation completely and swaps it in with one assignment. Questions in
   * flight keep the generation object they started with. A failed, refused or busy build leaves
   * the served generation as it was, rejects with a one-line reason, and is audited like a success.
   */
  async reindex(options: ReindexOptions) {
    return this.rebuild(options, true);
  }

  add(inputs: readonly ArticleInput[], options: ArticleChangeOptions): Promise<AddReport> {
    return this.oneEditAtATime(() => editCorpusArticles.add(inputs, options, this.articleEditing()));
  }

  remove(docIds: readonly string[], options: ArticleChangeOptions): Promise<RemoveReport> {
    return this.oneEditAtATime(() => editCorpusArticles.remove(docIds, options, this.articleEditing()));
  }

  private oneEditAtATime<T>(edit: () => Promise<T>): Promise<T> {
    const result = this.corpusEdits.then(edit, edit);
    this.corpusEdits = result.catch(() => undefined);
    return result;
  }

  private articleEditing() {
    return {
      config: this.config,
      rebuild: (options: ReindexOptions) => this.rebuild(options, true),
      servedGeneration: async () => this.currentGeneration() ?? (await readCurrentGenerationName(this.config.INDEX_DIR)),
    };
  }

  /** One audited rebuild; with `swap`, the new generation is loaded and served before returning. */
  private async rebuild(options: ReindexOptions, swap: boolean): Promise<BuildReport> {
    const { config, dependencies } = this;
    const started = performance.now();
    const force = options.force === true;
    const runner = (this.runner ??= dependencies.rebuildRunner ?? inProcessRebuildRunner({ embedder: await this.embedder(), log: dependencies.log }));
    let unwritable = false;
    const audit = (entry: Partial<AuditEntry> & Pick<AuditEntry, 'outcome' | 'reason'>) =>
      appendAuditEntry(config.INDEX_DIR, {
        time: new Date().toISOString(),
        requestedBy: options.requestedBy,
        generation: this.currentGeneration(),
        documents: null,
        added: null,
        changed: null,
        removed: null,
        skipped: null,
        durationMs: Math.round(performance.now() - started),
        force,
        ...(options.articles ? { articles: options.articles } : {}),
        ...entry,
      }).catch((error: unknown) => {
        // An unwritable index folder is reported once, by the error the caller receives.
        if (!unwritable) dependencies.log(`Could not append to the audit log: ${(error as Error).message}`);
      });
    try {
      const report = await runner(
        { corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, maxFileBytes: config.MAX_FILE_BYTES, force, requestedBy: options.requestedBy },
        options.onProgress ?? (() => {}),
      );
      if (swap) {
        // Load the new generation completely (every file checked) before anything is swapped.
        const loaded = await this.load();
        if (loaded.generation.name !== report.generation) {
          dependencies.log(`The new generation ${report.generation} did not load; serving ${loaded.generation.name}.`);
        }
        this.served = loaded;
      }
      await audit({
        outcome: 'ok',
        reason: null,
        generation: report.generation,
        documents: report.documents,
        added: report.added.length,
        changed: report.changed.length,
        removed: report.removed.length,
        skipped: report.skipped.length,
      });
      return report;
    } catch (error) {
      const reported = isReportableBuildError(error) ? error : asBuildFailure(error, this.currentGeneration());
      const outcome = error instanceof BuildInProgressError ? 'busy' : error instanceof BuildRefusedError ? 'refused' : 'failed';
      unwritable = error instanceof IndexFolderNotWritableError;
      await audit({ outcome, reason: reported.message });
      if (reported instanceof BuildFailedError && dependencies.logBuildFailures !== false) dependencies.log(`Index build failed: ${reported.message}`);
      throw reported;
    }
  }

  private async load(): Promise<ServedGeneration> {
    const { log } = this.dependencies;
    const embedder = await this.embedder();
    const generation = await loadServedGeneration(this.config.INDEX_DIR, embedder, { warn: log });
    const actorsJson = generation.artefact(ACTORS_ARTEFACT);
    if (!actorsJson) throw new IndexError('corrupt', `The index in ${this.config.INDEX_DIR} has no actor registry. Run: npm run index`);
    const actorData = JSON.parse(actorsJson) as ActorRegistryData;
    if (actorData.formatVersion !== ACTOR_REGISTRY_FORMAT_VERSION) {
      // An older registry lacks what summaries read (e.g. the tags decided at build time): rebuild, never guess.
      throw new IndexError(
        'format',
        `The actor registry in ${this.config.INDEX_DIR} has format ${String(actorData.formatVersion)}; this version reads ${ACTOR_REGISTRY_FORMAT_VERSION}. Run: npm run index`,
      );
    }
    const actors = new ActorRegistry(actorData, generation);
    const answerer = createAnswerer(generation, embedder, { maxQuestionChars: this.config.MAX_QUESTION_CHARS });
    return { generation, answerer, actors };
  }

  /** The served generation; loads it on first use, building it first when there is none. */
  private async serve(): Promise<ServedGeneration> {
    if (this.served) return this.served;
    this.loading ??= (async () => {
      await this.cleanUpOnce();
      try {
        return await this.load();
      } catch (error) {
        if (!(error instanceof IndexError) || error.code !== 'missing') throw error;
        // Said once the build has really started (it holds the lock), so a build that cannot start
        // (an unwritable folder, another build running) is reported in one line of its own.
        let announced = false;
        const announce = () => {
          if (!announced) this.dependencies.log(`No index in ${this.config.INDEX_DIR} yet: building it from ${this.config.CORPUS_DIR} (first run).`);
          announced = true;
        };
        try {
          await this.rebuild({ requestedBy: 'first run', onProgress: announce }, false);
        } catch (buildError) {
          if (!(buildError instanceof BuildInProgressError)) throw buildError;
          await this.waitForOtherBuild();
        }
        return this.load();
      }
    })().finally(() => {
      this.loading = null;
    });
    const loaded = await this.loading;
    // A reindex that finished meanwhile has swapped in something newer: keep it.
    this.served ??= loaded;
    return this.served;
  }

  /** Another process is building the first index: wait for it (bounded) instead of failing. */
  private async waitForOtherBuild(): Promise<void> {
    const timeoutMs = this.dependencies.buildWaitMs ?? 10 * 60_000;
    this.dependencies.log(`Another process is building the index in ${this.config.INDEX_DIR}: waiting for it (up to ${Math.round(timeoutMs / 1000)} s).`);
    const holder = await waitForBuildToFinish(this.config.INDEX_DIR, { timeoutMs });
    if (holder) throw new BuildWaitTimeoutError(this.config.INDEX_DIR, timeoutMs, holder);
  }

  private cleanedUp = false;

  /**
   * At start (first load): removes what a build killed mid-way left (temporary folder, a
   * half-written pointer, a stale lock), unless a live build holds the lock.
   */
  private async cleanUpOnce(): Promise<void> {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    try {
      const removed = await cleanUpAfterDeadBuilds(this.config.INDEX_DIR);
      if (removed && removed.length > 0) this.dependencies.log(`Removed what an interrupted build left behind: ${removed.join(', ')}`);
    } catch (error) {
      // A read-only index folder is servable: clean-up is best effort. If a build is needed, the
      // build says once, in one line, that the folder is not writable.
      if (error instanceof IndexFolderNotWritableError) return;
      this.dependencies.log(`Could not clean up after interrupted builds in ${this.config.INDEX_DIR}: ${(error as Error).message}`);
    }
  }
}

/** A build error nobody anticipated (ENOSPC, EIO, a bug), as one line saying the old index still serves. */
function asBuildFailure(error: unknown, served: string | null): BuildFailedError {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
  const keeps = served ? `the index keeps serving generation ${served}` : 'the index on disk is unchanged';
  return new BuildFailedError(`The index build failed (${message}); ${keeps}.`, { cause: error });
}

/** Creates the service over `config.INDEX_DIR`; nothing is loaded until the first call. */
export function createVerbatimService(config: VerbatimConfig, dependencies: ServiceDependencies): VerbatimService {
  return new LocalVerbatimService(config, dependencies);
}
