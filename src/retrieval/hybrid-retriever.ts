import type { Passage } from '../corpus/types.js';
import { cosineSimilarity } from '../embedding/embedder.js';
import type { IndexGeneration } from '../index/index.js';
import { adjacentTermPairs, searchTerms } from '../text/index.js';

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
  /** Weight of the lexical score in the blend; defaults to {@link LEXICAL_WEIGHT}. */
  lexicalWeight?: number;
}

/**
 * Weight of the lexical score in the blend (the vector similarity gets the rest). Measured with
 * `npm run eval` on the SQuAD subset: word-overlap evidence is the stronger signal for factual
 * questions, and the static embedding adds recall for paraphrases. See README "Evaluation".
 */
export const LEXICAL_WEIGHT = 0.7;

/**
 * BM25 points for each pair of adjacent question terms ("battl hast" for "Battle of Hastings")
 * that a candidate passage holds adjacent too, times the pair's mean rarity: a passage that keeps
 * the question's word order is stronger evidence than the same words scattered (DrQA's bigram
 * idea). Scored at query time on the lexical candidates only. Indexing every pair in BM25 gave the
 * same gain but tripled the lexical index (2.1 GB resident at 100k passages, against 0.9 GB).
 * Measured with `npm run eval` on the SQuAD subset: paragraph recall@1 0.854 without pairs,
 * 0.871 to 0.875 for any weight from 2 to 10 (0.862 at 1).
 */
export const TERM_PAIR_WEIGHT = 2;

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
    const pairs = this.termPairsOf(question);
    const lexicalByPosition = new Map(
      lexicalHits.map((hit) => [hit.passage, hit.score + TERM_PAIR_WEIGHT * termPairScore(pairs, generation.passages[hit.passage]?.text ?? '')]),
    );
    const positions = new Set<number>([...lexicalHits.map((h) => h.passage), ...vectorHits.map((h) => h.label)]);
    const bestLexical = Math.max(1e-9, ...lexicalByPosition.values());
    const candidates: RetrievedPassage[] = [];
    for (const position of positions) {
      const passage = generation.passages[position];
      const vector = generation.passageVectors[position];
      // A passage of a document withdrawn since this generation was built is never served.
      if (!passage || !vector || !generation.servesPassage(passage)) continue;
      const similarity = cosineSimilarity(questionVector, vector);
      const lexicalScore = lexicalByPosition.get(position) ?? 0;
      const weight = options.lexicalWeight ?? LEXICAL_WEIGHT;
      const score = weight * (lexicalScore / bestLexical) + (1 - weight) * Math.max(0, similarity);
      candidates.push({ passage, position, similarity, lexicalScore, score });
    }
    candidates.sort((a, b) => b.score - a.score || a.position - b.position);
    return capPerDocument(candidates, options);
  }

  /** The question's adjacent content-term pairs, each with the mean rarity of its two terms. */
  private termPairsOf(question: string): Map<string, number> {
    const terms = searchTerms(question);
    const idf = (term: string) => this.generation.lexicalIndex.inverseDocumentFrequency(term);
    const pairs = new Map<string, number>();
    adjacentTermPairs(terms).forEach((pair, i) => pairs.set(pair, (idf(terms[i]!) + idf(terms[i + 1]!)) / 2));
    return pairs;
  }
}

/** Sum of the weights of the question's term pairs that the text holds as adjacent terms, each once. */
function termPairScore(pairs: ReadonlyMap<string, number>, text: string): number {
  if (pairs.size === 0) return 0;
  const found = new Set(adjacentTermPairs(searchTerms(text)).filter((pair) => pairs.has(pair)));
  let score = 0;
  for (const pair of found) score += pairs.get(pair)!;
  return score;
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
