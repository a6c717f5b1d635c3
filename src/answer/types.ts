import type { Citation, CitedSentence } from '../evidence/types.js';
import type { AnswerSpan } from './short-answer.js';

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
  citations: Citation[];
  /** 0..1, calibrated so that abstention happens below a measured threshold. */
  confidence: number;
  tookMs: number;
  /** Which index generation answered. */
  generation?: string;
}
