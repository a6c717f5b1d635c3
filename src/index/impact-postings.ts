import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../files/index.js';

/**
 * Impact-ordered postings: for each term held by more than `IMPACT_MIN_PASSAGES` passages, its
 * `IMPACT_DEPTH` passages with the largest BM25 part (FTS5's own bm25() of the term alone, so a
 * sum of parts is what bm25() gives a query of several terms), best first, and the bound: the
 * largest part among the postings left out (0 when the list is complete). A common term then
 * costs one indexed read of a few thousand entries instead of FTS5 scoring its every posting
 * (≈ 0.7 µs each: tens of milliseconds for "said" at a million passages).
 *
 * The table is derived from the FTS5 table alone, so a build (full or incremental) writes it
 * anew after FTS5's `optimize`: every part depends on the passage count, which any change moves.
 */
export const IMPACT_POSTINGS_TABLE = 'term_impacts';

/** Terms held by at most this many passages get no list: FTS5 scores them in under a millisecond. */
export const IMPACT_MIN_PASSAGES = 512;

/** Postings kept per term, best first (12 bytes each: a 48 KB read for a common term). */
export const IMPACT_DEPTH = 4096;

export interface ImpactList {
  /** Passage positions, by descending part (ties by position). */
  passages: Int32Array;
  parts: Float64Array;
  /** No passage left out of the list has a larger part than this (0: the list is complete). */
  bound: number;
}

/** Writes (or rewrites) the impact lists of the store's FTS5 table; the caller's `optimize` comes first. */
export function writeImpactPostings(db: Database.Database, options: { minPassages?: number; depth?: number } = {}): void {
  const minPassages = options.minPassages ?? IMPACT_MIN_PASSAGES;
  const depth = options.depth ?? IMPACT_DEPTH;
  db.exec(`DROP TABLE IF EXISTS ${IMPACT_POSTINGS_TABLE}`);
  db.exec(`CREATE TABLE ${IMPACT_POSTINGS_TABLE} (term TEXT PRIMARY KEY, bound REAL NOT NULL, passages BLOB NOT NULL, parts BLOB NOT NULL)`);
  const terms = db.prepare<[number], string>('SELECT term FROM term_passages WHERE passages > ? ORDER BY term').pluck().all(minPassages);
  const best = db.prepare<[string, number], { passage: number; part: number }>(
    'SELECT rowid AS passage, -bm25(passage_terms) AS part FROM passage_terms WHERE passage_terms MATCH ? ORDER BY part DESC, rowid LIMIT ?',
  );
  const insert = db.prepare(`INSERT INTO ${IMPACT_POSTINGS_TABLE} (term, bound, passages, parts) VALUES (?, ?, ?, ?)`);
  db.exec('BEGIN');
  try {
    for (const term of terms) {
      const rows = best.all(`"${term.replace(/"/g, '""')}"`, depth + 1);
      const kept = rows.slice(0, depth);
      const passages = Int32Array.from(kept, (row) => row.passage);
      const parts = Float64Array.from(kept, (row) => row.part);
      insert.run(term, rows.length > depth ? rows[depth]!.part : 0, Buffer.from(passages.buffer), Buffer.from(parts.buffer));
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * {@link writeImpactPostings} on a store file no connection holds open, written the way the
 * store itself was (no journal: a crash leaves a temporary folder, never a generation).
 */
export function writeImpactPostingsInto(file: string, open: (file: string) => Database.Database): void {
  const db = open(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    writeImpactPostings(db);
  } finally {
    db.close();
  }
}


/**
 * Writes the impact lists of a closed store file on a worker thread (about a second at 20k
 * passages, scoring every posting of every common term), so that the build's main thread does
 * the actor registry or writes the other files meanwhile. A worker that cannot start or dies is
 * replaced by `fallback` (the same writing on the calling thread); a failure of the writing
 * itself rejects, as it would on the main thread.
 */
export function writeImpactPostingsOffThread(file: string, fallback: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const onThisThread = () => {
      if (settled) return;
      settled = true;
      try {
        fallback();
        resolve();
      } catch (error) {
        reject(error as Error);
      }
    };
    let worker: Worker;
    try {
      worker = startModuleWorker(import.meta.url, 'impact-postings-worker', { file });
    } catch {
      onThisThread();
      return;
    }
    worker.on('message', (message: { type: 'done' } | { type: 'failed'; message: string; code?: unknown }) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (message.type === 'done') return resolve();
      const failure = new Error(`Writing the lexical index's impact lists failed: ${message.message}`) as Error & { code?: unknown };
      if (message.code !== undefined) failure.code = message.code;
      reject(failure);
    });
    // Could not load (or died before answering): the same work on this thread.
    worker.on('error', onThisThread);
    worker.on('exit', onThisThread);
  });
}

/** Reads the impact lists of a generation; `hasTable` is false for a generation written before them. */
export class ImpactPostings {
  readonly hasTable: boolean;
  private readonly read: Database.Statement<[string], { bound: number; passages: Buffer; parts: Buffer }> | undefined;

  constructor(db: Database.Database) {
    this.hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(IMPACT_POSTINGS_TABLE) !== undefined;
    this.read = this.hasTable ? db.prepare(`SELECT bound, passages, parts FROM ${IMPACT_POSTINGS_TABLE} WHERE term = ?`) : undefined;
  }

  /** The term's list, or undefined when it has none (a rare term, or no table). */
  listOf(term: string): ImpactList | undefined {
    const row = this.read?.get(term);
    if (!row) return undefined;
    // Copied out: SQLite's Buffer need not sit at an offset a typed array can view.
    const passages = new Int32Array(row.passages.length / 4);
    new Uint8Array(passages.buffer).set(row.passages);
    const parts = new Float64Array(row.parts.length / 8);
    new Uint8Array(parts.buffer).set(row.parts);
    return { passages, parts, bound: row.bound };
  }
}
