/**
 * The worker thread of `writeImpactPostingsOffThread`: opens the store file the build has just
 * written and closed, writes its impact lists, closes it, and says so.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { writeImpactPostingsInto } from './impact-postings.js';

try {
  writeImpactPostingsInto((workerData as { file: string }).file, (file) => new Database(file));
  parentPort!.postMessage({ type: 'done' });
} catch (error) {
  // The code travels too: SQLITE_FULL makes the build prune older generations and try again.
  parentPort!.postMessage({ type: 'failed', message: (error as Error).message, code: (error as { code?: unknown }).code });
}
