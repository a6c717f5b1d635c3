import type { Sentence } from '../corpus/types.js';
import type { Embedder } from '../embedding/embedder.js';
import type { IndexGeneration } from '../index/index.js';
import { HybridRetriever, type RetrievedPassage } from '../retrieval/index.js';
import { buildCitations } from './citations.js';
import { analyseQuestion, sentenceEvidence, type AnalysedQuestion, type SentenceEvidence } from './sentence-features.js';
import { expectedAnswerType, validateQuestion } from './question.js';
import type { Answer, QuotedSpan } from './types.js';

/**
 * Weights of the evidence in a sentence's score. Coverage of the question's rare words dominates;
 * the passage's retrieval score and the sentence's embedding similarity break ties between
 * sentences that share the same words; the answer type rewards a sentence that holds the kind of
 * thing asked for. Chosen with `npm run eval` on the SQuAD subset (tuned on three of its five
 * articles, checked on the other two), never on the seed corpus.
 */
export const SENTENCE_WEIGHTS: SentenceWeights = {
  coverage: 1.0,
  passage: 0.35,
  similarity: 0.3,
  typeMatch: 0.2,
  phrase: 0.15,
  proximity: 0.1,
  novelty: 0.15,
};

export interface SentenceWeights {
  coverage: number;
  passage: number;
  similarity: number;
  typeMatch: number;
  phrase: number;
  proximity: number;
  novelty: number;
}

/** Below this confidence the corpus is taken not to answer the question (see `confidenceOf`). */
export const ABSTAIN_BELOW = 0.35;

export interface AnswererOptions {
  maxQuestionChars: number;
  /** Passages retrieved per question. */
  passages?: number;
  perDocumentCap?: number;
  /** Evidence weights; defaults to {@link SENTENCE_WEIGHTS}. */
  weights?: SentenceWeights;
  /** Lexical share of the retrieval blend; defaults to the retriever's. */
  lexicalWeight?: number;
}

/** A candidate sentence with the evidence that it answers the question. */
export interface ScoredSentence {
  sentence: Sentence;
  evidence: SentenceEvidence;
  similarity: number;
  /** The best fused retrieval score of a passage holding it, relative to the best passage. */
  passageScore: number;
  score: number;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Pronouns and connectives that make a sentence lean on the one before it. */
const LEANS_ON_PREVIOUS = /^[“"‘']?(he|she|they|it|this|that|these|those|his|her|their|its|such|the move|the decision|but|however|yet|still|meanwhile|instead)\b/i;

/**
 * Answers a question from one index generation with verbatim sentences: retrieve passages,
 * score every sentence in them, take the best, add a neighbour when it leans on one, and cite.
 */
export class Answerer {
  private readonly retriever: HybridRetriever;
  private readonly weights: SentenceWeights;

  constructor(
    private readonly generation: IndexGeneration,
    private readonly embedder: Embedder,
    private readonly options: AnswererOptions,
  ) {
    this.retriever = new HybridRetriever(generation);
    this.weights = options.weights ?? SENTENCE_WEIGHTS;
  }

  /** Every candidate sentence for the question, best first, with its evidence. */
  async rankSentences(rawQuestion: string): Promise<ScoredSentence[]> {
    const question = validateQuestion(rawQuestion, this.options.maxQuestionChars);
    const [questionVector] = await this.embedder.embed([question]);
    const retrieved = this.retriever.retrieve(question, questionVector!, {
      limit: this.options.passages ?? 8,
      perDocumentCap: this.options.perDocumentCap ?? 4,
      lexicalWeight: this.options.lexicalWeight,
    });
    const analysed = analyseQuestion(question, expectedAnswerType(question), (t) => this.generation.lexicalIndex.inverseDocumentFrequency(t));
    return this.scoreSentences(analysed, questionVector!, retrieved);
  }

  async answer(rawQuestion: string): Promise<Answer> {
    const started = performance.now();
    const question = validateQuestion(rawQuestion, this.options.maxQuestionChars);
    const scored = await this.rankSentences(question);
    const best = scored[0];
    const confidence = best ? confidenceOf(best) : 0;
    const abstained = !best || confidence < ABSTAIN_BELOW;
    const spans: QuotedSpan[] = abstained ? relatedReading(scored) : this.answerSpans(best!, scored);
    const { sentences, citations } = buildCitations(spans, this.generation);
    return {
      question,
      abstained,
      answer: abstained ? '' : inReadingOrder(sentences).map((s) => s.text).join(' '),
      sentences,
      citations,
      confidence: Math.round(confidence * 1000) / 1000,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      generation: this.generation.name,
    };
  }

  /** Every sentence of the retrieved passages, scored and sorted best first. */
  scoreSentences(question: AnalysedQuestion, questionVector: Float32Array, retrieved: RetrievedPassage[]): ScoredSentence[] {
    const bestPassage = Math.max(1e-9, ...retrieved.map((r) => r.score));
    const byKey = new Map<string, ScoredSentence>();
    for (const hit of retrieved) {
      const documentSentences = this.generation.sentencesOf(hit.passage.docId);
      for (const index of hit.passage.sentenceIndexes) {
        const key = `${hit.passage.docId}#${index}`;
        const passageScore = hit.score / bestPassage;
        const existing = byKey.get(key);
        if (existing) {
          if (passageScore > existing.passageScore) {
            existing.passageScore = passageScore;
            existing.score = combine(this.weights, existing.evidence, existing.similarity, passageScore);
          }
          continue;
        }
        const sentence = documentSentences.find((s) => s.index === index);
        if (!sentence) continue;
        const position = this.generation.sentencePosition(sentence.docId, sentence.index);
        const vector = position === undefined ? undefined : this.generation.sentenceVectors[position];
        const similarity = vector ? dot(questionVector, vector) : 0;
        const evidence = sentenceEvidence(sentence.text, question);
        byKey.set(key, { sentence, evidence, similarity, passageScore, score: combine(this.weights, evidence, similarity, passageScore) });
      }
    }
    return [...byKey.values()].sort((a, b) => b.score - a.score);
  }

  /** The best sentence, its antecedent when it leans on one, and a close runner-up neighbour. */
  private answerSpans(best: ScoredSentence, scored: ScoredSentence[]): QuotedSpan[] {
    const spans: QuotedSpan[] = [span(best.sentence)];
    const siblings = this.generation.sentencesOf(best.sentence.docId);
    const previous = siblings.find((s) => s.index === best.sentence.index - 1);
    if (previous && previous.paragraph === best.sentence.paragraph && LEANS_ON_PREVIOUS.test(best.sentence.text)) {
      spans.push(span(previous));
    }
    const next = siblings.find((s) => s.index === best.sentence.index + 1);
    const nextScore = next && scored.find((s) => s.sentence.docId === next.docId && s.sentence.index === next.index);
    if (spans.length < 3 && next && nextScore && next.paragraph === best.sentence.paragraph && nextScore.score >= 0.85 * best.score) {
      spans.push(span(next));
    }
    return spans;
  }
}

function combine(w: SentenceWeights, evidence: SentenceEvidence, similarity: number, passageScore: number): number {
  return (
    w.coverage * evidence.coverage +
    w.passage * passageScore +
    w.similarity * Math.max(0, similarity) +
    w.typeMatch * evidence.typeMatch +
    w.phrase * evidence.phrase +
    w.proximity * evidence.proximity +
    w.novelty * Math.min(1, evidence.novelty * 2)
  );
}

/**
 * How sure the best sentence answers the question, 0..1: mostly how much of the question's rare
 * vocabulary it covers, with the embedding similarity for paraphrases. A sentence that says
 * nothing the question does not already say cannot answer it.
 */
export function confidenceOf(best: ScoredSentence): number {
  const { coverage, novelty } = best.evidence;
  const raw = 0.75 * coverage + 0.25 * Math.max(0, best.similarity);
  return novelty === 0 ? raw * 0.5 : Math.min(1, raw);
}

/** When abstaining: the sentences nearest the question, one per document, as related reading. */
function relatedReading(scored: ScoredSentence[]): QuotedSpan[] {
  const seen = new Set<string>();
  const spans: QuotedSpan[] = [];
  for (const candidate of scored) {
    if (seen.has(candidate.sentence.docId) || spans.length >= 3) continue;
    seen.add(candidate.sentence.docId);
    spans.push(span(candidate.sentence));
  }
  return spans;
}

function span(sentence: Sentence): QuotedSpan {
  return { text: sentence.text, docId: sentence.docId, start: sentence.start, end: sentence.end };
}

function inReadingOrder<T extends QuotedSpan>(spans: T[]): T[] {
  const docOrder = new Map<string, number>();
  spans.forEach((s) => docOrder.has(s.docId) || docOrder.set(s.docId, docOrder.size));
  return [...spans].sort((a, b) => docOrder.get(a.docId)! - docOrder.get(b.docId)! || a.start - b.start);
}
