import { createAnswerer, type AnswerModel, type Answerer } from '../../answer/index.js';
import type { Embedder } from '../../embedding/embedder.js';
import { expectedCalibrationError } from '../calibration.js';
import type { IndexedSquad, SquadQuestion } from '../squad-corpus.js';
import { containsAnswer, shownHoldsAnswer } from '../squad-evaluation.js';
import { fitListwise, fitLogistic, logisticProbability, topOneShare, type CandidateList, type LogisticModel } from './fit.js';

/** What fitting the answer model reads: the indexed file, and how to index it without one article. */
export interface AnswerModelFitInput {
  /** The model to start from: its features, priors and retrieval width are kept. */
  start: AnswerModel;
  embedder: Embedder;
  full: IndexedSquad;
  articles: number;
  leftOut: (article: number) => Promise<IndexedSquad>;
  say: (line: string) => void;
}

/** Most of the answerable questions the threshold may withhold (on the tuning half). */
const MAX_ABSTAINED_ANSWERABLE = 0.05;

const round = (x: number) => Math.round(x * 1000) / 1000;
const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));
const isTuning = (docId: string) => Number(docId.slice(-3)) % 2 === 0;
const answererFor = (full: IndexedSquad, embedder: Embedder, model: AnswerModel): Answerer =>
  createAnswerer(full.generation, embedder, { maxQuestionChars: 1000, model });

/** Fits ranking, also-relevant margin, confidence model and threshold, in that order. */
export async function fitAnswerModel(input: AnswerModelFitInput): Promise<{ model: AnswerModel; heldOut: Record<string, number> }> {
  const ranking = await fitRanking(input);
  const withRanking: AnswerModel = { ...input.start, ranking: { weights: ranking.weights, priors: input.start.ranking.priors } };
  const margin = await fitAlsoRelevantMargin(input, withRanking);
  const confidence = await fitConfidence(input, { ...withRanking, alsoRelevantMargin: margin });
  return {
    model: { ...withRanking, alsoRelevantMargin: margin, confidence: confidence.model, abstainBelow: confidence.threshold },
    heldOut: { rankingTop1: ranking.heldOutTop1, ...confidence.heldOut },
  };
}

async function fitRanking({ start, embedder, full, say }: AnswerModelFitInput) {
  const fitted = start.features.filter((f) => !(f in start.ranking.priors));
  const answerer = answererFor(full, embedder, start);
  const tuning: CandidateList[] = [];
  const heldOut: CandidateList[] = [];
  let recalled = 0;
  for (const q of full.questions) {
    const { ranked } = await answerer.trace(q.question);
    const gold = ranked.map((s) => containsAnswer(s.sentence.text, q.answers));
    if (gold.some(Boolean)) recalled++;
    // Priors are fixed: their part of each score is a constant offset the fit cannot move, so rows
    // that a prior pushes down (a headline) are left out rather than fitted around.
    const keep = ranked.map((s) => Object.keys(start.ranking.priors).every((p) => (s.features[p] ?? 0) === 0));
    const list = { rows: ranked.filter((_, i) => keep[i]).map((s) => fitted.map((f) => s.features[f] ?? 0)), gold: gold.filter((_, i) => keep[i]) };
    (isTuning(q.docId) ? tuning : heldOut).push(list);
  }
  say(`candidates (${start.retrieval.passages} passages): recall ${round(recalled / Math.max(1, full.questions.length))}`);
  const currentWeights = fitted.map((f) => start.ranking.weights[f] ?? 0);
  say(`ranking, starting weights: top-1 tuning ${round(topOneShare(currentWeights, tuning))}, held out ${round(topOneShare(currentWeights, heldOut))}`);
  const raw = fitListwise(tuning);
  // Scaled so coverage weighs 1: the score's size is then comparable from one fit to the next.
  const scale = raw[fitted.indexOf('coverage')] ?? 1;
  const weights = Object.fromEntries(fitted.map((f, j) => [f, Math.round((raw[j]! / scale) * 100) / 100]));
  const rounded = fitted.map((f) => weights[f]!);
  const heldOutTop1 = round(topOneShare(rounded, heldOut));
  say(`ranking, fitted weights:  top-1 tuning ${round(topOneShare(rounded, tuning))}, held out ${heldOutTop1}`);
  return { weights, heldOutTop1 };
}

/**
 * The margin within which a runner-up is shown: a logistic model of "this runner-up holds the
 * answer" over its score gap to the best sentence, read where it reaches the threshold an answer
 * must clear.
 */
async function fitAlsoRelevantMargin({ embedder, full, say }: AnswerModelFitInput, model: AnswerModel): Promise<number> {
  const answerer = answererFor(full, embedder, { ...model, alsoRelevantMargin: Number.MAX_VALUE });
  const gaps: number[][] = [];
  const labels: number[] = [];
  for (const q of full.questions.filter((question) => isTuning(question.docId))) {
    const { ranked, alsoRelevant } = await answerer.trace(q.question);
    for (const runnerUp of alsoRelevant) {
      gaps.push([ranked[0]!.score - runnerUp.score]);
      labels.push(containsAnswer(runnerUp.sentence.text, q.answers) ? 1 : 0);
    }
  }
  const fit = fitLogistic(gaps, labels);
  const logit = Math.log(model.abstainBelow / (1 - model.abstainBelow));
  const slope = fit.weights[0]!;
  const margin = slope < 0 ? Math.max(0, (logit - fit.bias) / slope) : 0;
  say(`also relevant: P(runner-up holds the answer) at gap 0 ${round(logisticProbability(fit, [0]))}; shown within a margin of ${round(margin)}`);
  return round(margin);
}

interface ConfidenceExample {
  row: number[];
  right: boolean;
  tuning: boolean;
  kind: 'answerable' | 'impossible' | 'left-out';
  /** Withheld by the topic check whatever the confidence. */
  gated: boolean;
}

async function fitConfidence(input: AnswerModelFitInput, model: AnswerModel) {
  const { embedder, full, say } = input;
  const names = [...model.features, 'unseen', 'margin', 'alsoRelevant'];
  const examples: ConfidenceExample[] = [];
  const ask = async (answerer: Answerer, q: SquadQuestion, kind: ConfidenceExample['kind'], tuning: boolean) => {
    const trace = await answerer.trace(q.question);
    if (trace.ranked.length === 0) return;
    const features = answerer.stages.judge.confidenceFeatures(trace.question, trace.ranked, trace.alsoRelevant);
    const right = kind === 'answerable' && shownHoldsAnswer(trace, q.answers);
    examples.push({ row: names.map((n) => features[n] ?? 0), right, tuning, kind, gated: trace.judgement.reason === 'topic-not-covered' });
  };
  const answerer = answererFor(full, embedder, model);
  for (const q of full.questions) await ask(answerer, q, 'answerable', isTuning(q.docId));
  for (const q of full.unanswerable) await ask(answerer, q, 'impossible', isTuning(q.docId));
  for (let article = 0; article < input.articles; article++) {
    const without = answererFor(await input.leftOut(article), embedder, model);
    const docId = full.docIdOf(article);
    for (const q of [...full.questions, ...full.unanswerable].filter((question) => question.docId === docId)) await ask(without, q, 'left-out', isTuning(docId));
  }
  const train = examples.filter((e) => e.tuning);
  const held = examples.filter((e) => !e.tuning);
  const fitted = calibratedConfidence(train);
  const threshold = thresholdFor(fitted, train);
  const heldOut = { threshold, ...judged(fitted, threshold, held) };
  // The other way round (fit on the odd articles, judge the even ones): how much of the gap is the
  // articles' own difficulty rather than the method.
  const reverse = calibratedConfidence(held);
  const reverseFigures = judged(reverse, thresholdFor(reverse, held), train);
  say(
    `confidence, held out at threshold ${threshold}: abstains on ${heldOut.abstainedAnswerable} of answerable, ` +
      `${heldOut.abstainedImpossible} of impossible, ${heldOut.abstainedLeftOut} of questions about a left-out article; ` +
      `answers right ${heldOut.answeredRight}; calibration error ${heldOut.calibrationError} ` +
      `(fitted the other way round: ${reverseFigures.calibrationError}; on its own fitting half: ${judged(fitted, threshold, train).calibrationError})`,
  );
  return { model: roundedModel(fitted, names), threshold, heldOut };
}

const share = (set: readonly ConfidenceExample[], test: (e: ConfidenceExample) => boolean) => round(set.filter(test).length / Math.max(1, set.length));
const abstains = (model: LogisticModel, e: ConfidenceExample, threshold: number) => e.gated || logisticProbability(model, e.row) < threshold;

/**
 * A logistic model of "the quotes shown hold the answer". The questions about left-out articles
 * teach it what the corpus cannot answer, but they are easy negatives that pull every probability
 * down: rescaled (Platt) on the questions asked of the corpus's own articles, answerable or not,
 * its output is a probability for those.
 */
function calibratedConfidence(train: readonly ConfidenceExample[]): LogisticModel {
  const separating = fitLogistic(train.map((e) => e.row), train.map((e) => (e.right ? 1 : 0)));
  const asked = train.filter((e) => e.kind !== 'left-out');
  const platt = fitLogistic(asked.map((e) => [logit(logisticProbability(separating, e.row))]), asked.map((e) => (e.right ? 1 : 0)));
  const a = platt.weights[0]!;
  return { bias: a * separating.bias + platt.bias, weights: separating.weights.map((w) => a * w) };
}

/** The highest threshold that withholds at most the allowed share of answerable questions. */
function thresholdFor(model: LogisticModel, train: readonly ConfidenceExample[]): number {
  const answerable = train.filter((e) => e.kind === 'answerable');
  let threshold = 0.01;
  for (let t = 0.01; t < 0.95; t += 0.01) if (share(answerable, (e) => abstains(model, e, t)) <= MAX_ABSTAINED_ANSWERABLE) threshold = round(t);
  return threshold;
}

/** How a confidence model and threshold do on a set of examples. */
function judged(model: LogisticModel, threshold: number, set: readonly ConfidenceExample[]) {
  const ofKind = (kind: ConfidenceExample['kind']) => set.filter((e) => e.kind === kind);
  const calibrated = [...ofKind('answerable'), ...ofKind('impossible')].map((e) => ({
    confidence: e.gated ? Math.min(logisticProbability(model, e.row), threshold * 0.9) : logisticProbability(model, e.row),
    right: e.right,
  }));
  return {
    abstainedAnswerable: share(ofKind('answerable'), (e) => abstains(model, e, threshold)),
    answeredRight: share(ofKind('answerable'), (e) => !abstains(model, e, threshold) && e.right),
    abstainedImpossible: share(ofKind('impossible'), (e) => abstains(model, e, threshold)),
    abstainedLeftOut: share(ofKind('left-out'), (e) => abstains(model, e, threshold)),
    calibrationError: expectedCalibrationError(calibrated),
  };
}

function roundedModel(fitted: LogisticModel, names: readonly string[]): AnswerModel['confidence'] {
  return {
    bias: Math.round(fitted.bias * 100) / 100,
    weights: Object.fromEntries(names.map((n, j) => [n, Math.round(fitted.weights[j]! * 100) / 100])),
  };
}
