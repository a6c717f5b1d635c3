import { stem } from '../text/index.js';
import { MAX_ALSO_RELEVANT } from './also-relevant.js';
import type { AnswerModel } from './answer-model.js';
import type { AnalysedQuestion } from './question-analysis.js';
import type { GenerationSentences } from './sentence-analysis.js';
import type { ScoredSentence } from './sentence-ranker.js';

/** Why the answer stage answered or abstained. */
export type AbstentionReason =
  | 'answered'
  /** Retrieval found nothing to rank. */
  | 'no-candidates'
  /** The confidence model puts the best sentence below the threshold. */
  | 'low-confidence'
  /** The best sentence shares the question's names but nothing of what it asks. */
  | 'topic-not-covered';

/** The judge's verdict on a ranked list of candidates. */
export interface Judgement {
  /** Probability, 0..1, that the best sentence answers the question. */
  confidence: number;
  abstained: boolean;
  reason: AbstentionReason;
}

/**
 * Words that frame a question rather than name what it asks about ("What kind of…", "When did
 * the siege take place?", "Who became king?", "What does CBD stand for?"): the topic check does
 * not ask an answer to repeat them.
 */
const QUESTION_FRAME_TERMS = new Set(
  ['become', 'became', 'take', 'took', 'taken', 'place', 'happen', 'happened', 'occur', 'occurred', 'get', 'got', 'make', 'made',
    'give', 'gave', 'come', 'came', 'go', 'went', 'use', 'used', 'name', 'named', 'kind', 'type', 'sort', 'stand', 'call', 'called',
    'known', 'refer'].map(stem),
);

/**
 * Decides whether the best candidate answers the question: the answer model's logistic confidence
 * over the best sentence's features and the question's own, a threshold read off a measured
 * trade-off, and a topic check for what one sentence's features cannot show.
 */
export class AbstentionJudge {
  constructor(
    private readonly model: Pick<AnswerModel, 'confidence' | 'abstainBelow'>,
    private readonly sentences: GenerationSentences,
  ) {}

  /**
   * The confidence model's inputs: the best sentence's features, the question's own, and how many
   * runners-up are shown beside it (split evidence can be shown at a lower confidence).
   */
  confidenceFeatures(question: AnalysedQuestion, ranked: readonly ScoredSentence[], alsoRelevant: readonly ScoredSentence[] = []): Record<string, number> {
    const best = ranked[0]!;
    // The runner-up is the best other sentence; the same sentence in another outlet's copy is no rival.
    const repeatsBest = this.sentences.copiesOf(best.sentence);
    const runnerUp = ranked.slice(1).find((c) => !repeatsBest(c.sentence));
    return {
      ...best.features,
      unseen: question.unseenWeight,
      margin: best.score - (runnerUp?.score ?? 0),
      alsoRelevant: alsoRelevant.length / MAX_ALSO_RELEVANT,
    };
  }

  /** Probability, 0..1, that the quotes shown (the best sentence and its runners-up) answer the question. */
  confidence(question: AnalysedQuestion, ranked: readonly ScoredSentence[], alsoRelevant: readonly ScoredSentence[] = []): number {
    if (ranked.length === 0) return 0;
    const features = this.confidenceFeatures(question, ranked, alsoRelevant);
    let z = this.model.confidence.bias;
    for (const [name, weight] of Object.entries(this.model.confidence.weights)) z += weight * (features[name] ?? 0);
    return 1 / (1 + Math.exp(-z));
  }

  judge(question: AnalysedQuestion, ranked: readonly ScoredSentence[], alsoRelevant: readonly ScoredSentence[] = []): Judgement {
    const best = ranked[0];
    if (!best) return { confidence: 0, abstained: true, reason: 'no-candidates' };
    const threshold = this.model.abstainBelow;
    const confidence = this.confidence(question, ranked, alsoRelevant);
    // What the confidence model cannot see in one sentence's features: evidence that shares the
    // question's names but says nothing about what it asks ("When was X born?" against sentences
    // that only mention X). Such an answer is withheld, its confidence kept below the threshold.
    const withheld = { confidence: Math.min(confidence, threshold * 0.9), abstained: true };
    if (!this.coversTopic(question, best)) return { ...withheld, reason: 'topic-not-covered' };
    if (confidence < threshold) return { confidence, abstained: true, reason: 'low-confidence' };
    return { confidence, abstained: false, reason: 'answered' };
  }

  /**
   * Whether the best sentence, with its neighbours, says anything about what the question asks
   * (its words other than names), exactly or through a near-synonym.
   */
  private coversTopic(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const topicTerms = [...question.terms.keys()].filter((t) => !question.nameTerms.has(t) && !QUESTION_FRAME_TERMS.has(t));
    if (topicTerms.length === 0 || best.evidence.softCoverage > 0) return true;
    const { previous, next } = this.sentences.adjacent(best.sentence);
    const around = [previous, best.sentence, next].filter((s) => s !== undefined).map((s) => this.sentences.analysis(s).stemSet);
    return topicTerms.some((t) => around.some((present) => present.has(t)));
  }
}
