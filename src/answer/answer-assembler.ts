import type { Sentence } from '../corpus/types.js';
import { buildCitations, foldCopies, sameSentenceAs, type CitationSource, type QuotedSpan, type SpanWithCopies } from '../evidence/index.js';
import type { Judgement } from './abstention-judge.js';
import type { PreparedQuestion } from './question-analysis.js';
import type { GenerationSentences } from './sentence-analysis.js';
import type { ScoredSentence } from './sentence-ranker.js';
import type { Answer } from './types.js';

/** Pronouns and connectives that make a sentence lean on the one before it. */
const LEANS_ON_PREVIOUS = /^[“"‘']?(he|she|they|it|this|that|these|those|his|her|their|its|such|the move|the decision|but|however|yet|still|meanwhile|instead)\b/i;

/** Everything an assembly step may read about how the answer was chosen. */
export interface AssemblyContext {
  question: PreparedQuestion;
  ranked: readonly ScoredSentence[];
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
    const spans: SpanWithCopies[] = abstained ? relatedReading(ranked) : withCopies(this.answerSpans(ranked[0]!, ranked), ranked);
    const { sentences, citations } = buildCitations(spans, this.citations);
    let answer: Answer = {
      question: context.question.text,
      abstained,
      answer: abstained ? '' : inReadingOrder(sentences).map((s) => s.text).join(' '),
      sentences,
      citations,
      confidence: Math.round(judgement.confidence * 1000) / 1000,
      tookMs: 0,
      generation: this.generationName,
    };
    for (const step of this.steps) answer = step(answer, context);
    answer.tookMs = Math.round((performance.now() - started) * 10) / 10;
    return answer;
  }

  /** The best sentence, its antecedent when it leans on one, and a close runner-up neighbour. */
  private answerSpans(best: ScoredSentence, scored: readonly ScoredSentence[]): QuotedSpan[] {
    const spans: QuotedSpan[] = [span(best.sentence)];
    const { previous, next } = this.sentences.adjacent(best.sentence);
    if (previous && LEANS_ON_PREVIOUS.test(best.sentence.text)) spans.push(span(previous));
    const nextScore = next && scored.find((s) => s.sentence.docId === next.docId && s.sentence.index === next.index);
    if (spans.length < 3 && next && nextScore && next.paragraph === best.sentence.paragraph && nextScore.score >= 0.85 * best.score) {
      spans.push(span(next));
    }
    return spans;
  }
}

/**
 * When abstaining: the sentences nearest the question, one per document, as related reading. A
 * sentence another document already gave (the same wire copy) is listed once, with both sources.
 */
function relatedReading(scored: readonly ScoredSentence[]): SpanWithCopies[] {
  const bestOfEachDocument = new Map<string, QuotedSpan>();
  for (const { sentence } of scored) if (!bestOfEachDocument.has(sentence.docId)) bestOfEachDocument.set(sentence.docId, span(sentence));
  return foldCopies([[...bestOfEachDocument.values()]])[0]!.slice(0, 3);
}

/**
 * Attaches to each answer span its copies: the same sentence, near-identical, in other documents
 * among the candidates (at most one per document). The answer shows it once, cited to every source.
 */
function withCopies(spans: QuotedSpan[], scored: readonly ScoredSentence[]): SpanWithCopies[] {
  const quoted = new Set(spans.map((s) => `${s.docId}:${s.start}`));
  return spans.map((answerSpan) => {
    const copies: QuotedSpan[] = [];
    const docs = new Set([answerSpan.docId]);
    const repeats = sameSentenceAs(answerSpan.text);
    for (const { sentence } of scored) {
      if (docs.has(sentence.docId) || quoted.has(`${sentence.docId}:${sentence.start}`)) continue;
      if (!repeats(sentence.text)) continue;
      docs.add(sentence.docId);
      copies.push(span(sentence));
    }
    return copies.length > 0 ? { ...answerSpan, copies } : answerSpan;
  });
}

function span(sentence: Sentence): QuotedSpan {
  return { text: sentence.text, docId: sentence.docId, start: sentence.start, end: sentence.end };
}

function inReadingOrder<T extends QuotedSpan>(spans: T[]): T[] {
  const docOrder = new Map<string, number>();
  spans.forEach((s) => docOrder.has(s.docId) || docOrder.set(s.docId, docOrder.size));
  return [...spans].sort((a, b) => docOrder.get(a.docId)! - docOrder.get(b.docId)! || a.start - b.start);
}
