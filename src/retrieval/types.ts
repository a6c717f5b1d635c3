import type { Passage } from '../corpus/types.js';

/**
 * A question as retrieval reads it, analysed once by the answer stage before retrieval: its text,
 * its search terms in order (folded, stop words out, stemmed, as the lexical index reads text) and
 * its embedding.
 */
export interface RetrievalQuery {
  text: string;
  /** The question's search terms, in order (`searchTerms` of src/text/). */
  searchTerms: readonly string[];
  /** The question's vector from the generation's embedding model. */
  vector: Float32Array;
}

/** A passage the retriever found, with the evidence of each search and the fused score. */
export interface RetrievedPassage {
  passage: Passage;
  /** Position of the passage in the generation (its vector label). */
  position: number;
  /** Cosine similarity of the passage vector to the question vector. */
  similarity: number;
  /** BM25 score of the passage for the question, plus its term-pair points; 0 when no term matches. */
  lexicalScore: number;
  /** The fused score, 0..1, used for ranking. */
  score: number;
}

export interface RetrievalOptions {
  /** How many passages to return. */
  limit: number;
  /** At most this many passages of one document come before every other document's best ones. */
  perDocumentCap: number;
  /** Weight of the lexical score in the blend; defaults to the retriever's own. */
  lexicalWeight?: number;
}

/**
 * Finds the passages of a corpus that may answer a question, best first. The hybrid retriever
 * over a local generation is one implementation; a server-backed store can be another, and the
 * answer stage does not change.
 */
export interface Retriever {
  retrieve(query: RetrievalQuery, options: RetrievalOptions): Promise<RetrievedPassage[]>;
}
