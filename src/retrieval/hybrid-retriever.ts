import type { Passage } from '../corpus/types.js';
import { cosineSimilarity } from '../embedding/embedder.js';
import type { IndexGeneration } from '../index/index.js';
import { adjacentTermPairs } from '../text/index.js';
import type { RetrievalOptions, RetrievalQuery, RetrievedPassage, Retriever } from './types.js';

/**
 * Weight of the lexical score in the blend (the vector similarity gets the rest). Measured with
 * `npm run eval` on the SQuAD subset: word-overlap evidence is the stronger signal for factual
 * questions, and the static embedding adds recall for paraphrases. See README "Evaluation".
 * The default, measured for the GloVe model; an answer model names its own where its embedder's
 * vectors carry more (the pretrained model's: 0.4, `retrieval.lexicalWeight`).
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
export const CANDIDATES_PER_SEARCH = 50;

/** How many passages' term pairs a retriever keeps before starting afresh. */
const PASSAGE_PAIR_CACHE = 50_000;


/**
 * Hybrid search over one generation: HNSW vector search and BM25 lexical search, each scored
 * for every candidate either found, and fused as a calibrated blend: BM25 divided by the best
 * BM25 score of the question (so it lies in 0..1 whatever the corpus), cosine similarity mapped
 * from its useful range. A blend keeps the size of each score, which rank fusion throws away.
 */
export class HybridRetriever implements Retriever {
  constructor(private readonly generation: IndexGeneration) {}

  /** Term pairs of the passages scored so far, by position: a passage is analysed once, not per question. */
  private readonly passagePairs = new Map<number, Set<string>>();

  async retrieve(query: RetrievalQuery, options: RetrievalOptions): Promise<RetrievedPassage[]> {
    const { generation } = this;
    const questionVector = query.vector;
    // The vector search runs in its worker thread while this one does the lexical search, scores
    // its hits' term pairs and reads their records; then the vector hits are awaited.
    const vectorSearch = generation.vectorIndex.search(questionVector, CANDIDATES_PER_SEARCH);
    // If the lexical side throws, the vector search's own failure must not go unhandled.
    vectorSearch.catch(() => {});
    const lexicalHits = generation.lexicalIndex.search(query.text, CANDIDATES_PER_SEARCH);
    generation.preloadPassages(lexicalHits.map((hit) => hit.passage));
    this.preloadTermPairs(lexicalHits.map((hit) => hit.passage));
    const pairs = this.termPairsOf(query.searchTerms);
    const lexicalByPosition = new Map(
      lexicalHits.map((hit) => [hit.passage, hit.score + TERM_PAIR_WEIGHT * termPairScore(pairs, this.termPairsAt(hit.passage))]),
    );
    const candidates: FusionCandidate[] = [];
    const seen = new Set<number>();
    const consider = (position: number) => {
      if (seen.has(position)) return;
      seen.add(position);
      const passage = generation.passage(position);
      const vector = generation.passageVector(position);
      // A passage of a document withdrawn since this generation was built is never served.
      if (!passage || !vector || !generation.servesPassage(passage)) return;
      candidates.push({ passage, position, vector, lexicalScore: lexicalByPosition.get(position) ?? 0 });
    };
    for (const hit of lexicalHits) consider(hit.passage);
    const vectorHits = await vectorSearch;
    generation.preloadPassages(vectorHits.map((hit) => hit.label));
    for (const hit of vectorHits) consider(hit.label);
    // The best BM25 of every hit, a withheld passage's too: the scale stays what it was before withdrawals.
    return fuseCandidates(candidates, questionVector, options, Math.max(1e-9, ...lexicalByPosition.values()));
  }

  /** The question's adjacent content-term pairs, each with the mean rarity of its two terms. */
  private termPairsOf(terms: readonly string[]): Map<string, number> {
    const idf = (term: string) => this.generation.lexicalIndex.inverseDocumentFrequency(term);
    const pairs = new Map<string, number>();
    adjacentTermPairs(terms).forEach((pair, i) => pairs.set(pair, (idf(terms[i]!) + idf(terms[i + 1]!)) / 2));
    return pairs;
  }

  /** Reads the terms of the passages whose pairs are not known yet, in one statement. */
  private preloadTermPairs(positions: readonly number[]): void {
    const missing = positions.filter((position) => !this.passagePairs.has(position));
    if (missing.length === 0) return;
    for (const [position, terms] of this.generation.lexicalIndex.termsOfMany(missing)) this.rememberPairs(position, new Set(adjacentTermPairs(terms)));
  }

  private rememberPairs(position: number, pairs: Set<string>): Set<string> {
    // Bounded: a long-running bot over a large corpus must not keep every passage it ever scored.
    if (this.passagePairs.size >= PASSAGE_PAIR_CACHE) this.passagePairs.clear();
    this.passagePairs.set(position, pairs);
    return pairs;
  }

  private termPairsAt(position: number): Set<string> {
    // The passage's terms as indexed: a read, not a second analysis of its text.
    return this.passagePairs.get(position) ?? this.rememberPairs(position, new Set(adjacentTermPairs(this.generation.lexicalIndex.termsOf(position))));
  }
}

/** A passage either search found, with what the blend reads of it. */
export interface FusionCandidate {
  passage: Passage;
  position: number;
  /** The passage's stored vector (unit length). */
  vector: Float32Array;
  /** BM25 plus term-pair points; 0 when only the vector search found it. */
  lexicalScore: number;
}

/**
 * The blend every retriever over a generation shares (this one over local files, the PostgreSQL
 * store's over its tables): BM25 over the question's best BM25, cosine similarity, the lexical
 * weight, ties by position, then the per-document cap.
 */
export function fuseCandidates(
  candidates: readonly FusionCandidate[],
  questionVector: Float32Array,
  options: RetrievalOptions,
  bestLexical = Math.max(1e-9, ...candidates.map((c) => c.lexicalScore)),
): RetrievedPassage[] {
  const weight = options.lexicalWeight ?? LEXICAL_WEIGHT;
  const fused = candidates.map(({ passage, position, vector, lexicalScore }) => {
    const similarity = cosineSimilarity(questionVector, vector);
    const score = weight * (lexicalScore / bestLexical) + (1 - weight) * Math.max(0, similarity);
    return { passage, position, similarity, lexicalScore, score };
  });
  fused.sort((a, b) => b.score - a.score || a.position - b.position);
  return capPerDocument(fused, options);
}

/** Sum of the weights of the question's term pairs that the passage holds as adjacent terms, each once. */
export function termPairScore(pairs: ReadonlyMap<string, number>, passagePairs: ReadonlySet<string>): number {
  let score = 0;
  for (const [pair, weight] of pairs) if (passagePairs.has(pair)) score += weight;
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
