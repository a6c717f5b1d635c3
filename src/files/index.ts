/**
 * Files that survive a crash, and processes that may have died: the ground floor that the
 * embedded-model build, the index build and the corpus writer share. Every writer goes through
 * these, so "written" always means "on disk", and "stale" always means "its process is gone".
 */
export {
  createFileExclusively,
  exclusiveTemporaryPrefix,
  isProcessAlive,
  pidOfExclusiveTemporary,
  replaceFileAtomically,
  syncFolder,
  writeFileDurably,
  type CreatingFileSystem,
  type DurableFileSystem,
  type ReplacingFileSystem,
} from './durable.js';
export { startModuleWorker } from './module-worker.js';
