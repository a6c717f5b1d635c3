import type pg from 'pg';

/** A query on the process's pool that turns a lost connection into a one-line StoreError. */
export type StoreQuery = <R extends pg.QueryResultRow>(sql: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;
import type { CorpusDocument, Passage, Sentence } from '../../corpus/types.js';
import type { IndexManifest } from '../../index/index.js';
import { namePhrasesOf, searchTerms } from '../../text/index.js';
import { vectorFromSql } from './vectors.js';

/** Documents whose records are kept between questions: a question's candidates touch at most ~100. */
const DOCUMENT_CACHE = 1_024;
/** Passages (with vector and terms) kept between questions. */
const PASSAGE_CACHE = 4_096;
/** Sentence vectors kept between questions: those of about the cached documents' sentences. */
const SENTENCE_VECTOR_CACHE = 32_768;
/** Term frequencies kept between questions. */
const TERM_CACHE = 50_000;

/** Where a document's passages and sentences lie in the generation's lists (from the manifest). */
interface DocumentLayout {
  firstPassage: number;
  passages: number;
  firstSentence: number;
  sentences: number;
}

/** A passage as the retriever reads it: the record, its vector and its terms in order. */
export interface StoredPassage {
  passage: Passage;
  vector: Float32Array;
  terms: readonly string[];
}

/** What the generation's row in `verbatim.generations` holds. */
export interface GenerationRow {
  name: string;
  schema_name: string;
  manifest: IndexManifest;
  artefacts: Record<string, string>;
  passages: number;
  mean_terms: number;
}

/**
 * A read was asked of a generation for a record no preceding async step fetched: a bug in the
 * wiring (a stage reading a document retrieval did not return), never a user's doing.
 */
export class NotFetchedError extends Error {
  override name = 'NotFetchedError';
}

/** Adds to an insertion-ordered cache, refreshing an entry's place and dropping the oldest. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): V {
  cache.delete(key);
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/**
 * One generation served from PostgreSQL. The answer stage reads sentences, passages and documents
 * synchronously (it ranks and assembles in plain code, as over a local generation); PostgreSQL
 * is asked asynchronously. So every read is fetched ahead by the async steps of a question —
 * {@link prepareQuestion} (the term frequencies its analysis weighs) and {@link fetchDocuments}
 * (called by the retriever with its candidates' documents) — and then served from bounded
 * caches. Nothing per passage is held beyond those caches: the vectors and the lexical index stay
 * in the database.
 */
export class PostgresGeneration {
  readonly passageCount: number;
  readonly sentenceCount: number;
  private readonly layoutByDoc = new Map<string, DocumentLayout>();
  private readonly documents = new Map<string, { document: CorpusDocument; passages: Passage[]; sentences: Sentence[] }>();
  private readonly passages = new Map<number, StoredPassage>();
  private readonly frequencies = new Map<string, number>();
  /** The stored vectors of the held documents' sentences, by position. */
  private readonly sentenceVectors = new Map<number, Float32Array>();
  /** The term statistics the question analysis and retrieval read (the local generation's `lexicalIndex`). */
  readonly lexicalIndex = {
    documentFrequency: (term: string): number => {
      const frequency = this.frequencies.get(term);
      if (frequency === undefined) throw new NotFetchedError(`The frequency of "${term}" was read before prepareQuestion fetched it.`);
      return frequency;
    },
    /** BM25's IDF as the local lexical index gives it: ln(1 + (N − df + 0.5) / (df + 0.5)). */
    inverseDocumentFrequency: (term: string): number => {
      const df = this.lexicalIndex.documentFrequency(term);
      return Math.log(1 + (this.passageCount - df + 0.5) / (df + 0.5));
    },
  };

  constructor(
    /** Queries the process's pool (the retriever's searches use it too). */
    readonly query: StoreQuery,
    readonly row: GenerationRow,
  ) {
    let firstPassage = 0;
    let firstSentence = 0;
    for (const document of row.manifest.documents) {
      this.layoutByDoc.set(document.docId, { firstPassage, passages: document.passages, firstSentence, sentences: document.sentences });
      firstPassage += document.passages;
      firstSentence += document.sentences;
    }
    this.passageCount = firstPassage;
    this.sentenceCount = firstSentence;
  }

  get name(): string {
    return this.row.name;
  }

  get manifest(): IndexManifest {
    return this.row.manifest;
  }

  /** The schema of this generation's tables (a safe identifier, made by the store). */
  get schema(): string {
    return this.row.schema_name;
  }

  /** The mean number of terms of a passage: BM25's average document length. */
  get meanTerms(): number {
    return this.row.mean_terms;
  }

  servesPassage(_passage: Passage): boolean {
    return true;
  }

  servedDocuments(): IndexManifest['documents'] {
    return this.row.manifest.documents;
  }

  artefact(name: string): string | undefined {
    return this.row.artefacts[name];
  }

  /**
   * Fetches, in one query, how many passages hold each term a question's analysis and search
   * will weigh: its search terms and the terms of its names.
   */
  async prepareQuestion(question: string): Promise<void> {
    const terms = [...new Set([...searchTerms(question), ...namePhrasesOf(question).flat()])].filter((term) => !this.frequencies.has(term));
    if (terms.length === 0) return;
    const { rows } = await this.query<{ term: string; passages: number }>(`SELECT term, passages FROM ${this.schema}.term_passages WHERE term = ANY($1::text[])`, [terms]);
    const found = new Map(rows.map((row) => [row.term, row.passages]));
    if (this.frequencies.size + terms.length >= TERM_CACHE) this.frequencies.clear();
    for (const term of terms) this.frequencies.set(term, found.get(term) ?? 0);
  }

  /** Fetches passages by position with their vectors and terms (those not already held). */
  async fetchPassages(positions: readonly number[]): Promise<Map<number, StoredPassage>> {
    const missing = positions.filter((position) => !this.passages.has(position));
    if (missing.length > 0) {
      const { rows } = await this.query<{ position: number; record: string; text: string; terms: string; embedding: string }>(
        `SELECT position, record, text, terms, embedding::text AS embedding FROM ${this.schema}.passages WHERE position = ANY($1::int[])`,
        [missing],
      );
      for (const row of rows) {
        remember(this.passages, row.position, {
          passage: withText<Passage>(row),
          vector: vectorFromSql(row.embedding),
          terms: row.terms.length > 0 ? row.terms.split(' ') : [],
        }, PASSAGE_CACHE);
      }
    }
    const found = new Map<number, StoredPassage>();
    for (const position of positions) {
      const stored = this.passages.get(position);
      if (stored) found.set(position, stored);
    }
    return found;
  }

  /**
   * Fetches documents with all their passages and sentences (those not already held), so that
   * ranking, assembly and citations can read them synchronously. Three queries, run together.
   */
  async fetchDocuments(docIds: Iterable<string>): Promise<void> {
    const wanted = [...new Set(docIds)].filter((docId) => this.layoutByDoc.has(docId));
    for (const docId of wanted) {
      const held = this.documents.get(docId);
      if (held) remember(this.documents, docId, held, DOCUMENT_CACHE);
    }
    const missing = wanted.filter((docId) => !this.documents.has(docId));
    if (missing.length === 0) return;
    const [documents, passages, sentences] = await Promise.all([
      this.query<{ doc_id: string; record: string; text: string }>(`SELECT doc_id, record, text FROM ${this.schema}.documents WHERE doc_id = ANY($1::text[])`, [missing]),
      this.query<{ doc_id: string; record: string; text: string }>(`SELECT doc_id, record, text FROM ${this.schema}.passages WHERE doc_id = ANY($1::text[]) ORDER BY position`, [missing]),
      this.query<{ doc_id: string; position: number; record: string; text: string; embedding: string }>(
        `SELECT doc_id, position, record, text, embedding::text AS embedding FROM ${this.schema}.sentences WHERE doc_id = ANY($1::text[]) ORDER BY position`,
        [missing],
      ),
    ]);
    const byDoc = new Map<string, { document: CorpusDocument; passages: Passage[]; sentences: Sentence[] }>();
    for (const row of documents.rows) byDoc.set(row.doc_id, { document: withText<CorpusDocument>(row), passages: [], sentences: [] });
    for (const row of passages.rows) byDoc.get(row.doc_id)?.passages.push(withText<Passage>(row));
    for (const row of sentences.rows) {
      byDoc.get(row.doc_id)?.sentences.push(withText<Sentence>(row));
      remember(this.sentenceVectors, row.position, vectorFromSql(row.embedding), SENTENCE_VECTOR_CACHE);
    }
    for (const [docId, records] of byDoc) remember(this.documents, docId, records, DOCUMENT_CACHE);
  }

  private held(docId: string) {
    if (!this.layoutByDoc.has(docId)) return undefined;
    const held = this.documents.get(docId);
    if (!held) throw new NotFetchedError(`Document ${docId} was read before fetchDocuments fetched it.`);
    return held;
  }

  document(docId: string): CorpusDocument | undefined {
    return this.held(docId)?.document;
  }

  passagesOf(docId: string): readonly Passage[] {
    return this.held(docId)?.passages ?? [];
  }

  sentencesOf(docId: string): readonly Sentence[] {
    return this.held(docId)?.sentences ?? [];
  }

  /** A sentence's vector as the build embedded it, when its document is held (else the ranker embeds it). */
  sentenceVector(position: number): Float32Array | undefined {
    return this.sentenceVectors.get(position);
  }

  /** Position of a sentence among the generation's sentences (as a local generation numbers them). */
  sentencePosition(docId: string, index: number): number | undefined {
    const layout = this.layoutByDoc.get(docId);
    if (!layout || !Number.isInteger(index) || index < 0 || index >= layout.sentences) return undefined;
    return layout.firstSentence + index;
  }
}

function withText<T extends { text: string }>(row: { record: string; text: string }): T {
  return Object.assign(JSON.parse(row.record) as Omit<T, 'text'>, { text: row.text }) as T;
}
