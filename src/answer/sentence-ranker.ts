import type { Sentence } from '../corpus/types.js';
import { cosineSimilarity, type Embedder } from '../embedding/embedder.js';
import type { RetrievedPassage } from '../retrieval/index.js';
import type { AnalysedQuestion, PreparedQuestion } from './question-analysis.js';
import type { GenerationSentences, SentenceAnalysis } from './sentence-analysis.js';
import { evidenceOf, type SentenceEvidence } from './sentence-features.js';
import type { WordSimilarity } from './word-similarity.js';

/** A candidate sentence with the evidence that it answers the question. */
export interface ScoredSentence {
  sentence: Sentence;
  evidence: SentenceEvidence;
  /** Cosine similarity of the sentence's vector to the question's. */
  similarity: number;
  /** The best fused retrieval score of a passage holding it, relative to the best passage. */
  passageScore: number;
  /** Every feature the ranking reads, by name: the evidence, similarity, passage and any hook's. */
  features: Record<string, number>;
  score: number;
}

/** What a feature hook sees of one candidate. */
export interface FeatureCandidate {
  sentence: Sentence;
  analysis: SentenceAnalysis;
  previous?: SentenceAnalysis;
  next?: SentenceAnalysis;
}

/**
 * Extra features of a candidate sentence (e.g. evidence for a class of question), by name. Their
 * weights come from the answer model like every other feature's; a feature the model does not
 * weigh counts for nothing until a refit weighs it.
 */
export interface SentenceFeatureHook {
  features(question: AnalysedQuestion, candidate: FeatureCandidate): Record<string, number>;
}

/** A linear score of named features. */
export function scoreFeatures(weights: Readonly<Record<string, number>>, features: Readonly<Record<string, number>>): number {
  let score = 0;
  for (const name in weights) score += weights[name]! * (features[name] ?? 0);
  return score;
}

/** How many sentence vectors a ranker keeps before starting afresh. */
const SENTENCE_VECTOR_CACHE = 50_000;

/**
 * Scores every sentence of the retrieved passages on its evidence (features of the sentence, its
 * neighbours, its similarity to the question and its passage's retrieval score) with the answer
 * model's weights, and sorts them best first.
 */
export class SentenceRanker {
  /** Sentence vectors by position in the generation, embedded on first need. */
  private readonly sentenceVectors = new Map<number, Float32Array>();

  constructor(
    private readonly sentences: GenerationSentences,
    private readonly embedder: Embedder,
    private readonly wordSimilarity: WordSimilarity,
    private readonly weights: Readonly<Record<string, number>>,
    private readonly hooks: readonly SentenceFeatureHook[] = [],
  ) {}

  /** Every sentence of the retrieved passages, scored and sorted best first. */
  async rank(question: PreparedQuestion, retrieved: readonly RetrievedPassage[]): Promise<ScoredSentence[]> {
    const candidates = this.candidatesOf(retrieved);
    await this.prepare(question, candidates);
    const wordSimilarity = (a: string, b: string) => this.wordSimilarity.similarity(a, b);
    const scored: ScoredSentence[] = [];
    for (const { sentence, position, passageScore } of candidates.values()) {
      const analysis = this.sentences.analysis(sentence);
      const { previous, next } = this.sentences.adjacent(sentence);
      const around = { previous: previous && this.sentences.analysis(previous), next: next && this.sentences.analysis(next) };
      const evidence = evidenceOf(analysis, question, { ...around, similarity: wordSimilarity });
      const vector = this.sentenceVectors.get(position);
      const similarity = vector ? cosineSimilarity(question.vector, vector) : 0;
      const features: Record<string, number> = { ...evidence, similarity: Math.max(0, similarity), passage: passageScore };
      for (const hook of this.hooks) Object.assign(features, hook.features(question, { sentence, analysis, ...around }));
      scored.push({ sentence, evidence, similarity, passageScore, features, score: scoreFeatures(this.weights, features) });
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  /** The distinct sentences of the passages, each with the best relative score of a passage holding it. */
  private candidatesOf(retrieved: readonly RetrievedPassage[]): Map<number, { sentence: Sentence; position: number; passageScore: number }> {
    const bestPassage = Math.max(1e-9, ...retrieved.map((r) => r.score));
    const byPosition = new Map<number, { sentence: Sentence; position: number; passageScore: number }>();
    for (const hit of retrieved) {
      const passageScore = hit.score / bestPassage;
      for (const index of hit.passage.sentenceIndexes) {
        const sentence = this.sentences.sentence(hit.passage.docId, index);
        const position = sentence && this.sentences.positionOf(sentence);
        if (!sentence || position === undefined) continue;
        const existing = byPosition.get(position);
        if (!existing) byPosition.set(position, { sentence, position, passageScore });
        else if (passageScore > existing.passageScore) existing.passageScore = passageScore;
      }
    }
    return byPosition;
  }

  /**
   * Embeds, once and cached, what scoring compares: the candidate sentences (for their
   * similarity to the question) and their words (for near-synonym matching). Sentences are not
   * embedded at build time: a question has a few dozen candidates, and the index stays small.
   */
  private async prepare(question: AnalysedQuestion, candidates: ReadonlyMap<number, { sentence: Sentence }>): Promise<void> {
    const words = new Set<string>(question.termWords.values());
    for (const { sentence } of candidates.values()) for (const word of this.sentences.analysis(sentence).vectorWords) words.add(word);
    await this.wordSimilarity.prepare(words);
    const missing = new Map<number, string>();
    for (const [position, { sentence }] of candidates) if (!this.sentenceVectors.has(position)) missing.set(position, sentence.text);
    if (missing.size === 0) return;
    // Bounded: a long-running bot over a large corpus must not keep every sentence it ever saw.
    if (this.sentenceVectors.size + missing.size > SENTENCE_VECTOR_CACHE) this.sentenceVectors.clear();
    const vectors = await this.embedder.embed([...missing.values()]);
    [...missing.keys()].forEach((position, i) => this.sentenceVectors.set(position, vectors[i]!));
  }
}
