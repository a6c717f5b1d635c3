import type pg from 'pg';

/** A query on the process's pool that turns a lost connection into a one-line StoreError. */
export type StoreQuery = <R extends pg.QueryResultRow>(sql: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;
import type { CorpusDocument, Passage, Sentence } from '../../corpus/types.js';
import { documentLayoutOf, type DocumentLayout, type IndexManifest } from '../../index/index.js';
import { namePhrasesOf, searchTerms } from '../../text/index.js';
import { vectorFromSql } from './vectors.js';

/** How many entries each cache keeps (beyond those a question in flight may still read). */
export interface CacheLimits {
  /** Documents with their passages and sentences: a question's candidates touch at most ~100. */
  documents: number;
  /** Passages with their vector and terms. */
  passages: number;
  sentenceVectors: number;
  terms: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { documents: 1_024, passages: 4_096, sentenceVectors: 32_768, terms: 50_000 };

/**
 * How long an entry is kept whatever the limit: a question fetches its records and then reads
 * them synchronously a moment later, so nothing it fetched may be dropped in between by the
 * fetches of questions asked at the same time. Under a burst the caches grow past their limits
 * for this long, then shrink back.
 */
const IN_USE_MS = 30_000;

/** A bounded cache, least recently used first out, that never drops an entry used in the last {@link IN_USE_MS}. */
class RecentCache<K, V> {
  private readonly entries = new Map<K, { value: V; used: number }>();

  constructor(private readonly limit: number) {}

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: the first entries are the ones to drop.
    this.entries.delete(key);
    entry.used = Date.now();
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    const now = Date.now();
    this.entries.set(key, { value, used: now });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.limit || entry.used > now - IN_USE_MS) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
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
  private readonly layoutByDoc: ReadonlyMap<string, DocumentLayout>;
  private readonly documents: RecentCache<string, { document: CorpusDocument; passages: Passage[]; sentences: Sentence[] }>;
  private readonly passages: RecentCache<number, StoredPassage>;
  private readonly frequencies: RecentCache<string, number>;
  /** The stored vectors of the held documents' sentences, by position. */
  private readonly sentenceVectors: RecentCache<number, Float32Array>;
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
    limits: CacheLimits = DEFAULT_CACHE_LIMITS,
    /** Documents withdrawn from the corpus since this generation was built: never served (see withheldFrom). */
    private withheld: ReadonlySet<string> = new Set(),
  ) {
    this.documents = new RecentCache(limits.documents);
    this.passages = new RecentCache(limits.passages);
    this.frequencies = new RecentCache(limits.terms);
    this.sentenceVectors = new RecentCache(limits.sentenceVectors);
    const layout = documentLayoutOf(row.manifest.documents);
    this.layoutByDoc = layout.byDoc;
    this.passageCount = layout.passageCount;
    this.sentenceCount = layout.sentenceCount;
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

  /** Whether a search hit on this passage may be served (its document is not withheld). */
  servesPassage(passage: Passage): boolean {
    return !this.withheld.has(passage.docId);
  }

  /** The manifest's documents that this generation serves (withheld ones left out). */
  servedDocuments(): IndexManifest['documents'] {
    return this.row.manifest.documents.filter((document) => !this.withheld.has(document.docId));
  }

  /**
   * Reads again which documents are withdrawn: called when another process swapped in a newer
   * generation, so that this one, while it still serves, withholds what that build removed.
   */
  async refreshWithheld(read: (generation: string) => Promise<Set<string>>): Promise<void> {
    this.withheld = await read(this.name);
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
        this.passages.set(row.position, {
          passage: withText<Passage>(row),
          vector: vectorFromSql(row.embedding),
          terms: row.terms.length > 0 ? row.terms.split(' ') : [],
        });
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
    const wanted = [...new Set(docIds)].filter((docId) => this.layoutByDoc.has(docId) && !this.withheld.has(docId));
    // Reading a held document marks it used, so the fetches of other questions do not drop it.
    for (const docId of wanted) this.documents.get(docId);
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
      this.sentenceVectors.set(row.position, vectorFromSql(row.embedding));
    }
    for (const [docId, records] of byDoc) this.documents.set(docId, records);
  }

  private held(docId: string) {
    if (!this.layoutByDoc.has(docId) || this.withheld.has(docId)) return undefined;
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
    const layout = this.withheld.has(docId) ? undefined : this.layoutByDoc.get(docId);
    if (!layout || !Number.isInteger(index) || index < 0 || index >= layout.sentences) return undefined;
    return layout.firstSentence + index;
  }
}

function withText<T extends { text: string }>(row: { record: string; text: string }): T {
  return Object.assign(JSON.parse(row.record) as Omit<T, 'text'>, { text: row.text }) as T;
}
