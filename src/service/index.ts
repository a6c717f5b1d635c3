/**
 * The service stage's one face: everything the bot and the command line can do, over one served
 * index generation. Front ends import from here only.
 */
export { BuildWaitTimeoutError, createVerbatimService, isReportableBuildError, unansweredFileOf } from './local-service.js';
export type {
  AddedArticle,
  AddReport,
  ArticleChangeOptions,
  AskOptions,
  CorpusWriter,
  ReindexOptions,
  RemoveReport,
  ServedDocument,
  ServiceDependencies,
  SharedBotMemory,
  SkippedInput,
  SourceListing,
  VerbatimService,
} from './types.js';
export type { DownvotedAnswer, ModeratorStats, UnansweredQuestion, VoteTotals } from './stats.js';
export type { AuditEntry } from '../index/index.js';
