import type { Citation, CitedSentence } from '../evidence/types.js';

/** The phrase inside an answer sentence that answers the question, in document offsets. */
export interface AnswerSpan {
  start: number;
  end: number;
  /** Verbatim: `documentText.slice(start, end)`. */
  text: string;
}

/** An answer sentence; the first (best) one may carry the phrase in it that answers the question. */
export interface AnswerSentence extends CitedSentence {
  /** The phrase that answers (a name, a date, an amount…), verbatim at document offsets inside the sentence; absent when none fits. */
  answerSpan?: AnswerSpan;
}

/**
 * An extractive answer that carries its evidence (the shape of `ask --json` in CONTRACT.md).
 * Renderers (Discord, terminal, JSON) format it and never change its text.
 */
export interface Answer {
  question: string;
  abstained: boolean;
  /** The answer's sentences joined by a space; empty when abstained. */
  answer: string;
  /** Most relevant first. When abstained: the nearest passages' sentences, as related reading. */
  sentences: AnswerSentence[];
  /**
   * Close runners-up, shown under the answer as "Also relevant" (at most two; empty when abstained
   * or when no runner-up is close). The answer stage always sets it; optional for older producers.
   */
  alsoRelevant?: AnswerSentence[];
  citations: Citation[];
  /**
   * 0..1: the calibrated probability that the quotes shown (the answer and any also-relevant
   * sentences) hold the answer. Never 1: a front end shows {@link confidenceLabel}, not a percentage.
   */
  confidence: number;
  /**
   * When abstained: true when the best-ranked sentence (`sentences[0]`) was withheld only for a
   * confidence just short of the threshold (every evidence check passed). Front ends show it as a
   * possible answer, never as related reading; the other sentences stay related reading.
   */
  possibleAnswer?: boolean;
  /** The confidence in words for people: "strong match", "partial match", "weak match", or "no match" when abstained. */
  confidenceLabel?: ConfidenceLabel;
  tookMs: number;
  /** Which index generation answered. */
  generation?: string;
}

/** The confidence of an answer in words. */
export type ConfidenceLabel = 'strong match' | 'partial match' | 'weak match' | 'no match';
