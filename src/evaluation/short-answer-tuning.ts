import { analyseQuestion, SHORT_ANSWER_FEATURES, shortAnswerCandidates, type ShortAnswerWeights } from '../answer/index.js';
import { splitSentences } from '../corpus/index.js';
import { answerF1, containsAnswer, exactMatch, type SquadFile } from './squad-evaluation.js';
import { bestRow, dot } from './tuning/fit.js';

/** One SQuAD question with the sentence of its paragraph that holds the answer, and its candidates. */
export interface ShortAnswerExample {
  article: number;
  answers: string[];
  sentence: string;
  candidates: { text: string; features: number[]; f1: number }[];
}

/**
 * The examples short answers are fitted and measured on: each answerable question of the file with
 * the first sentence of its paragraph that contains a gold answer ("given the right sentence").
 */
export function shortAnswerExamples(squad: SquadFile): ShortAnswerExample[] {
  const examples: ShortAnswerExample[] = [];
  squad.data.forEach((article, articleNumber) => {
    for (const paragraph of article.paragraphs) {
      const sentences = splitSentences(paragraph.context.replace(/\s*\n\s*/g, ' ').trim());
      for (const qa of paragraph.qas) {
        if (qa.is_impossible || qa.answers.length === 0) continue;
        const answers = qa.answers.map((a) => a.text);
        const sentence = sentences.find((s) => containsAnswer(s.text, answers));
        if (!sentence) continue;
        const question = analyseQuestion(qa.question);
        const candidates = shortAnswerCandidates(question, sentence.text).map((c) => {
          const text = sentence.text.slice(c.start, c.end);
          return { text, features: SHORT_ANSWER_FEATURES.map((f) => c.features[f]), f1: answerF1(text, answers) };
        });
        examples.push({ article: articleNumber, answers, sentence: sentence.text, candidates });
      }
    }
  });
  return examples;
}

/** Exact match and F1 of the best-scoring candidate, averaged over the examples. */
export function measureShortAnswers(examples: readonly ShortAnswerExample[], weights: ShortAnswerWeights): { exactMatch: number; f1: number } {
  let em = 0;
  let f1 = 0;
  for (const example of examples) {
    const best = bestCandidate(example, weights);
    if (!best) continue;
    em += exactMatch(best.text, example.answers);
    f1 += best.f1;
  }
  const n = Math.max(1, examples.length);
  return { exactMatch: em / n, f1: f1 / n };
}

/** The best-scoring candidate: the examples keep features as rows in SHORT_ANSWER_FEATURES order, so the weights are laid out the same. */
function bestCandidate(example: ShortAnswerExample, weights: ShortAnswerWeights) {
  const row = SHORT_ANSWER_FEATURES.map((f) => weights[f]);
  return example.candidates[bestRow(row, example.candidates.map((c) => c.features))];
}

/**
 * Fits the weights listwise: a softmax over each question's candidates, toward those with the best
 * F1 against the gold answers (questions whose candidates all miss are left out), with a small L2
 * penalty, by gradient descent.
 */
export function fitShortAnswerWeights(examples: readonly ShortAnswerExample[], options: { epochs?: number; rate?: number; l2?: number } = {}): ShortAnswerWeights {
  const { epochs = 400, rate = 0.5, l2 = 0.001 } = options;
  const dims = SHORT_ANSWER_FEATURES.length;
  const w = new Array<number>(dims).fill(0);
  const usable = examples.filter((e) => e.candidates.some((c) => c.f1 > 0));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gradient = w.map((x) => l2 * x);
    for (const example of usable) {
      const scores = example.candidates.map((c) => dot(c.features, w));
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const total = exp.reduce((a, b) => a + b, 0);
      const bestF1 = Math.max(...example.candidates.map((c) => c.f1));
      const target = example.candidates.map((c, i) => (c.f1 === bestF1 ? exp[i]! : 0));
      const targetTotal = target.reduce((a, b) => a + b, 0);
      example.candidates.forEach((c, i) => {
        const weight = exp[i]! / total - target[i]! / targetTotal;
        c.features.forEach((f, d) => (gradient[d]! += (weight * f) / usable.length));
      });
    }
    for (let d = 0; d < dims; d++) w[d]! -= rate * gradient[d]!;
  }
  return Object.fromEntries(SHORT_ANSWER_FEATURES.map((f, i) => [f, Math.round(w[i]! * 100) / 100])) as ShortAnswerWeights;
}
