/**
 * What the service offers its front ends (the bot, the terminal, the evaluation): the
 * `VerbatimService` interface, its options and what it returns. `articles.ts` reads
 * its options and reports from here, so the implementation and its halves never import each other.
 */
import type { ActorListing, ActorSummary } from '../actors/types.js';
import type { Answer } from '../answer/types.js';
import type { ArticleInput, removeArticleFiles, saveArticle } from '../corpus/index.js';
import type { DocumentMeta } from '../corpus/types.js';
import type { Embedder } from '../embedding/embedder.js';
import type { AuditEntry, AuditedArticle, BuildProgress, BuildReport } from '../index/index.js';
import type { RebuildRunner } from '../rebuild/index.js';
import type { ModeratorStats } from './stats.js';
import type { FeedbackRecord } from './feedback-record.js';

export interface AskOptions {
  /**
   * Whether a withheld answer records the question for moderators (default true when the service
   * records at all, see {@link ServiceDependencies.recordUnanswered}). A claim checked with "Check
   * with Verbatim" is someone else's message, not a question asked: not recorded.
   */
  recordIfWithheld?: boolean;
}

/** A document as listed by `sources --json`. */
export interface SourceListing {
  docId: string;
  title: string;
  source: string | null;
  url: string | null;
  published: string | null;
  passages: number;
  chars: number;
}

export interface ReindexOptions {
  /** A Discord user id, or "cli". Recorded in the audit log. */
  requestedBy: string;
  /** Accept a build that would serve far less than before (no documents, or half of them gone). */
  force?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  /** The articles an add or remove changed, for the audit log. */
  articles?: AuditedArticle[];
}

/**
 * Everything the bot and the command line can do, over one served index generation.
 * Both front ends receive this object; neither reaches past it into the stages.
 */
export interface VerbatimService {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /**
   * For moderators: the questions the corpus could not answer (most asked first), the answers voted
   * down and the vote totals, from the unanswered and feedback files (`/stats`, `npm run stats`).
   */
  stats(): Promise<ModeratorStats>;
  /** Every rebuild attempt recorded in INDEX_DIR/audit.jsonl, oldest first. */
  auditLog(): Promise<AuditEntry[]>;
  actor(query: string): Promise<ActorSummary>;
  /** Actors, most mentioned first. */
  actors(limit?: number): Promise<ActorListing[]>;
  /** Actors whose name or alias starts with / contains `partial`, for autocomplete (fast, no model call). */
  suggestActors(partial: string, limit: number): Promise<ActorListing[]>;
  sources(): Promise<SourceListing[]>;
  reindex(options: ReindexOptions): Promise<BuildReport>;
  /**
   * Fetches or reads each input, saves its article into the corpus folder and rebuilds once. An
   * input that cannot be added is listed in `skipped` with a one-line reason; the others are added.
   * If the rebuild fails, every file it saved is taken back and the error is thrown.
   */
  add(inputs: readonly ArticleInput[], options: ArticleChangeOptions): Promise<AddReport>;
  /**
   * Removes articles from the corpus folder by docId and rebuilds. An unknown docId refuses the
   * whole request before anything changes (UnknownDocumentError); a failed rebuild puts the files back.
   */
  remove(docIds: readonly string[], options: ArticleChangeOptions): Promise<RemoveReport>;
  /** The generation being served, e.g. `g-20251125T150102-ab12cd`; null before the first load. */
  currentGeneration(): string | null;
  /**
   * A document of the served generation, or null when it serves none by that id (never indexed,
   * or removed: a removed article is never shown again).
   */
  servedDocument(docId: string): Promise<ServedDocument | null>;
  /** Lets go of what keeps the process alive (PostgreSQL connections with STORE=postgres). */
  close?(): Promise<void>;
  /**
   * With STORE=postgres: the votes and the reply memory every bot process shares, in the database
   * (null with local files: FEEDBACK_FILE and ANSWER_MEMORY_FILE of this process).
   */
  sharedBotMemory?(): Promise<SharedBotMemory | null>;
}

/** The bot's memory kept in the shared store (see {@link VerbatimService.sharedBotMemory}). */
export interface SharedBotMemory {
  votes: { append(record: FeedbackRecord): Promise<void>; read(): Promise<FeedbackRecord[]> };
  /** Replies by button key (the bot's RememberedReply records, stored as they are). */
  replies<R extends object>(): { remember(key: string, reply: R): Promise<void>; recall(key: string): Promise<R | undefined> };
}

/** How edits write the corpus folder: the corpus stage's own writers (tests wrap them to inject ENOSPC or EROFS). */
export interface CorpusWriter {
  save: typeof saveArticle;
  remove: typeof removeArticleFiles;
}

/** A document as the served generation holds it, for the source viewer. */
export interface ServedDocument {
  docId: string;
  /** The text exactly as indexed: every quote's offsets point into it. */
  text: string;
  meta: DocumentMeta;
  /** sha256 of the text and its metadata (hex), as the manifest records it. */
  hash: string;
  /** The generation that serves it. */
  generation: string;
}

export interface ServiceDependencies {
  /**
   * The embedding model, or how to load it: a loader is called once, on the first call that needs
   * the model, so commands that only read files (stats, audit-log) never load it.
   */
  embedder: Embedder | (() => Promise<Embedder>);
  /** One line for an operator (stderr in the CLI, the structured log in the bot). */
  log: (line: string) => void;
  /**
   * Where rebuilds run. Default: in this process (the CLI). The bot passes a
   * `childProcessRebuildRunner` so that questions keep being answered during a build.
   */
  rebuildRunner?: RebuildRunner;
  /**
   * How long a first-run command waits for a build another process is running before it gives
   * up with a one-line message. Default 10 minutes.
   */
  buildWaitMs?: number;
  /**
   * Whether a failed build is also logged (default true: the bot's operators read the log). The
   * CLI prints the error it receives and turns this off, so the failure is said once.
   */
  logBuildFailures?: boolean;
  /**
   * Whether a rebuild loads the generation it built and serves it before returning (default
   * true). The CLI, which exits after its one command, turns it off when nothing is served yet:
   * loading (every file checked, the graph and the registry read) is work no one would use;
   * a later call that needs the index loads it then.
   */
  serveAfterRebuild?: boolean;
  /**
   * Record each withheld question (text and time, never who) in the unanswered file. The front
   * ends (the bot, `npm run ask`) turn it on; tests and evaluations that ask many questions leave it off.
   */
  recordUnanswered?: boolean;
  /** How adds and removes write the corpus folder. Default: the corpus stage's writers; tests inject disk faults. */
  corpusWriter?: CorpusWriter;
}

/** An article now in the corpus, as `add --json` prints it. */
export interface AddedArticle {
  docId: string;
  title: string;
  source: string | null;
  url: string | null;
  published: string | null;
  author: string | null;
  /** The file in CORPUS_DIR. */
  file: string;
  /** True when it replaced an article saved earlier from the same URL. */
  updated: boolean;
}

/** An input that was not added, and why (one line). */
export interface SkippedInput {
  input: string;
  reason: string;
}

export interface AddReport {
  added: AddedArticle[];
  skipped: SkippedInput[];
  /** The generation served afterwards (unchanged when nothing was added); null when there is no index. */
  generation: string | null;
}

export interface RemoveReport {
  removed: string[];
  generation: string | null;
}

export interface ArticleChangeOptions {
  /** A Discord user id, or "cli". Recorded in the audit log. */
  requestedBy: string;
  onProgress?: (progress: BuildProgress) => void;
}
