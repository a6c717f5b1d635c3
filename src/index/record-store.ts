import Database from 'better-sqlite3';
import type { CorpusDocument, Passage, ProcessedDocument, Sentence } from '../corpus/types.js';
import { searchTerms } from '../text/index.js';
import { writeImpactPostings } from './impact-postings.js';
import type { IncrementalLayout } from './incremental-layout.js';

/**
 * The generation's records and its lexical index in one SQLite file, so that serving reads them
 * from disk on demand instead of holding them as JavaScript objects. Documents keep their text;
 * passages and sentences their offsets and their text (the document's text at those offsets,
 * stored again so that a candidate passage is one small read, not its whole document); `passage_terms` is an FTS5 table over each passage's terms
 * as `searchTerms` analyses them (the project's own folding, stop words and stems), ranked by
 * FTS5's bm25(); `term_passages` holds each term's document frequency for rarity weights;
 * `term_impacts` each common term's best postings by BM25 part (impact-postings.ts). Each
 * passage and sentence row holds its vector (float32, little-endian), for scoring a candidate the lexical
 * search found and for the next build to reuse: the vectors held in memory are hnswlib's only.
 */
export const RECORD_STORE_SCHEMA = `
CREATE TABLE documents (position INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE passages (position INTEGER PRIMARY KEY, record TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL);
CREATE TABLE sentences (position INTEGER PRIMARY KEY, record TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL);
CREATE VIRTUAL TABLE passage_terms USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE term_passages (term TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Rows per transaction while writing: keeps SQLite's dirty pages, and the build's memory, bounded. */
const ROWS_PER_TRANSACTION = 20_000;

/**
 * Writes the records and the lexical index of a generation into a new SQLite file. The file is
 * written without a journal (a crash mid-way leaves a temporary folder that is discarded, never a
 * generation) and closed before it returns, so the caller can flush and checksum it.
 */
export function writeRecordStore(
  file: string,
  documents: readonly ProcessedDocument[],
  passageVectors: readonly Float32Array[],
  sentenceVectors: readonly Float32Array[],
  options: StoreWriting = {},
): void {
  const db = openNewStore(file);
  try {
    const writer = freshRowWriter(db);
    db.exec('BEGIN');
    let passagePosition = 0;
    let sentencePosition = 0;
    documents.forEach((processed, position) => {
      writer.document(processed, { document: position, passage: passagePosition, sentence: sentencePosition }, passageVectors, sentenceVectors);
      passagePosition += processed.passages.length;
      sentencePosition += processed.sentences.length;
    });
    for (const [term, passages] of writer.frequency) {
      writer.insertFrequency.run(term, passages);
      writer.committedEvery();
    }
    db.exec('COMMIT');
    // Merge FTS5's segments into one b-tree: smaller file, fewer pages read per query.
    db.exec("INSERT INTO passage_terms (passage_terms) VALUES ('optimize')");
    if (options.impacts !== false) writeImpactPostings(db);
  } finally {
    db.close();
  }
}

/** `impacts: false` leaves the impact lists to the caller (a build writes them on a worker thread), once the file is closed. */
export interface StoreWriting {
  impacts?: boolean;
}

/**
 * Writes a generation's records store from the served generation's (`servedFile`, only read) and
 * the documents added or changed since: the rows of unchanged documents are copied by SQL at their
 * new positions (their passages' analysed terms and every stored vector with them, nothing
 * analysed or embedded again), the fresh documents' rows written as {@link writeRecordStore}
 * writes them, and each term's document frequency carried over and corrected by the passages
 * dropped and added. The file holds the same rows at the same positions as a full build of the
 * corpus, so every search over it ranks alike. `passageVectors` and `sentenceVectors` are read at
 * the fresh documents' positions only.
 */
export function writeRecordStoreIncrementally(
  file: string,
  servedFile: string,
  layout: IncrementalLayout,
  documents: readonly ProcessedDocument[],
  passageVectors: readonly (Float32Array | undefined)[],
  sentenceVectors: readonly (Float32Array | undefined)[],
  options: StoreWriting = {},
): void {
  const db = openNewStore(file);
  try {
    // Only read: every statement on `served` is a SELECT, and a read in SQLite's rollback-journal
    // mode writes nothing, not even a journal beside the file. (URI filenames, which would say
    // mode=ro, are not enabled in this SQLite build.)
    db.prepare('ATTACH DATABASE ? AS served').run(servedFile);
    const writer = freshRowWriter(db);
    const copy = {
      documents: db.prepare('INSERT INTO documents (position, doc_id, record, text) SELECT position + ?, doc_id, record, text FROM served.documents WHERE position >= ? AND position < ? ORDER BY position'),
      passages: db.prepare('INSERT INTO passages (position, record, text, vector) SELECT position + ?, record, text, vector FROM served.passages WHERE position >= ? AND position < ? ORDER BY position'),
      sentences: db.prepare('INSERT INTO sentences (position, record, text, vector) SELECT position + ?, record, text, vector FROM served.sentences WHERE position >= ? AND position < ? ORDER BY position'),
      terms: db.prepare('INSERT INTO passage_terms (rowid, terms) SELECT rowid + ?, terms FROM served.passage_terms WHERE rowid >= ? AND rowid < ? ORDER BY rowid'),
    };
    const droppedTerms = db.prepare<[number, number], { terms: string }>('SELECT terms FROM served.passage_terms WHERE rowid >= ? AND rowid < ?');
    db.exec('BEGIN');
    for (const step of layout.steps) {
      if (step.kind === 'fresh') {
        writer.document(documents[step.document]!, step, passageVectors, sentenceVectors);
        continue;
      }
      const { from, to, count } = step;
      copy.documents.run(to.document - from.document, from.document, from.document + count.documents);
      copy.passages.run(to.passage - from.passage, from.passage, from.passage + count.passages);
      copy.terms.run(to.passage - from.passage, from.passage, from.passage + count.passages);
      copy.sentences.run(to.sentence - from.sentence, from.sentence, from.sentence + count.sentences);
    }
    // Document frequencies: the served ones, less the dropped passages', plus the fresh ones' (counted by the writer).
    const change = writer.frequency;
    for (const { from, count } of layout.dropped.passages) {
      for (const { terms } of droppedTerms.iterate(from, from + count)) {
        for (const term of new Set(terms.split(' ').filter((t) => t !== ''))) change.set(term, (change.get(term) ?? 0) - 1);
      }
    }
    db.exec('INSERT INTO term_passages (term, passages) SELECT term, passages FROM served.term_passages');
    const adjust = db.prepare('INSERT INTO term_passages (term, passages) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET passages = passages + excluded.passages');
    for (const [term, difference] of change) if (difference !== 0) adjust.run(term, difference);
    db.exec('DELETE FROM term_passages WHERE passages <= 0');
    db.exec('COMMIT');
    db.exec('DETACH DATABASE served');
    db.exec("INSERT INTO passage_terms (passage_terms) VALUES ('optimize')");
    // Written anew, not copied: every term's parts move with the passage count.
    if (options.impacts !== false) writeImpactPostings(db);
  } finally {
    db.close();
  }
}

/** A new, empty store file with the schema, written without a journal (see {@link writeRecordStore}). */
function openNewStore(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 4096');
    db.exec(RECORD_STORE_SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Writes one document's rows from its processed text (inside the caller's transaction), counting its passages' terms. */
function freshRowWriter(db: Database.Database) {
  const insertDocument = db.prepare('INSERT INTO documents (position, doc_id, record, text) VALUES (?, ?, ?, ?)');
  const insertPassage = db.prepare('INSERT INTO passages (position, record, text, vector) VALUES (?, ?, ?, ?)');
  const insertSentence = db.prepare('INSERT INTO sentences (position, record, text, vector) VALUES (?, ?, ?, ?)');
  const insertTerms = db.prepare('INSERT INTO passage_terms (rowid, terms) VALUES (?, ?)');
  const insertFrequency = db.prepare('INSERT INTO term_passages (term, passages) VALUES (?, ?)');
  const frequency = new Map<string, number>();
  let pending = 0;
  const committedEvery = () => {
    if (++pending < ROWS_PER_TRANSACTION) return;
    db.exec('COMMIT; BEGIN');
    pending = 0;
  };
  const document = (
    { document, passages, sentences }: ProcessedDocument,
    at: { document: number; passage: number; sentence: number },
    passageVectors: readonly (Float32Array | undefined)[],
    sentenceVectors: readonly (Float32Array | undefined)[],
  ) => {
    insertDocument.run(at.document, document.docId, JSON.stringify(withoutText(document)), document.text);
    committedEvery();
    let passagePosition = at.passage;
    for (const passage of passages) {
      // Each passage is analysed once: its terms feed FTS5 and the document frequencies alike.
      const terms = searchTerms(passage.text);
      for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
      const vector = passageVectors[passagePosition]!;
      insertPassage.run(passagePosition, JSON.stringify(withoutText(passage)), verbatim(document, passage), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      insertTerms.run(passagePosition++, terms.join(' '));
      committedEvery();
    }
    sentences.forEach((sentence, index) => {
      // Readers find sentence i of a document at its first sentence's position + i.
      if (sentence.index !== index) throw new Error(`${document.docId}: sentence ${index} has index ${sentence.index}`);
      const vector = sentenceVectors[at.sentence + index]!;
      insertSentence.run(at.sentence + index, JSON.stringify(withoutText(sentence)), verbatim(document, sentence), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      committedEvery();
    });
  };
  return { document, frequency, insertFrequency, committedEvery };
}

function withStoredText<T extends { text: string }>(row: { record: string; text: string }): T {
  return Object.assign(JSON.parse(row.record) as Omit<T, 'text'>, { text: row.text }) as T;
}

/** A stored vector as a Float32Array of its own (copied: a Buffer may start at any byte). */
function vectorOf(blob: Buffer): Float32Array {
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}

/** A span's text, checked to be its document's text at its offsets: what is stored is what is quoted. */
function verbatim(document: CorpusDocument, span: { start: number; end: number; text: string }): string {
  if (document.text.slice(span.start, span.end) !== span.text) throw new Error(`${document.docId}: a span at ${span.start}-${span.end} is not its document's text`);
  return span.text;
}

function withoutText<T extends { text: string }>(record: T): Omit<T, 'text'> {
  const { text: _text, ...rest } = record;
  return rest;
}

/** Documents whose text is kept in memory between reads: the ones a question's answer cites. */
const DOCUMENT_CACHE = 256;

/**
 * The read side of a generation's SQLite file: opened read-only, nothing read until asked.
 * Documents, passages and sentences are read from the file when a question needs them.
 */
export class RecordStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly documentCache = new Map<string, CorpusDocument>();

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.statements = {
      document: this.db.prepare<[string], { record: string; text: string }>('SELECT record, text FROM documents WHERE doc_id = ?'),
      passage: this.db.prepare<[number], { record: string; text: string; vector: Buffer }>('SELECT record, text, vector FROM passages WHERE position = ?'),
      passagesAt: this.db.prepare<[string], { position: number; record: string; text: string; vector: Buffer }>(
        'SELECT position, record, text, vector FROM passages WHERE position IN (SELECT value FROM json_each(?))',
      ),
      vectors: this.db.prepare<[], { vector: Buffer }>('SELECT vector FROM passages ORDER BY position'),
      sentenceTextsAndVectors: this.db.prepare<[], { text: string; vector: Buffer }>('SELECT text, vector FROM sentences ORDER BY position'),
      sentenceVector: this.db.prepare<[number], { vector: Buffer }>('SELECT vector FROM sentences WHERE position = ?'),
      sentence: this.db.prepare<[number], { record: string; text: string }>('SELECT record, text FROM sentences WHERE position = ?'),
      passageRange: this.db.prepare<[number, number], { record: string; text: string }>('SELECT record, text FROM passages WHERE position >= ? AND position < ? ORDER BY position'),
      sentenceRange: this.db.prepare<[number, number], { record: string; text: string }>('SELECT record, text FROM sentences WHERE position >= ? AND position < ? ORDER BY position'),
      // Positions run from 0 without gaps, so the last one tells the count: count(*) would read
      // every page of the table while the generation opens.
      counts: this.db.prepare<[], { documents: number; passages: number; sentences: number }>(
        `SELECT (SELECT coalesce(max(position) + 1, 0) FROM documents) AS documents,
                (SELECT coalesce(max(position) + 1, 0) FROM passages) AS passages,
                (SELECT coalesce(max(position) + 1, 0) FROM sentences) AS sentences`,
      ),
    };
  }

  /** The database connection, for the lexical index that shares it. */
  get database(): Database.Database {
    return this.db;
  }

  /** Rows in each table (one past the last position), to check against the manifest. */
  counts(): { documents: number; passages: number; sentences: number } {
    return this.statements.counts.get()!;
  }

  /** A document with its text; the most recently used are kept, since an answer cites the same
   * few documents several times over. */
  document(docId: string): CorpusDocument | undefined {
    const cached = this.documentCache.get(docId);
    if (cached) {
      this.documentCache.delete(docId);
      this.documentCache.set(docId, cached);
      return cached;
    }
    const row = this.statements.document.get(docId);
    if (!row) return undefined;
    const document = withStoredText<CorpusDocument>(row);
    if (this.documentCache.size >= DOCUMENT_CACHE) this.documentCache.delete(this.documentCache.keys().next().value!);
    this.documentCache.set(docId, document);
    return document;
  }

  /** A passage and its vector. */
  passageRecord(position: number): { passage: Passage; vector: Float32Array } | undefined {
    const row = this.statements.passage.get(position);
    return row && { passage: withStoredText<Passage>(row), vector: vectorOf(row.vector) };
  }

  /** {@link passageRecord} for many positions in one statement (about half the cost of a read each), by position. */
  passageRecordsAt(positions: readonly number[]): Map<number, { passage: Passage; vector: Float32Array }> {
    const found = new Map<number, { passage: Passage; vector: Float32Array }>();
    if (positions.length === 0) return found;
    for (const row of this.statements.passagesAt.all(JSON.stringify(positions))) found.set(row.position, { passage: withStoredText<Passage>(row), vector: vectorOf(row.vector) });
    return found;
  }

  /** Every passage vector, in position order, one at a time. */
  *vectors(): Generator<Float32Array> {
    for (const row of this.statements.vectors.iterate()) yield vectorOf(row.vector);
  }

  /** Every sentence's text and vector, in position order, one at a time: what a build reuses. */
  *sentenceTextsAndVectors(): Generator<{ text: string; vector: Float32Array }> {
    for (const row of this.statements.sentenceTextsAndVectors.iterate()) yield { text: row.text, vector: vectorOf(row.vector) };
  }

  /** The text and vector of the sentences at positions `from` (inclusive) to `to` (exclusive). */
  *sentenceTextsAndVectorsIn(from: number, to: number): Generator<{ text: string; vector: Float32Array }> {
    for (const row of this.db.prepare<[number, number], { text: string; vector: Buffer }>('SELECT text, vector FROM sentences WHERE position >= ? AND position < ? ORDER BY position').iterate(from, to)) {
      yield { text: row.text, vector: vectorOf(row.vector) };
    }
  }

  /** The vector a build stored for the sentence at a position. */
  sentenceVector(position: number): Float32Array | undefined {
    const row = this.statements.sentenceVector.get(position);
    return row && vectorOf(row.vector);
  }

  sentenceRecord(position: number): Sentence | undefined {
    const row = this.statements.sentence.get(position);
    return row && withStoredText<Sentence>(row);
  }

  /** Passages at positions `from` (inclusive) to `to` (exclusive), in order. */
  passageRecords(from: number, to: number): Passage[] {
    return this.statements.passageRange.all(from, to).map((row) => withStoredText<Passage>(row));
  }

  sentenceRecords(from: number, to: number): Sentence[] {
    return this.statements.sentenceRange.all(from, to).map((row) => withStoredText<Sentence>(row));
  }

  close(): void {
    this.db.close();
  }
}
