import Database from 'better-sqlite3';
import type { CorpusDocument, Passage, ProcessedDocument, Sentence } from '../corpus/types.js';
import { searchTerms } from '../text/index.js';

/**
 * The generation's records and its lexical index in one SQLite file, so that serving reads them
 * from disk on demand instead of holding them as JavaScript objects. Documents keep their text;
 * passages and sentences their offsets and their text (the document's text at those offsets,
 * stored again so that a candidate passage is one small read, not its whole document); `passage_terms` is an FTS5 table over each passage's terms
 * as `searchTerms` analyses them (the project's own folding, stop words and stems), ranked by
 * FTS5's bm25(); `term_passages` holds each term's document frequency for rarity weights. Each
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
export function writeRecordStore(file: string, documents: readonly ProcessedDocument[], passageVectors: readonly Float32Array[], sentenceVectors: readonly Float32Array[]): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 4096');
    db.exec(RECORD_STORE_SCHEMA);
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
    let passagePosition = 0;
    let sentencePosition = 0;
    db.exec('BEGIN');
    documents.forEach(({ document, passages, sentences }, position) => {
      insertDocument.run(position, document.docId, JSON.stringify(withoutText(document)), document.text);
      committedEvery();
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
        const vector = sentenceVectors[sentencePosition]!;
        insertSentence.run(sentencePosition++, JSON.stringify(withoutText(sentence)), verbatim(document, sentence), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
        committedEvery();
      });
    });
    for (const [term, passages] of frequency) {
      insertFrequency.run(term, passages);
      committedEvery();
    }
    db.exec('COMMIT');
    // Merge FTS5's segments into one b-tree: smaller file, fewer pages read per query.
    db.exec("INSERT INTO passage_terms (passage_terms) VALUES ('optimize')");
  } finally {
    db.close();
  }
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

  /** Every passage vector, in position order, one at a time. */
  *vectors(): Generator<Float32Array> {
    for (const row of this.statements.vectors.iterate()) yield vectorOf(row.vector);
  }

  /** Every sentence's text and vector, in position order, one at a time: what a build reuses. */
  *sentenceTextsAndVectors(): Generator<{ text: string; vector: Float32Array }> {
    for (const row of this.statements.sentenceTextsAndVectors.iterate()) yield { text: row.text, vector: vectorOf(row.vector) };
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
