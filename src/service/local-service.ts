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
  openWordVectorCache,
  waitForBuildToFinish,
  auditLogFile,
  readAuditLogCounted,
  readCurrentGenerationName,
  currentPointerFile,
  type AuditEntry,
  type CompletedEdit,
  type IndexGeneration,
  type WordVectorStore,
} from '../index/index.js';
import { QuoteLinker, withQuoteLinks, type CitedSpan, type QuoteLinks, type QuotedSpan } from '../evidence/index.js';
import { ACTORS_ARTEFACT, BuildFailedError, inProcessRebuildRunner, type RebuildRunner } from '../rebuild/index.js';
import { corpusFolderWriter, editCorpusArticles } from './articles.js';
import { findSecret, redactSecretsDeep } from '../text/index.js';
import { removeArticleFiles, type ArticleInput } from '../corpus/index.js';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import { interruptedEdits } from './pending-edits.js';
import { PostgresServing, prefetch } from './postgres-serving.js';
import type { PostgresGeneration } from '../store/index.js';
import type { Retriever } from '../retrieval/index.js';
import { moderatorStats, readTextOrEmpty, type ModeratorStats } from './stats.js';
import { createUnansweredLog, defaultUnansweredFile, type UnansweredLog } from './unanswered.js';
import type { FeedbackRecord } from './feedback-record.js';
import type { AddReport, ArticleChangeOptions, SharedBotMemory, AskOptions, ReindexOptions, RemoveReport, ServedDocument, ServiceDependencies, SourceListing, VerbatimService } from './types.js';

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
  generation: Pick<IndexGeneration, 'name' | 'servedDocuments' | 'document'>;
  answerer: Answerer;
  actors: ActorRegistry;
  /** Set when the generation is served from PostgreSQL (STORE=postgres): its reads are fetched ahead. */
  fromPostgres?: PostgresGeneration;
}

class LocalVerbatimService implements VerbatimService {
  private served: ServedGeneration | null = null;
  private loading: Promise<ServedGeneration> | null = null;
  /** The rebuild runner, made on the first rebuild and reused. */
  private runner: RebuildRunner | null = null;
  /** Adds and removes, one at a time: each reads the corpus folder the one before it left. */
  private corpusEdits: Promise<unknown> = Promise.resolve();
  /** Every quote's link to its context (the original page, or the viewer at PUBLIC_BASE_URL). */
  private readonly linker: QuoteLinker;
  /** With STORE=postgres: the shared store every process serves from (null with local files). */
  private readonly postgres: PostgresServing | null;
  private readonly unanswered: UnansweredLog;
  private loadingEmbedder: Promise<Embedder> | null = null;
  /** Single words' vectors kept on disk beside the index (opened on first answer; none for the embedded model). */
  private wordVectors: { store: WordVectorStore | undefined } | null = null;

  private embedder(): Promise<Embedder> {
    const { embedder } = this.dependencies;
    return (this.loadingEmbedder ??= typeof embedder === 'function' ? embedder() : Promise.resolve(embedder));
  }

  constructor(
    private readonly config: VerbatimConfig,
    private readonly dependencies: ServiceDependencies,
  ) {
    this.linker = new QuoteLinker({ viewerBaseUrl: config.PUBLIC_BASE_URL ?? null });
    this.postgres = config.STORE === 'postgres' ? new PostgresServing(config, dependencies.log) : null;
    this.unanswered = createUnansweredLog(unansweredFileOf(config));
  }

  currentGeneration(): string | null {
    return this.served?.generation.name ?? null;
  }

  async close(): Promise<void> {
    this.stopWatchingCurrent?.();
    this.wordVectors?.store?.close();
    this.wordVectors = null;
    await this.postgres?.close();
  }

  async ask(question: string, options: AskOptions = {}) {
    // Reject a bad question before any loading or building is done for it.
    const valid = validateQuestion(question, this.config.MAX_QUESTION_CHARS);
    const served = await this.serve();
    if (served.fromPostgres) await prefetch.question(served.fromPostgres, valid);
    const answered = await served.answerer.answer(valid);
    const link = this.linksIn(served);
    let answer = { ...answered, sentences: answered.sentences.map(link), ...(answered.alsoRelevant ? { alsoRelevant: answered.alsoRelevant.map(link) } : {}) };
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
    // With PostgreSQL the votes of every bot process are in the database, as JSON lines in a file otherwise.
    const shared = await this.sharedBotMemory();
    const feedback = shared ? shared.votes.read().then((votes) => votes.map((vote) => JSON.stringify(vote)).join('\n')) : readTextOrEmpty(this.config.FEEDBACK_FILE);
    const [unanswered, feedbackText] = await Promise.all([this.unanswered.read(), feedback]);
    return moderatorStats(unanswered, feedbackText);
  }

  async sharedBotMemory(): Promise<SharedBotMemory | null> {
    if (!this.postgres) return null;
    const store = await this.postgres.store();
    return { votes: store.votes<FeedbackRecord>(), replies: <R extends object>() => store.replies<R>() };
  }

  async auditLog(): Promise<AuditEntry[]> {
    // Reads a file (or, with STORE=postgres, the database every process audits into); needs no model and no loaded index.
    if (this.postgres) return (await this.postgres.store()).readAuditLog();
    const { entries, unreadable } = await readAuditLogCounted(this.config.INDEX_DIR);
    if (unreadable > 0) {
      this.dependencies.log(`${unreadable} line${unreadable === 1 ? '' : 's'} of ${auditLogFile(this.config.INDEX_DIR)} could not be read (damaged, or cut short by a crash) and ${unreadable === 1 ? 'is' : 'are'} left out.`);
    }
    return entries;
  }


  async actor(query: string) {
    const served = await this.serve();
    if (served.fromPostgres) await prefetch.actor(served.fromPostgres, served.actors, query);
    const summarized = served.actors.summarize(query);
    const link = this.linksIn(served);
    const summary = {
      ...summarized,
      summary: summarized.summary.map(link),
      said: summarized.said.map(link),
      roleEvidence: summarized.roleEvidence.map((role) => ({ ...role, sentence: link(role.sentence) })),
    };
    const secret = this.secretIn({ summary: summary.summary, said: summary.said, roles: summary.roleEvidence, citations: summary.citations });
    if (!secret) return this.redactConfiguredToken(summary);
    this.dependencies.log(`An actor summary would have quoted ${secret}; withheld. Remove that text from the corpus and reindex.`);
    return this.redactConfiguredToken({ ...summary, summary: [], said: [], roleEvidence: [], citations: [] });
  }

  /**
   * Names and metadata (an actor's name, a source, an author) are not quotes: the configured
   * DISCORD_TOKEN, which need not look like a token, is redacted from them rather than withheld.
   */
  private redactConfiguredToken<T>(value: T): T {
    const token = this.config.DISCORD_TOKEN?.trim();
    return token && token.length >= 6 ? redactSecretsDeep(value, [token]) : value;
  }

  /** Adds each quote's links (and its copies'), made from the generation that quoted it. */
  private linksIn(served: ServedGeneration): <T extends CitedSpan & { copies?: CitedSpan[] }>(span: T) => T {
    const { generation } = served;
    const links = (span: QuotedSpan): QuoteLinks => {
      const document = generation.document(span.docId);
      return document ? this.linker.linksFor(span, document, generation.name) : {};
    };
    return (span) => withQuoteLinks(span, links);
  }

  async servedDocument(docId: string): Promise<ServedDocument | null> {
    const { generation } = await this.serve();
    const document = generation.document(docId);
    if (!document) return null;
    // The same last guard as for a reply: a page never shows what looks like this project's secrets.
    const secret = findSecret(document.text, [this.config.DISCORD_TOKEN]);
    if (secret) {
      this.dependencies.log(`The source viewer withheld ${docId}: it holds ${secret}. Remove that text from the corpus and reindex.`);
      return null;
    }
    return { docId: document.docId, text: document.text, meta: document.meta, hash: document.hash, generation: generation.name };
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
    return this.redactConfiguredToken((await this.serve()).actors.list(limit));
  }

  async suggestActors(partial: string, limit: number) {
    return this.redactConfiguredToken((await this.serve()).actors.suggest(partial, limit));
  }

  async sources(): Promise<SourceListing[]> {
    const { generation } = await this.serve();
    return generation.servedDocuments().map((d) =>
      this.redactConfiguredToken({
        docId: d.docId,
        title: this.secretIn({ title: d.meta.title }) ? '[title withheld: it looks like a secret]' : d.meta.title,
        source: d.meta.source,
        url: d.meta.url,
        published: d.meta.published,
        passages: d.passages,
        chars: d.chars,
      }),
    );
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
      corpusWriter: this.dependencies.corpusWriter ?? corpusFolderWriter,
      rebuild: (options: ReindexOptions) => this.rebuild(options, true),
      servedGeneration: async () => this.currentGeneration() ?? (await readCurrentGenerationName(this.config.INDEX_DIR)),
    };
  }

  /** One audited rebuild; with `swap`, the new generation is loaded and served before returning. */
  private async rebuild(options: ReindexOptions, swap: boolean): Promise<BuildReport> {
    this.ownRebuilds++;
    try {
      return await this.rebuildOnce(options, swap);
    } finally {
      this.ownRebuilds--;
      // Another process's swap announced while this rebuild ran (one refused as busy) is served now.
      const missed = this.missedSwap;
      this.missedSwap = null;
      if (this.ownRebuilds === 0 && missed && this.served && this.served.generation.name !== missed) this.followSwap(missed);
    }
  }

  private async rebuildOnce(options: ReindexOptions, swap: boolean): Promise<BuildReport> {
    const { config, dependencies } = this;
    const started = performance.now();
    const force = options.force === true;
    const runner = (this.runner ??= dependencies.rebuildRunner ?? inProcessRebuildRunner({ embedder: await this.embedder(), log: dependencies.log }));
    let unwritable = false;
    // Edits killed before their rebuild (a saved file never served, a removed file still served)
    // are completed by this one and audited with it; their journals go once it succeeds.
    const interrupted = await interruptedEdits(config.INDEX_DIR, dependencies.log);
    for (const { edit } of interrupted) {
      if (edit.kind !== 'remove') continue;
      // Killed before its files went: completing the removal removes them now.
      for (const article of edit.articles) await removeArticleFiles(config.CORPUS_DIR, article.docId).catch(() => undefined);
    }
    const completedEdits: CompletedEdit[] = interrupted.map(({ edit }) => ({ kind: edit.kind, requestedBy: edit.requestedBy, startedAt: edit.startedAt, articles: edit.articles }));
    const articles = [...(options.articles ?? []), ...completedEdits.flatMap((edit) => edit.articles)];
    const audit = async (entry: Partial<AuditEntry> & Pick<AuditEntry, 'outcome' | 'reason'>) => {
      const complete: AuditEntry = {
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
        ...(articles.length > 0 ? { articles } : {}),
        ...(completedEdits.length > 0 ? { completedEdits } : {}),
        ...entry,
      };
      await appendAuditEntry(config.INDEX_DIR, complete).catch((error: unknown) => {
        // An unwritable index folder is reported once, by the error the caller receives.
        if (!unwritable) dependencies.log(`Could not append to the audit log: ${(error as Error).message}`);
      });
      // With PostgreSQL, every process's rebuilds are also audited in the one database.
      await this.postgres?.appendAuditEntry(complete).catch((error: unknown) => {
        dependencies.log(`Could not append to the audit log in PostgreSQL: ${(error as Error).message.split('\n')[0]}`);
      });
    };
    try {
      const buildLocally = () =>
        runner(
          { corpusDir: config.CORPUS_DIR, indexDir: config.INDEX_DIR, maxFileBytes: config.MAX_FILE_BYTES, force, requestedBy: options.requestedBy },
          options.onProgress ?? (() => {}),
        );
      // With STORE=postgres the build still writes locally, then is published under the database's
      // one build lock, and every process (this one too) swaps on the notification.
      const report = this.postgres ? await this.postgres.buildAndPublish(buildLocally) : await buildLocally();
      // A process that serves nothing yet and said it needs no generation after the build (the CLI) skips the load.
      if (swap && (dependencies.serveAfterRebuild !== false || this.served || this.loading)) {
        // Load the new generation completely (every file checked) before anything is swapped.
        const loaded = await this.load();
        if (loaded.generation.name !== report.generation) {
          dependencies.log(`The new generation ${report.generation} did not load; serving ${loaded.generation.name}.`);
        }
        this.swapIn(loaded);
      }
      // A note (e.g. generations pruned for space) is the operator's to read: logged, and kept as the reason.
      for (const note of report.notes ?? []) dependencies.log(note);
      await audit({
        outcome: 'ok',
        reason: report.notes && report.notes.length > 0 ? report.notes.join(' ') : null,
        generation: report.generation,
        documents: report.documents,
        added: report.added.length,
        changed: report.changed.length,
        removed: report.removed.length,
        skipped: report.skipped.length,
      });
      for (const { file } of interrupted) await rm(file, { force: true }).catch(() => undefined);
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

  private followingSwaps = false;
  /** This process's own rebuilds in flight: the `current` they move is swapped in by the rebuild itself. */
  private ownRebuilds = 0;
  private stopWatchingCurrent: (() => void) | null = null;
  /** A swap by another process noticed while this process was rebuilding, followed once it is done. */
  private missedSwap: string | null = null;

  /** Serves a loaded generation; with PostgreSQL, lets go of the one it replaces (so it can be pruned). */
  private swapIn(loaded: ServedGeneration): void {
    const previous = this.served;
    this.served = loaded;
    // Each load holds its generation once; the object replaced lets go of its hold.
    if (previous?.fromPostgres && previous !== loaded) void this.postgres?.release(previous.generation.name);
    this.followSwaps();
  }

  /**
   * With PostgreSQL: whenever any process swaps in a generation, load it and serve it. Questions in
   * flight keep the generation they started with; a load that fails leaves the served one.
   */
  private followSwaps(): void {
    if (this.followingSwaps) return;
    this.followingSwaps = true;
    if (!this.postgres) {
      // Local files: another process (a shard, the CLI) that builds moves INDEX_DIR/current.
      this.stopWatchingCurrent = watchCurrentPointer(this.config.INDEX_DIR, (name) => {
        if (this.ownRebuilds > 0) this.missedSwap = name;
        else if (this.served?.generation.name !== name) this.followSwap(name);
      });
      return;
    }
    const postgres = this.postgres;
    void postgres.onSwap((name) => {
      // Until the new generation is loaded (or if it cannot be), the served one withholds what its build withdrew.
      const served = this.served?.fromPostgres;
      if (served) postgres.refreshWithheld(served).catch((error: unknown) => this.dependencies.log(`Could not read the withdrawn documents after a swap: ${(error as Error).message.split('\n')[0]}`));
      if (this.served?.generation.name === name) return;
      this.followSwap(name);
    });
  }

  /** Loads and serves the generation another process swapped in. */
  private followSwap(name: string): void {
    this.load().then(
      (loaded) => {
        // A rebuild of this process that finished meanwhile has swapped in what it built: keep it.
        if (this.ownRebuilds > 0) this.missedSwap = name;
        if (this.ownRebuilds === 0 && this.served?.generation.name !== loaded.generation.name) {
          this.swapIn(loaded);
          this.dependencies.log(`Now serving generation ${loaded.generation.name} (swapped by another process).`);
        } else if (loaded.fromPostgres) void this.postgres?.release(loaded.generation.name);
      },
      (error: unknown) => this.dependencies.log(`Could not load generation ${name} after its swap: ${(error as Error).message}`),
    );
  }

  private async load(): Promise<ServedGeneration> {
    const { log } = this.dependencies;
    const embedder = await this.embedder();
    if (this.postgres) {
      const { generation, retriever } = await this.postgres.openServed(embedder);
      return { ...this.servedOver(generation, embedder, actorRegistryOf(generation), { retriever }), fromPostgres: generation };
    }
    let actors: ActorRegistry | undefined;
    // The actor registry is checked as part of loading: a generation whose actors.json does not
    // read (edited by hand, its checksum fixed to match) is damaged, and an older one serves.
    const generation = await loadServedGeneration(this.config.INDEX_DIR, embedder, {
      warn: log,
      accept: (candidate) => {
        actors = actorRegistryOf(candidate);
      },
    });
    return this.servedOver(generation, embedder, actors!, {});
  }

  /** The answerer over a loaded generation (local or PostgreSQL) and its actor registry. */
  private servedOver(generation: IndexGeneration | PostgresGeneration, embedder: Embedder, actors: ActorRegistry, options: { retriever?: Retriever }): ServedGeneration {
    this.wordVectors ??= { store: openWordVectorCache(this.config.INDEX_DIR, embedder, this.dependencies.log) };
    const answerer = createAnswerer(generation, embedder, { maxQuestionChars: this.config.MAX_QUESTION_CHARS, retriever: options.retriever, wordVectors: this.wordVectors.store });
    return { generation, answerer, actors };
  }

  /** The served generation; loads it on first use, building it first when there is none. */
  private async serve(): Promise<ServedGeneration> {
    if (this.served) return this.served;
    this.loading ??= (async () => {
      await this.cleanUpOnce();
      await this.completeInterruptedEdits();
      try {
        return await this.load();
      } catch (error) {
        // No index yet, or one built by another model or format: build one with this model. A
        // generation is never served with vectors of another model, and never mixed with them.
        const rebuildable = error instanceof IndexError && (error.code === 'missing' || error.code === 'model-mismatch' || error.code === 'format');
        if (!rebuildable) throw error;
        const why =
          error.code === 'missing'
            ? `No index in ${this.config.INDEX_DIR} yet: building it from ${this.config.CORPUS_DIR} (first run).`
            : `The index in ${this.config.INDEX_DIR} was built ${error.code === 'format' ? 'in an older format' : 'by another embedding model'}: rebuilding it from ${this.config.CORPUS_DIR} with ${(await this.embedder()).id}.`;
        // Said once the build has really started (it holds the lock), so a build that cannot start
        // (an unwritable folder, another build running) is reported in one line of its own.
        let announced = false;
        const announce = () => {
          if (!announced) this.dependencies.log(why);
          announced = true;
        };
        const buildOrWait = async () => {
          try {
            await this.rebuild({ requestedBy: error.code === 'missing' ? 'first run' : 'model change', onProgress: announce }, false);
          } catch (buildError) {
            if (!(buildError instanceof BuildInProgressError)) throw buildError;
            await this.waitForOtherBuild();
          }
        };
        await buildOrWait();
        try {
          return await this.load();
        } catch (afterWait) {
          // What held the lock may have been another process's start-up clean-up, not a build
          // (two first-run commands at once): still no index, so build it now.
          if (!(afterWait instanceof IndexError && afterWait.code === 'missing')) throw afterWait;
          await buildOrWait();
          return this.load();
        }
      }
    })().finally(() => {
      this.loading = null;
    });
    const loaded = await this.loading;
    // A reindex that finished meanwhile has swapped in something newer: keep it.
    if (!this.served) this.swapIn(loaded);
    else if (loaded.fromPostgres && loaded !== this.served) void this.postgres?.release(loaded.generation.name);
    return this.served ?? loaded;
  }

  /** Another process is building the first index: wait for it (bounded) instead of failing. */
  private async waitForOtherBuild(): Promise<void> {
    const timeoutMs = this.dependencies.buildWaitMs ?? 10 * 60_000;
    this.dependencies.log(`Another process is building the index in ${this.config.INDEX_DIR}: waiting for it (up to ${Math.round(timeoutMs / 1000)} s).`);
    const holder = await waitForBuildToFinish(this.config.INDEX_DIR, { timeoutMs });
    if (holder) throw new BuildWaitTimeoutError(this.config.INDEX_DIR, timeoutMs, holder);
  }

  /**
   * At start: an add or remove killed before its rebuild is completed now (see
   * src/service/pending-edits.ts), in the requester's name. A failure is logged, never fatal:
   * the index on disk still serves, and the next build tries again.
   */
  private async completeInterruptedEdits(): Promise<void> {
    const interrupted = await interruptedEdits(this.config.INDEX_DIR, this.dependencies.log);
    if (interrupted.length === 0) return;
    const requesters = [...new Set(interrupted.map(({ edit }) => edit.requestedBy))];
    const described = interrupted.map(({ edit }) => `${edit.kind} by ${edit.requestedBy} at ${edit.startedAt} (${edit.articles.map((a) => a.input).join(', ')})`).join('; ');
    this.dependencies.log(`Completing edits that stopped before their rebuild: ${described}.`);
    try {
      await this.rebuild({ requestedBy: requesters.length === 1 ? requesters[0]! : 'start-up recovery' }, false);
    } catch (error) {
      if (!(error instanceof BuildFailedError) || this.dependencies.logBuildFailures === false) {
        this.dependencies.log(`Could not complete the interrupted edits yet (${(error as Error).message.split('\n')[0]}); the next build will.`);
      }
    }
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

/**
 * The actor registry saved with a generation, or an IndexError (which makes the generation count
 * as damaged) when it is missing, of another format, or not a registry.
 */
function actorRegistryOf(generation: IndexGeneration | PostgresGeneration): ActorRegistry {
  const where = `The actor registry ${ACTORS_ARTEFACT} of generation ${generation.name}`;
  const actorsJson = generation.artefact(ACTORS_ARTEFACT);
  if (!actorsJson) throw new IndexError('corrupt', `The index generation ${generation.name} has no actor registry. Run: npm run index`);
  let actorData: ActorRegistryData;
  try {
    actorData = JSON.parse(actorsJson) as ActorRegistryData;
  } catch {
    throw new IndexError('corrupt', `${where} is not valid JSON. Run: npm run index`);
  }
  const version = (actorData as Partial<ActorRegistryData> | null)?.formatVersion;
  if (version !== ACTOR_REGISTRY_FORMAT_VERSION) {
    // An older registry lacks what summaries read (e.g. the tags decided at build time): rebuild, never guess.
    throw new IndexError('format', `${where} has format ${String(version)}; this version reads ${ACTOR_REGISTRY_FORMAT_VERSION}. Run: npm run index`);
  }
  const isStrings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const wellFormed =
    Array.isArray(actorData.actors) &&
    Array.isArray(actorData.ambiguous) &&
    actorData.actors.every(
      (actor) =>
        actor !== null &&
        typeof actor === 'object' &&
        typeof actor.id === 'string' &&
        typeof actor.name === 'string' &&
        isStrings(actor.aliases) &&
        isStrings(actor.docIds) &&
        Array.isArray(actor.roles) &&
        Array.isArray(actor.mentions),
    );
  if (!wellFormed) throw new IndexError('corrupt', `${where} is not an actor registry. Run: npm run index`);
  try {
    return new ActorRegistry(actorData, generation);
  } catch (error) {
    throw new IndexError('corrupt', `${where} could not be read (${(error as Error).message.split('\n')[0]}). Run: npm run index`);
  }
}

/** A build error nobody anticipated (ENOSPC, EIO, a bug), as one line saying the old index still serves. */
function asBuildFailure(error: unknown, served: string | null): BuildFailedError {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
  const keeps = served ? `the index keeps serving generation ${served}` : 'the index on disk is unchanged';
  return new BuildFailedError(`The index build failed (${message}); ${keeps}.`, { cause: error });
}

/** How often a process serving local files looks whether another process moved `current`. */
const CURRENT_POLL_MS = 500;

/**
 * Calls `changed` with the generation INDEX_DIR/current names whenever it changes (a build's
 * atomic rename). A stat poll rather than inotify: it sees the rename on every file system,
 * a network one included, at the cost of one stat per half second; it keeps no process alive.
 */
function watchCurrentPointer(indexDir: string, changed: (generation: string) => void): () => void {
  const file = currentPointerFile(indexDir);
  const listener = (now: Stats, before: Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.ino === before.ino) return;
    void readCurrentGenerationName(indexDir).then((name) => {
      if (name) changed(name);
    });
  };
  watchFile(file, { interval: CURRENT_POLL_MS, persistent: false }, listener);
  return () => unwatchFile(file, listener);
}

/** Creates the service over `config.INDEX_DIR`; nothing is loaded until the first call. */
export function createVerbatimService(config: VerbatimConfig, dependencies: ServiceDependencies): VerbatimService {
  return new LocalVerbatimService(config, dependencies);
}
