import type { Passage } from '../corpus/types.js';
import { cosineSimilarity } from '../embedding/embedder.js';
import type { IndexGeneration } from '../index/index.js';

/** A passage the retriever found, with the evidence of each search and the fused score. */
export interface RetrievedPassage {
  passage: Passage;
  /** Position of the passage in the generation (its vector label). */
  position: number;
  /** Cosine similarity of the passage vector to the question vector. */
  similarity: number;
  /** BM25 score of the passage for the question, 0 when no term matches. */
  lexicalScore: number;
  /** The fused score, 0..1, used for ranking. */
  score: number;
}

export interface RetrievalOptions {
  /** How many passages to return. */
  limit: number;
  /** At most this many passages of one document come before every other document's best ones. */
  perDocumentCap: number;
  /** Weight of the lexical score in the blend; defaults to {@link LEXICAL_WEIGHT}. */
  lexicalWeight?: number;
}

/**
 * Weight of the lexical score in the blend (the vector similarity gets the rest). Measured with
 * `npm run eval` on the SQuAD subset: word-overlap evidence is the stronger signal for factual
 * questions, and the static embedding adds recall for paraphrases. See README "Evaluation".
 */
export const LEXICAL_WEIGHT = 0.7;

/** How many candidates each search contributes before fusion. */
const CANDIDATES_PER_SEARCH = 50;


/**
 * Hybrid search over one generation: HNSW vector search and BM25 lexical search, each scored
 * for every candidate either found, and fused as a calibrated blend: BM25 divided by the best
 * BM25 score of the question (so it lies in 0..1 whatever the corpus), cosine similarity mapped
 * from its useful range. A blend keeps the size of each score, which rank fusion throws away.
 */
export class HybridRetriever {
  constructor(private readonly generation: IndexGeneration) {}

  retrieve(question: string, questionVector: Float32Array, options: RetrievalOptions): RetrievedPassage[] {
    const { generation } = this;
    const lexicalHits = generation.lexicalIndex.search(question, CANDIDATES_PER_SEARCH);
    const vectorHits = generation.vectorIndex.search(questionVector, CANDIDATES_PER_SEARCH);
    const lexicalByPosition = new Map(lexicalHits.map((hit) => [hit.passage, hit.score]));
    const positions = new Set<number>([...lexicalHits.map((h) => h.passage), ...vectorHits.map((h) => h.label)]);
    const bestLexical = Math.max(1e-9, ...lexicalHits.map((h) => h.score));
    const candidates: RetrievedPassage[] = [];
    for (const position of positions) {
      const passage = generation.passages[position];
      const vector = generation.passageVectors[position];
      if (!passage || !vector) continue;
      const similarity = cosineSimilarity(questionVector, vector);
      const lexicalScore = lexicalByPosition.get(position) ?? 0;
      const weight = options.lexicalWeight ?? LEXICAL_WEIGHT;
      const score = weight * (lexicalScore / bestLexical) + (1 - weight) * Math.max(0, similarity);
      candidates.push({ passage, position, similarity, lexicalScore, score });
    }
    candidates.sort((a, b) => b.score - a.score || a.position - b.position);
    return capPerDocument(candidates, options);
  }
}

/** Takes the best passages, at most `perDocumentCap` from one document until every document's
 * candidates are exhausted, then fills up with the rest in score order. */
function capPerDocument(ranked: RetrievedPassage[], { limit, perDocumentCap }: RetrievalOptions): RetrievedPassage[] {
  const taken: RetrievedPassage[] = [];
  const deferred: RetrievedPassage[] = [];
  const perDocument = new Map<string, number>();
  for (const candidate of ranked) {
    if (taken.length >= limit) break;
    const count = perDocument.get(candidate.passage.docId) ?? 0;
    if (count < perDocumentCap) {
      taken.push(candidate);
      perDocument.set(candidate.passage.docId, count + 1);
    } else {
      deferred.push(candidate);
    }
  }
  for (const candidate of deferred) {
    if (taken.length >= limit) break;
    taken.push(candidate);
  }
  return taken.sort((a, b) => b.score - a.score);
}
