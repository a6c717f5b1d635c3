/** The index stage: building, checking, loading and swapping index generations. */
export { buildIndexGeneration, BuildRefusedError, type BuildOptions, type PreviousArtefacts } from './build.js';
export {
  acquireBuildLock,
  BuildInProgressError,
  buildLockFile,
  cleanUpAfterDeadBuilds,
  IndexFolderNotWritableError,
  liveBuildLock,
  readBuildLock,
  removeDeadBuildLeftovers,
  type BuildLockHolder,
  type BuildLockOptions,
  type HeldBuildLock,
  waitForBuildToFinish,
} from './build-lock.js';
export { appendAuditEntry, auditLogFile, readAuditLog, readAuditLogCounted, type AuditEntry, type AuditedArticle, type CompletedEdit, type RebuildOutcome } from './audit-log.js';
export {
  documentLayoutOf,
  IndexError,
  IndexGeneration,
  listGenerations,
  loadGeneration,
  loadServedGeneration,
  readCurrentGenerationName,
  type DocumentLayout,
  type ModelIdentity,
} from './index-generation.js';
export { currentPointerFile, generationsFolder, nodeFileSystem, type GenerationFileSystem } from './generation-files.js';
export { LexicalIndex } from './lexical-index.js';
export { preloadServedGeneration, type ArtefactParsers, type WarmGeneration } from './warm-generation.js';
/** Read by the PostgreSQL store, which copies a built generation's records (src/store/postgres/publish.ts). */
export { RecordStore } from './record-store.js';
export { BUILD_CACHE_SUFFIX, GENERATION_FILES, INDEX_FORMAT_VERSION, sealManifest, type IndexManifest } from './manifest.js';
export type { BuildProgress, BuildReport } from './types.js';
export { checkHnswFile, checkHnswHeader, efSearchFor, HNSW_PARAMETERS, LARGE_GRAPH_PASSAGES, VectorIndex, VectorSearchError, type VectorHit } from './vector-index.js';
export { openWordVectorCache, wordVectorCacheFile, WORD_VECTOR_CACHE_FOLDER, type WordVectorStore } from './word-vector-cache.js';
