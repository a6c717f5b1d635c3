import type { Sentence } from '../corpus/types.js';
import { labelOf } from './confidence-label.js';
import { buildCitations, foldCopies, type CitationSource, type QuotedSpan, type SpanWithCopies } from '../evidence/index.js';
import { introducesNext, leansOnPrevious } from '../text/index.js';
import type { Judgement } from './abstention-judge.js';
import type { PreparedQuestion } from './question-reader.js';
import type { GenerationSentences } from './sentence-analysis.js';
import type { ScoredSentence } from './sentence-ranker.js';
import type { Answer } from './types.js';

/** Pronouns and connectives that make a sentence lean on the one before it. */

/** Everything an assembly step may read about how the answer was chosen. */
export interface AssemblyContext {
  question: PreparedQuestion;
  ranked: readonly ScoredSentence[];
  /** The runners-up to show beside the answer. */
  alsoRelevant: readonly ScoredSentence[];
  judgement: Judgement;
}

/**
 * A step after the answer's sentences and citations are built (e.g. marking the short answer in
 * each sentence). It returns the answer to pass on; it must keep every quoted character verbatim.
 */
export type AnswerAssemblyStep = (answer: Answer, context: AssemblyContext) => Answer;

/**
 * Turns a ranking and a verdict into the Answer: the best sentence with the neighbour it leans on
 * and a close runner-up beside it, or related reading when abstaining; copies of each sentence in
 * other outlets; numbered citations (src/evidence/); then any further steps.
 */
export class AnswerAssembler {
  constructor(
    private readonly sentences: GenerationSentences,
    private readonly citations: CitationSource,
    private readonly generationName: string,
    private readonly steps: readonly AnswerAssemblyStep[] = [],
  ) {}

  assemble(context: AssemblyContext, started: number): Answer {
    const { ranked, judgement } = context;
    const { abstained } = judgement;
    const spans: SpanWithCopies[] = abstained ? relatedReading(ranked) : this.withCopies(this.answerSentences(ranked[0]!, ranked), ranked);
    const quoted = new Set(spans.map((s) => `${s.docId}:${s.start}`));
    const runnersUp = abstained ? [] : this.withCopies(context.alsoRelevant.map((c) => c.sentence).filter((s) => !quoted.has(`${s.docId}:${s.start}`)), ranked);
    // One numbering for both lists: the answer's sources come first.
    const { sentences: cited, citations } = buildCitations([...spans, ...runnersUp], this.citations);
    const sentences = cited.slice(0, spans.length);
    let answer: Answer = {
      question: context.question.text,
      abstained,
      answer: abstained ? '' : inReadingOrder(sentences).map((s) => s.text).join(' '),
      sentences,
      alsoRelevant: cited.slice(spans.length),
      citations,
      confidence: shownConfidence(judgement.confidence),
      confidenceLabel: judgement.label ?? labelOf(judgement),
      ...(abstained && { possibleAnswer: judgement.possible === true && spans.length > 0 }),
      tookMs: 0,
      generation: this.generationName,
    };
    for (const step of this.steps) answer = step(answer, context);
    answer.tookMs = Math.round((performance.now() - started) * 10) / 10;
    return answer;
  }

  /** The best sentence, its antecedent when it leans on one, and a close runner-up neighbour. */
  private answerSentences(best: ScoredSentence, scored: readonly ScoredSentence[]): Sentence[] {
    const chosen: Sentence[] = [best.sentence];
    const { previous, next } = this.sentences.adjacent(best.sentence);
    // An article's own question is never quoted as part of an answer, not even as its antecedent.
    const isQuestion = (s: Sentence) => this.sentences.analysis(s).questionShaped;
    if (previous && leansOnPrevious(best.sentence.text) && !isQuestion(previous)) chosen.push(previous);
    const nextScore = next && scored.find((s) => s.sentence.docId === next.docId && s.sentence.index === next.index);
    // The next sentence of the paragraph comes too when it scores close, or when the best one only
    // leads into it ("Patient groups urged caution." before what the group said).
    const leadIn = introducesNext(best.sentence.text) && previous?.paragraph !== best.sentence.paragraph;
    if (chosen.length < 3 && next && next.paragraph === best.sentence.paragraph && ((leadIn && !isQuestion(next)) || (nextScore && nextScore.score >= 0.85 * best.score))) {
      chosen.push(next);
    }
    return chosen;
  }

  /**
   * Each sentence as a span with its copies: the same sentence, near-identical, in other documents
   * among the candidates (at most one per document). The answer shows it once, cited to every source.
   */
  private withCopies(chosen: readonly Sentence[], scored: readonly ScoredSentence[]): SpanWithCopies[] {
    const quoted = new Set(chosen.map((s) => `${s.docId}:${s.start}`));
    return chosen.map((sentence) => {
      const copies: QuotedSpan[] = [];
      const docs = new Set([sentence.docId]);
      const repeats = this.sentences.copiesOf(sentence);
      for (const { sentence: other } of scored) {
        if (docs.has(other.docId) || quoted.has(`${other.docId}:${other.start}`) || !repeats(other)) continue;
        docs.add(other.docId);
        copies.push(span(other));
      }
      return copies.length > 0 ? { ...span(sentence), copies } : span(sentence);
    });
  }
}

/** Confidence as shown: three decimals, and never certainty (no calibration reaches 1). */
function shownConfidence(confidence: number): number {
  return Math.min(MAX_SHOWN_CONFIDENCE, Math.round(confidence * 1000) / 1000);
}

/** The highest confidence an answer shows. */
const MAX_SHOWN_CONFIDENCE = 0.99;

/** Share of the best candidate's similarity to the question that a sentence of related reading needs, past the nearest. */
const RELATED_SIMILARITY_SHARE = 2 / 3;

/**
 * When abstaining: the sentences nearest the question, one per document, as related reading. A
 * sentence another document already gave (the same wire copy) is listed once, with both sources.
 * After the nearest, a sentence is related only if it shares a word of the question and is near it
 * in meaning (two thirds of the similarity of the candidate nearest in meaning): in a small corpus
 * every article has a nearest sentence, and "Why were the coins hidden?" listed a football club's
 * and a wildfire's beside the coin hoard's; "Why did so many planes stay on the ground?" listed a
 * president who "intends to stay there" and rebels who "gained ground".
 */
function relatedReading(scored: readonly ScoredSentence[]): SpanWithCopies[] {
  const nearInMeaning = RELATED_SIMILARITY_SHARE * Math.max(0, ...scored.map((s) => s.similarity));
  const bestOfEachDocument = new Map<string, QuotedSpan>();
  for (const [rank, { sentence, evidence, similarity }] of scored.entries()) {
    if (bestOfEachDocument.has(sentence.docId) || (rank > 0 && (evidence.coverage === 0 || similarity < nearInMeaning))) continue;
    bestOfEachDocument.set(sentence.docId, span(sentence));
  }
  return foldCopies([[...bestOfEachDocument.values()]])[0]!.slice(0, 3);
}

function span(sentence: Sentence): QuotedSpan {
  return { text: sentence.text, docId: sentence.docId, start: sentence.start, end: sentence.end };
}

function inReadingOrder<T extends QuotedSpan>(spans: T[]): T[] {
  const docOrder = new Map<string, number>();
  spans.forEach((s) => docOrder.has(s.docId) || docOrder.set(s.docId, docOrder.size));
  return [...spans].sort((a, b) => docOrder.get(a.docId)! - docOrder.get(b.docId)! || a.start - b.start);
}
