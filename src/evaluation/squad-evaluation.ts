import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAnswerer, storeSentenceWords, validateQuestion, type AnswerTrace } from '../answer/index.js';
import type { Passage } from '../corpus/types.js';
import type { Embedder } from '../embedding/embedder.js';
import { openWordVectorCache, type WordVectorStore } from '../index/index.js';
import { discrimination, expectedCalibrationError, reliabilityTable, type CalibrationPoint, type ReliabilityBin } from './calibration.js';
import { indexSquadCorpus, type SquadFile } from './squad-corpus.js';

export { parseSquad, type SquadFile, type SquadQuestion } from './squad-corpus.js';

/** The `eval --json` object of CONTRACT.md. */
export interface SquadReport {
  dataset: string;
  questions: number;
  paragraphRecallAt1: number;
  paragraphRecallAt5: number;
  sentenceTop1: number;
  sentenceTop3: number;
  /** Share of answerable questions answered with the answer among the quotes shown (answer and also relevant). */
  shownTop3: number;
  /** Share of answerable questions whose answer is among the ranked candidate sentences at all. */
  candidateRecall: number;
  abstainedAnswerable: number;
  /** Questions SQuAD 2.0 marks impossible, and the share of them the answer stage abstained on. */
  unanswerableQuestions: number;
  abstainedUnanswerable: number;
  /**
   * Withheld answers offered as a possible answer (the best sentence passed every evidence check
   * but confidence): the share of answerable questions shown one, the share of those whose possible
   * answer holds a gold answer, and the share of impossible questions shown one.
   */
  possibleAnswers: { answerable: number; right: number; unanswerable: number };
  /** Expected calibration error of the confidence, over answerable and impossible questions. */
  calibrationError: number;
  /** How well the confidence tells right from wrong (area under the ROC curve; 0.5 is a coin). */
  discrimination: number;
  reliability: ReliabilityBin[];
  /**
   * Each confidence label as shown, over every question asked (answerable and impossible): how
   * many answers carried it and the share whose quotes held a gold answer (an answer to an
   * impossible question is wrong).
   */
  /**
   * Each confidence label: how many questions got it and the share right, over every question
   * (`count`, `right`), and apart for the answerable ones (what the label's promise is fitted on)
   * and the impossible ones (every answer to those is wrong).
   */
  labels: { label: string; count: number; right: number; answerable: number; answerableRight: number; unanswerable: number }[];
  /** Short answers (the first sentence's `answerSpan`) against the gold answers, over every question (none counts 0). */
  shortAnswerEM: number;
  shortAnswerF1: number;
  p50Ms: number;
  p95Ms: number;
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** SQuAD's exact match: 1 when the prediction equals a gold answer after normalisation. */
export function exactMatch(prediction: string, answers: readonly string[]): number {
  const normalised = normaliseAnswer(prediction);
  return answers.some((answer) => normaliseAnswer(answer) === normalised) ? 1 : 0;
}

/** SQuAD's F1: the best word-overlap F1 of the prediction against any gold answer. */
export function answerF1(prediction: string, answers: readonly string[]): number {
  const predicted = normaliseAnswer(prediction).split(' ').filter(Boolean);
  let best = 0;
  for (const answer of answers) {
    const gold = normaliseAnswer(answer).split(' ').filter(Boolean);
    const counts = new Map<string, number>();
    for (const word of gold) counts.set(word, (counts.get(word) ?? 0) + 1);
    let common = 0;
    for (const word of predicted) {
      const left = counts.get(word) ?? 0;
      if (left > 0) {
        common++;
        counts.set(word, left - 1);
      }
    }
    if (common === 0) continue;
    const precision = common / predicted.length;
    const recall = common / gold.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

export function containsAnswer(sentence: string, answers: string[]): boolean {
  const haystack = ` ${normaliseAnswer(sentence)} `;
  return answers.some((answer) => {
    const needle = normaliseAnswer(answer);
    return needle.length > 0 && haystack.includes(needle);
  });
}

/**
 * Whether the quotes an answer shows, or would show had it not abstained (the best sentence and
 * its also-relevant runners-up), hold a gold answer: what the confidence is a probability of.
 */
export function shownHoldsAnswer(trace: Pick<AnswerTrace, 'ranked' | 'alsoRelevant'>, answers: string[]): boolean {
  const shown = [trace.ranked[0], ...trace.alsoRelevant].filter((s) => s !== undefined);
  return answers.length > 0 && shown.some((s) => containsAnswer(s.sentence.text, answers));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Open-corpus evaluation: every article becomes one document (paragraphs separated by a blank
 * line), all indexed together; every answerable question is asked through the same Answerer the
 * bot uses. Paragraph recall is measured on the retriever's ranking.
 */
export async function evaluateSquad(
  squad: SquadFile,
  options: { dataset: string; embedder: Embedder; maxQuestionChars: number; onProgress?: (done: number, total: number) => void },
): Promise<SquadReport> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-squad-'));
  let wordVectors: WordVectorStore | undefined;
  try {
    const { generation, questions, unanswerable } = await indexSquadCorpus(squad, workDir, options.embedder);
    // As served: the corpus's words read from the word-vector cache a build fills (a pretrained model only).
    wordVectors = openWordVectorCache(path.join(workDir, 'index'), options.embedder);
    if (wordVectors) await storeSentenceWords(options.embedder, wordVectors, generation.servedDocuments().flatMap((d) => generation.sentencesOf(d.docId).map((s) => s.text)));
    const answerer = createAnswerer(generation, options.embedder, { maxQuestionChars: options.maxQuestionChars, wordVectors });
    const { questions: analyser, retriever } = answerer.stages;

    // Paragraph of a passage or an offset, from the sentences the generation already holds.
    const paragraphOfPassage = (passage: Passage) => generation.sentencesOf(passage.docId)[passage.sentenceIndexes[0]!]!.paragraph;
    const paragraphAt = (docId: string, offset: number) => generation.sentencesOf(docId).find((s) => s.end > offset)?.paragraph;

    let recallAt1 = 0, recallAt5 = 0, top1 = 0, top3 = 0, shown = 0, candidates = 0, abstained = 0, abstainedImpossible = 0, possible = 0, possibleRight = 0, possibleImpossible = 0, shortEM = 0, shortF1 = 0;
    const latencies: number[] = [];
    const calibration: CalibrationPoint[] = [];
    const byLabel = new Map<string, { count: number; right: number; answerable: number; impossible: number }>();
    const total = questions.length + unanswerable.length;
    for (const [i, q] of [...questions, ...unanswerable].entries()) {
      const started = performance.now();
      const prepared = await analyser.prepare(validateQuestion(q.question, options.maxQuestionChars));
      const trace = await answerer.answerPrepared(prepared, started);
      const { answer, ranked } = trace;
      const right = shownHoldsAnswer(trace, q.answers);
      calibration.push({ confidence: answer.confidence, right });
      const label = answer.confidenceLabel ?? 'no match';
      const tally = byLabel.get(label) ?? { count: 0, right: 0, answerable: 0, impossible: 0 };
      const impossible = q.answers.length === 0;
      byLabel.set(label, {
        count: tally.count + 1,
        right: tally.right + (right && !answer.abstained ? 1 : 0),
        answerable: tally.answerable + (impossible ? 0 : 1),
        impossible: tally.impossible + (impossible ? 1 : 0),
      });
      options.onProgress?.(i + 1, total);
      if (q.answers.length === 0) {
        if (answer.abstained) abstainedImpossible++;
        if (answer.possibleAnswer) possibleImpossible++;
        continue;
      }
      latencies.push(performance.now() - started);

      // Paragraph recall over a wider retrieval of the same prepared question (no second embedding).
      const paragraphs: string[] = [];
      for (const hit of await retriever.retrieve(prepared, { limit: 20, perDocumentCap: 20, lexicalWeight: answerer.retrieval.lexicalWeight })) {
        const key = `${hit.passage.docId}:${paragraphOfPassage(hit.passage)}`;
        if (!paragraphs.includes(key)) paragraphs.push(key);
      }
      const goldKey = `${q.docId}:${paragraphAt(q.docId, q.paragraphStart)}`;
      if (paragraphs[0] === goldKey) recallAt1++;
      if (paragraphs.slice(0, 5).includes(goldKey)) recallAt5++;

      if (answer.abstained) {
        abstained++;
        if (answer.possibleAnswer) {
          possible++;
          if (answer.sentences[0] && containsAnswer(answer.sentences[0].text, q.answers)) possibleRight++;
        }
      } else {
        if (answer.sentences[0] && containsAnswer(answer.sentences[0].text, q.answers)) top1++;
        if ([...answer.sentences, ...(answer.alsoRelevant ?? [])].some((s) => containsAnswer(s.text, q.answers))) shown++;
        const short = answer.sentences[0]?.answerSpan?.text;
        if (short !== undefined) {
          shortEM += exactMatch(short, q.answers);
          shortF1 += answerF1(short, q.answers);
        }
      }
      if (ranked.slice(0, 3).some((s) => containsAnswer(s.sentence.text, q.answers))) top3++;
      if (ranked.some((s) => containsAnswer(s.sentence.text, q.answers))) candidates++;
    }
    latencies.sort((a, b) => a - b);
    const n = Math.max(1, questions.length);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      dataset: options.dataset,
      questions: questions.length,
      paragraphRecallAt1: round(recallAt1 / n),
      paragraphRecallAt5: round(recallAt5 / n),
      sentenceTop1: round(top1 / n),
      sentenceTop3: round(top3 / n),
      shownTop3: round(shown / n),
      candidateRecall: round(candidates / n),
      abstainedAnswerable: round(abstained / n),
      unanswerableQuestions: unanswerable.length,
      abstainedUnanswerable: round(abstainedImpossible / Math.max(1, unanswerable.length)),
      possibleAnswers: {
        answerable: round(possible / n),
        right: round(possibleRight / Math.max(1, possible)),
        unanswerable: round(possibleImpossible / Math.max(1, unanswerable.length)),
      },
      calibrationError: expectedCalibrationError(calibration),
      discrimination: discrimination(calibration),
      reliability: reliabilityTable(calibration),
      labels: ['strong match', 'partial match', 'weak match', 'no match'].map((label) => {
        const tally = byLabel.get(label) ?? { count: 0, right: 0, answerable: 0, impossible: 0 };
        return {
          label,
          count: tally.count,
          right: round(tally.right / Math.max(1, tally.count)),
          answerable: tally.answerable,
          answerableRight: round(tally.right / Math.max(1, tally.answerable)),
          unanswerable: tally.impossible,
        };
      }),
      shortAnswerEM: round(shortEM / n),
      shortAnswerF1: round(shortF1 / n),
      p50Ms: round(percentile(latencies, 0.5)),
      p95Ms: round(percentile(latencies, 0.95)),
    };
  } finally {
    wordVectors?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

