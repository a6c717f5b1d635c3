import { CANDIDATES_PER_SEARCH, fuseCandidates, TERM_PAIR_WEIGHT, termPairScore, type FusionCandidate, type RetrievalOptions, type RetrievalQuery, type RetrievedPassage, type Retriever } from '../../retrieval/index.js';
import { adjacentTermPairs, nameTermShares, searchTerms } from '../../text/index.js';
import type { PostgresGeneration } from './generation.js';
import { vectorToSql } from './vectors.js';

/** FTS5's bm25() constants, so that the scores retrieval was tuned on stay what they were. */
const K1 = 1.2;
const B = 0.75;

/** A lexical or vector hit: a passage position and its score. */
interface Hit {
  position: number;
  score: number;
}

/**
 * Hybrid search over a generation in PostgreSQL: BM25 in SQL over the stored postings and HNSW
 * search in pgvector, sent at once on two connections; then the candidates' records and their
 * documents are fetched (so the answer stage can read them synchronously) and fused by the same
 * code as the local retriever.
 */
export class PostgresRetriever implements Retriever {
  constructor(protected readonly generation: PostgresGeneration) {}

  async retrieve(query: RetrievalQuery, options: RetrievalOptions): Promise<RetrievedPassage[]> {
    const { generation } = this;
    const [lexicalHits, vectorHits] = await Promise.all([this.searchLexical(query.text), this.searchVectors(query.vector)]);
    const positions = [...new Set([...lexicalHits.map((h) => h.position), ...vectorHits.map((h) => h.position)])];
    const stored = await generation.fetchPassages(positions);
    await generation.fetchDocuments([...stored.values()].map((s) => s.passage.docId));
    const pairs = this.termPairsOf(query.searchTerms);
    const lexicalByPosition = new Map(
      lexicalHits.map((hit) => [hit.position, hit.score + TERM_PAIR_WEIGHT * termPairScore(pairs, new Set(adjacentTermPairs(stored.get(hit.position)?.terms ?? [])))]),
    );
    const candidates: FusionCandidate[] = [];
    for (const position of positions) {
      const passage = stored.get(position);
      // A passage of a document withdrawn since this generation was built is never served.
      if (!passage || !generation.servesPassage(passage.passage)) continue;
      candidates.push({ passage: passage.passage, position, vector: passage.vector, lexicalScore: lexicalByPosition.get(position) ?? 0 });
    }
    return fuseCandidates(candidates, query.vector, options, Math.max(1e-9, ...lexicalByPosition.values()));
  }

  /**
   * BM25 as FTS5 computes it (IDF ln((N − n + 0.5) / (n + 0.5)) floored at 1e-6, k1 1.2, b 0.75,
   * the passage's length in terms over the mean), a name's terms weighted by their share and a
   * repeated question term counted each time, as the local lexical index does.
   */
  async searchLexical(question: string, limit = CANDIDATES_PER_SEARCH): Promise<Hit[]> {
    const { generation } = this;
    const shares = nameTermShares(question);
    const terms: string[] = [];
    const weights: number[] = [];
    const total = generation.passageCount;
    for (const term of searchTerms(question)) {
      const df = generation.lexicalIndex.documentFrequency(term);
      if (df === 0) continue;
      const idf = Math.max(1e-6, Math.log((total - df + 0.5) / (df + 0.5)));
      terms.push(term);
      weights.push((shares.get(term) ?? 1) * idf);
    }
    if (terms.length === 0 || limit <= 0) return [];
    const { rows } = await generation.query<{ position: number; score: number }>(
      `SELECT p.passage AS position, SUM(q.weight * p.frequency * ${K1 + 1} / (p.frequency + ${K1} * (${1 - B} + ${B} * p.length / $3::float8))) AS score
         FROM unnest($1::text[], $2::float8[]) AS q(term, weight)
         JOIN ${generation.schema}.postings p ON p.term = q.term
        GROUP BY p.passage ORDER BY score DESC, p.passage LIMIT $4`,
      [terms, weights, generation.meanTerms, limit],
    );
    return rows.map((row) => ({ position: row.position, score: Number(row.score) }));
  }

  /** The passages nearest the question by cosine distance, through the HNSW index (ef_search 512). */
  async searchVectors(vector: Float32Array, limit = CANDIDATES_PER_SEARCH): Promise<Hit[]> {
    const { rows } = await this.generation.query<{ position: number; distance: number }>(
      `SELECT position, embedding <=> $1::vector AS distance FROM ${this.generation.schema}.passages ORDER BY embedding <=> $1::vector LIMIT $2`,
      [vectorToSql(vector), limit],
    );
    return rows.map((row) => ({ position: row.position, score: 1 - Number(row.distance) }));
  }

  /** The question's adjacent term pairs, each with the mean rarity of its two terms (as the local retriever weighs them). */
  private termPairsOf(terms: readonly string[]): Map<string, number> {
    const idf = (term: string) => this.generation.lexicalIndex.inverseDocumentFrequency(term);
    const pairs = new Map<string, number>();
    adjacentTermPairs(terms).forEach((pair, i) => pairs.set(pair, (idf(terms[i]!) + idf(terms[i + 1]!)) / 2));
    return pairs;
  }
}
