import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Embedder } from '../embedding/embedder.js';

/**
 * Single words' vectors by one model, kept between questions and between processes. A pretrained
 * transformer costs about a millisecond a word, and a question brings a few hundred new words
 * with its candidate sentences: without a store, the first questions after a start spend most of
 * their time embedding words (measured: 90–450 ms of 170–610 ms per new question on the seeds).
 */
export interface WordVectorStore {
  /** The stored vectors of the words it holds; null for a word the model does not know. */
  lookup(words: readonly string[]): Map<string, Float32Array | null>;
  /** Keeps these vectors; a store that cannot write keeps serving what it holds. */
  save(vectors: ReadonlyMap<string, Float32Array | null>): void;
  close(): void;
}

/** Bumped when the file's layout changes: a file of another format is started afresh. */
const WORD_VECTOR_CACHE_FORMAT = 1;

/** The folder under the index folder that holds one cache file per model. */
export const WORD_VECTOR_CACHE_FOLDER = 'word-vectors';

/** SQLite binds at most 32,766 parameters; lookups go in chunks well below it. */
const LOOKUP_CHUNK = 500;

/** The cache file of a model: its id made safe as a file name, so two models never share one. */
export function wordVectorCacheFile(indexDir: string, modelId: string): string {
  return path.join(indexDir, WORD_VECTOR_CACHE_FOLDER, `${modelId.replace(/[^A-Za-z0-9.-]+/g, '_')}.sqlite`);
}

/**
 * The word-vector store of a pretrained model, in `INDEX_DIR/word-vectors/` (a cache: never part
 * of a generation, safe to delete). Undefined for a model whose word vectors are a table lookup
 * anyway (the embedded GloVe model, the hashing embedder), and when the file cannot be opened
 * even afresh: answering then embeds words as before.
 */
export function openWordVectorCache(indexDir: string, embedder: Embedder, log: (line: string) => void = () => {}): WordVectorStore | undefined {
  if (!embedder.provenance) return undefined;
  const file = wordVectorCacheFile(indexDir, embedder.id);
  try {
    return SqliteWordVectorStore.open(file, embedder, log);
  } catch (error) {
    // A damaged file (a crash mid-write, a disk error) is only a cache: start it again.
    log(`The word-vector cache ${file} could not be read (${(error as Error).message}); starting it afresh.`);
    try {
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      return SqliteWordVectorStore.open(file, embedder, log);
    } catch (again) {
      log(`The word-vector cache ${file} cannot be written (${(again as Error).message}); words are embedded per question. Check that INDEX_DIR is writable.`);
      return undefined;
    }
  }
}

class SqliteWordVectorStore implements WordVectorStore {
  private writeFailed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly dims: number,
    private readonly file: string,
    private readonly log: (line: string) => void,
  ) {}

  static open(file: string, embedder: Embedder, log: (line: string) => void): SqliteWordVectorStore {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      // Several processes (shards, a build process) share the file: readers never wait on a writer.
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      db.exec('CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, vector BLOB)');
      const expected = { format: String(WORD_VECTOR_CACHE_FORMAT), model: embedder.id, dims: String(embedder.dims) };
      const stored = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      if (Object.keys(stored).length === 0) {
        const insert = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
        db.transaction(() => Object.entries(expected).forEach(([key, value]) => insert.run(key, value)))();
      } else if (Object.entries(expected).some(([key, value]) => stored[key] !== value)) {
        throw new Error(`it holds ${stored.model ?? 'another model'} (format ${stored.format ?? '?'}), not ${embedder.id}`);
      }
      // A quick structural check: a file damaged inside fails here rather than mid-question.
      db.prepare('SELECT word, vector FROM words LIMIT 1').all();
      return new SqliteWordVectorStore(db, embedder.dims, file, log);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  lookup(words: readonly string[]): Map<string, Float32Array | null> {
    const found = new Map<string, Float32Array | null>();
    try {
      for (let i = 0; i < words.length; i += LOOKUP_CHUNK) {
        const chunk = words.slice(i, i + LOOKUP_CHUNK);
        const rows = this.db.prepare(`SELECT word, vector FROM words WHERE word IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as { word: string; vector: Buffer | null }[];
        for (const { word, vector } of rows) {
          if (vector === null) found.set(word, null);
          // A row of another length (a damaged write) is ignored: the word is embedded again.
          else if (vector.byteLength === this.dims * 4) found.set(word, new Float32Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength)));
        }
      }
    } catch (error) {
      this.warnOnce(`could not be read (${(error as Error).message})`);
    }
    return found;
  }

  save(vectors: ReadonlyMap<string, Float32Array | null>): void {
    if (this.writeFailed || vectors.size === 0) return;
    try {
      const insert = this.db.prepare('INSERT OR REPLACE INTO words (word, vector) VALUES (?, ?)');
      this.db.transaction(() => {
        for (const [word, vector] of vectors) insert.run(word, vector === null ? null : Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      })();
    } catch (error) {
      // Another process holding the file past the busy timeout loses only these words; a file
      // that cannot be written at all (read-only, disk full) is not tried again.
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return;
      this.writeFailed = true;
      this.warnOnce(`could not be written (${(error as Error).message})`);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private warned = false;
  private warnOnce(what: string): void {
    if (this.warned) return;
    this.warned = true;
    this.log(`The word-vector cache ${this.file} ${what}; words it lacks are embedded per question. Delete the file to start it afresh.`);
  }
}
