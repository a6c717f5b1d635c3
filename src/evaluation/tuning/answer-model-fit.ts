import { createAnswerer, type AnswerModel, type Answerer } from '../../answer/index.js';
import type { Embedder } from '../../embedding/embedder.js';
import { discrimination, expectedCalibrationError } from '../calibration.js';
import { isEvenArticle, type IndexedSquad, type SquadQuestion } from '../squad-corpus.js';
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
  /**
   * Questions in readers' own words over news articles (`npm run tune -- --readers FILE`), each
   * file its own corpus: they join SQuAD's in the ranking fit. The confidence model stays SQuAD's:
   * fitted on readers' questions too, it answered 25 more of six held-out sets' 281 questions right
   * but withheld 6 fewer of their 70 near off-topic ones.
   */
  readers?: readonly ReaderQuestionSet[];
  say: (line: string) => void;
}

/** A SQuAD-format file of readers' questions, indexed. */
export interface ReaderQuestionSet {
  name: string;
  full: IndexedSquad;
}

/** What a refit writes into its provenance itself. */
const FITTED_PROVENANCE = new Set(['tool', 'squadFile', 'squadSha256', 'feedbackFile', 'fittedOn', 'heldOut', 'readersFiles']);

/**
 * The notes a refit carries from the model it starts from: any other string in its provenance
 * says why a choice the fit keeps was made (the retrieval's lexical weight, the strong floor).
 */
export function provenanceNotes(provenance: AnswerModel['provenance']): Record<string, string> {
  return Object.fromEntries(Object.entries(provenance).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !FITTED_PROVENANCE.has(entry[0])));
}

/** Most of the answerable questions the threshold may withhold (on the tuning half). */
const MAX_ABSTAINED_ANSWERABLE = 0.05;

const round = (x: number) => Math.round(x * 1000) / 1000;
const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));
const answererFor = (full: IndexedSquad, embedder: Embedder, model: AnswerModel): Answerer =>
  createAnswerer(full.generation, embedder, { maxQuestionChars: 1000, model });

/** Fits ranking, also-relevant margin, confidence model and threshold, in that order. */
export async function fitAnswerModel(input: AnswerModelFitInput): Promise<{ model: AnswerModel; heldOut: Record<string, number> }> {
  const ranking = await fitRanking(input);
  const withRanking: AnswerModel = { ...input.start, ranking: { weights: ranking.weights, priors: input.start.ranking.priors } };
  const margin = await fitAlsoRelevantMargin(input, withRanking);
  const confidence = await fitConfidence(input, { ...withRanking, alsoRelevantMargin: margin });
  return {
    model: { ...withRanking, alsoRelevantMargin: margin, confidence: confidence.model, abstainBelow: confidence.threshold, labels: confidence.labels },
    heldOut: { rankingTop1: ranking.heldOutTop1, ...confidence.heldOut },
  };
}

async function fitRanking(input: AnswerModelFitInput) {
  const { start, embedder, full, say } = input;
  const fitted = start.features.filter((f) => !(f in start.ranking.priors));
  const listsOf = async (set: IndexedSquad, weight?: number) => {
    const answerer = answererFor(set, embedder, start);
    const lists: { docId: string; list: CandidateList }[] = [];
    let recalled = 0;
    for (const q of set.questions) {
      const { ranked } = await answerer.trace(q.question);
      const gold = ranked.map((s) => containsAnswer(s.sentence.text, q.answers));
      if (gold.some(Boolean)) recalled++;
      // Priors are fixed: their part of each score is a constant offset the fit cannot move, so rows
      // that a prior pushes down (a headline) are left out rather than fitted around.
      const keep = ranked.map((s) => Object.keys(start.ranking.priors).every((p) => (s.features[p] ?? 0) === 0));
      const list = { rows: ranked.filter((_, i) => keep[i]).map((s) => fitted.map((f) => s.features[f] ?? 0)), gold: gold.filter((_, i) => keep[i]), ...(weight === undefined ? {} : { weight }) };
      lists.push({ docId: q.docId, list });
    }
    return { lists, recall: round(recalled / Math.max(1, set.questions.length)) };
  };
  const squad = await listsOf(full);
  const tuning = squad.lists.filter((q) => isEvenArticle(q.docId)).map((q) => q.list);
  const heldOut = squad.lists.filter((q) => !isEvenArticle(q.docId)).map((q) => q.list);
  say(`candidates (${start.retrieval.passages} passages): recall ${squad.recall}`);
  const currentWeights = fitted.map((f) => start.ranking.weights[f] ?? 0);
  const startHeldOut = round(topOneShare(currentWeights, heldOut));
  say(`ranking, starting weights: top-1 tuning ${round(topOneShare(currentWeights, tuning))}, held out ${startHeldOut}`);
  // Scaled so coverage weighs 1: the score's size is then comparable from one fit to the next.
  const scaled = (raw: number[]) => {
    const scale = raw[fitted.indexOf('coverage')] ?? 1;
    return fitted.map((_, j) => Math.round((raw[j]! / scale) * 100) / 100);
  };
  const kept = { weights: { ...start.ranking.weights }, heldOutTop1: startHeldOut };
  if ((input.readers ?? []).length > 0) return fitRankingWithReaders(input, { fitted, tuning, heldOut, currentWeights, scaled, listsOf, kept });
  const rounded = scaled(fitListwise(tuning));
  const weights = Object.fromEntries(fitted.map((f, j) => [f, rounded[j]!]));
  const heldOutTop1 = round(topOneShare(rounded, heldOut));
  say(`ranking, fitted weights:  top-1 tuning ${round(topOneShare(rounded, tuning))}, held out ${heldOutTop1}`);
  if (heldOutTop1 <= startHeldOut) {
    // A refit is kept only when it ranks better on articles it was not fitted on.
    say('ranking: the starting weights do as well held out; kept');
    return kept;
  }
  return { weights, heldOutTop1 };
}

/**
 * How much one reader's question counts in the ranking fit against one of SQuAD's, and how hard
 * the fit is pulled back to the starting weights. Chosen on the readers' files, each ranked by a
 * fit without it (dev sets 5, 8, 10, 12, 14, 16, 17, all candidates: top-1 0.652 with the
 * starting weights; 0.611 refitted on SQuAD alone, 0.650 at weight 1, 0.666 at 16), SQuAD's odd
 * articles unchanged. Without the candidates a prior moves, as fitted here: 0.556 → 0.581.
 */
const READERS_RANKING_WEIGHT = 16;
const READERS_RANKING_L2 = 2e-4;
/** Weighted lists and a weak pull converge slowly: 800 steps stopped short (SQuAD held out 0.836 against 0.846). */
const READERS_RANKING_EPOCHS = 3000;

/**
 * The ranking refitted on SQuAD's even articles and readers' questions together, from the starting
 * weights. Kept only when it ranks SQuAD's odd articles at least as well and each readers' file
 * better when fitted without that file.
 */
async function fitRankingWithReaders(
  { readers = [], say }: AnswerModelFitInput,
  fit: {
    fitted: string[];
    tuning: CandidateList[];
    heldOut: CandidateList[];
    currentWeights: number[];
    scaled: (raw: number[]) => number[];
    listsOf: (set: IndexedSquad, weight?: number) => Promise<{ lists: { list: CandidateList }[] }>;
    /** The starting weights and their SQuAD held-out top-1, returned when the refit does no better. */
    kept: { weights: Record<string, number>; heldOutTop1: number };
  },
) {
  const byFile: CandidateList[][] = [];
  for (const set of readers) byFile.push((await fit.listsOf(set.full, READERS_RANKING_WEIGHT)).lists.map((q) => q.list));
  const refit = (files: CandidateList[][]) =>
    fit.scaled(fitListwise([...fit.tuning, ...files.flat()], { start: fit.currentWeights, l2: READERS_RANKING_L2, epochs: READERS_RANKING_EPOCHS }));
  let rightLeftOut = 0;
  let rightAtStart = 0;
  let asked = 0;
  byFile.forEach((lists, i) => {
    const without = refit(byFile.filter((_, j) => j !== i));
    rightLeftOut += topOneShare(without, lists) * lists.length;
    rightAtStart += topOneShare(fit.currentWeights, lists) * lists.length;
    asked += lists.length;
  });
  const rounded = refit(byFile);
  const heldOutTop1 = round(topOneShare(rounded, fit.heldOut));
  const [readersStart, readersLeftOut] = [round(rightAtStart / Math.max(1, asked)), round(rightLeftOut / Math.max(1, asked))];
  say(`ranking, fitted with readers' questions: top-1 SQuAD tuning ${round(topOneShare(rounded, fit.tuning))}, held out ${heldOutTop1}; readers' questions, each file fitted without it, ${readersLeftOut} (starting weights ${readersStart})`);
  if (heldOutTop1 < fit.kept.heldOutTop1 || readersLeftOut <= readersStart) {
    say('ranking: the refit does not rank both SQuAD held out and readers\' left-out files better; the starting weights kept');
    return fit.kept;
  }
  return { weights: Object.fromEntries(fit.fitted.map((f, j) => [f, rounded[j]!])), heldOutTop1 };
}

/**
 * The chance a runner-up must have of holding the answer to be shown. A fixed chance, not the
 * answer threshold: the margin feeds the confidence model (how many runners-up are shown), so
 * reading it off the threshold made each refit's margin depend on the last one's threshold.
 */
const ALSO_RELEVANT_CHANCE = 0.2;

/**
 * The margin within which a runner-up is shown: a logistic model of "this runner-up holds the
 * answer" over its score gap to the best sentence, read where it reaches {@link ALSO_RELEVANT_CHANCE}.
 */
async function fitAlsoRelevantMargin({ embedder, full, say }: AnswerModelFitInput, model: AnswerModel): Promise<number> {
  const answerer = answererFor(full, embedder, { ...model, alsoRelevantMargin: Number.MAX_VALUE });
  const gaps: number[][] = [];
  const labels: number[] = [];
  for (const q of full.questions.filter((question) => isEvenArticle(question.docId))) {
    const { ranked, alsoRelevant } = await answerer.trace(q.question);
    for (const runnerUp of alsoRelevant) {
      gaps.push([ranked[0]!.score - runnerUp.score]);
      labels.push(containsAnswer(runnerUp.sentence.text, q.answers) ? 1 : 0);
    }
  }
  const fit = fitLogistic(gaps, labels);
  const logit = Math.log(ALSO_RELEVANT_CHANCE / (1 - ALSO_RELEVANT_CHANCE));
  const slope = fit.weights[0]!;
  const margin = slope < 0 ? Math.max(0, (logit - fit.bias) / slope) : 0;
  say(`also relevant: P(runner-up holds the answer) at gap 0 ${round(logisticProbability(fit, [0]))}; shown within a margin of ${round(margin)}`);
  return round(margin);
}

interface ConfidenceExample {
  row: number[];
  right: boolean;
  /** The article the question is about: the unit the cross-fitting leaves out. */
  docId: string;
  kind: 'answerable' | 'impossible' | 'left-out';
  /** Withheld by one of the judge's evidence checks whatever the confidence. */
  gated: boolean;
}

/**
 * How strongly the confidence model is pulled toward zero weights. Stronger pulls (0.01 to 0.2)
 * were measured: they calibrate a little better across SQuAD's articles but separate questions
 * about an article the corpus lacks less well, and those are what a server's off-topic questions are.
 */
const CONFIDENCE_L2 = 0.001;

/**
 * The confidence model and threshold, fitted on every article; the figures reported are
 * cross-fitted, each article judged by a model fitted on the others, since a model that has seen
 * an article's questions reads as better calibrated on them than it is on a new corpus.
 */
async function fitConfidence(input: AnswerModelFitInput, model: AnswerModel) {
  const { embedder, full, say } = input;
  const names = [...model.features, 'unseen', 'margin', 'alsoRelevant'];
  const examples: ConfidenceExample[] = [];
  const ask = async (answerer: Answerer, q: SquadQuestion, kind: ConfidenceExample['kind']) => {
    const trace = await answerer.trace(q.question);
    if (trace.ranked.length === 0) return;
    const features = answerer.stages.judge.confidenceFeatures(trace.question, trace.ranked, trace.alsoRelevant);
    const right = kind === 'answerable' && shownHoldsAnswer(trace, q.answers);
    const gated = trace.judgement.abstained && trace.judgement.reason !== 'low-confidence';
    examples.push({ row: names.map((n) => features[n] ?? 0), right, docId: q.docId, kind, gated });
  };
  const answerer = answererFor(full, embedder, model);
  for (const q of full.questions) await ask(answerer, q, 'answerable');
  for (const q of full.unanswerable) await ask(answerer, q, 'impossible');
  for (let article = 0; article < input.articles; article++) {
    const without = answererFor(await input.leftOut(article), embedder, model);
    const docId = full.docIdOf(article);
    for (const q of [...full.questions, ...full.unanswerable].filter((question) => question.docId === docId)) await ask(without, q, 'left-out');
  }
  const judgedOutOfFold: JudgedExample[] = [];
  for (const docId of new Set(examples.map((e) => e.docId))) {
    const others = examples.filter((e) => e.docId !== docId);
    const fitted = calibratedConfidence(others);
    const threshold = thresholdFor(fitted, others);
    for (const e of examples.filter((example) => example.docId === docId)) judgedOutOfFold.push({ ...e, probability: logisticProbability(fitted, e.row), threshold });
  }
  const fitted = calibratedConfidence(examples);
  const threshold = thresholdFor(fitted, examples);
  const labels = labelThresholdsFor(judgedOutOfFold, threshold);
  const heldOut = { threshold, strongFrom: labels.strong, partialFrom: labels.partial, ...judged(judgedOutOfFold) };
  const inSample = judged(examples.map((e) => ({ ...e, probability: logisticProbability(fitted, e.row), threshold })));
  say(
    `confidence, each article judged by a model fitted on the others: abstains on ${heldOut.abstainedAnswerable} of answerable, ` +
      `${heldOut.abstainedImpossible} of impossible, ${heldOut.abstainedLeftOut} of questions about a left-out article; ` +
      `answers right ${heldOut.answeredRight}; calibration error ${heldOut.calibrationError}, discrimination (AUC) ${heldOut.discrimination} ` +
      `(fitted on every article, threshold ${threshold}: calibration error ${inSample.calibrationError} on them)`,
  );
  say(`labels, from the held-out judgements: strong match from ${labels.strong} (right ${labels.strongPrecision} of ${labels.strongCount}), partial match from ${labels.partial}`);
  return { model: roundedModel(fitted, names), threshold, labels: { strong: labels.strong, partial: labels.partial }, heldOut };
}

/** How often a held-out answer called "strong match" must be right, with room below the 85% promised. */
const STRONG_PRECISION = 0.88;
const PARTIAL_PRECISION = 0.5;
/** Fewer answers above a threshold than this say too little about its precision. */
const MIN_LABELLED = 25;

/**
 * The lowest confidences from which the answers given (not withheld) are right often enough to
 * be called a strong and a partial match, judged out of fold, over the questions a reader asks:
 * answerable ones, and ones about an article the corpus does not hold (an answer to those is
 * wrong). SQuAD's impossible questions are left out here: each is written against its paragraph
 * to look answerable from it (a negated or swapped detail), which no reader of a news corpus
 * does on purpose; they still teach the confidence model and its threshold.
 */
function labelThresholdsFor(set: readonly JudgedExample[], abstainBelow: number) {
  const answered = set.filter((e) => !abstains(e) && e.kind !== 'impossible');
  const lowestWith = (precision: number) => {
    for (let t = Math.max(abstainBelow, 0.01); t < 0.99; t += 0.01) {
      const above = answered.filter((e) => e.probability >= t);
      if (above.length < MIN_LABELLED) break;
      if (above.filter((e) => e.right).length / above.length >= precision) return { threshold: round(t), count: above.length, precision: round(above.filter((e) => e.right).length / above.length) };
    }
    return undefined;
  };
  const strong = lowestWith(STRONG_PRECISION);
  const partial = lowestWith(PARTIAL_PRECISION);
  return {
    // No threshold reaches the precision: "strong match" is never said.
    strong: strong?.threshold ?? 1,
    strongCount: strong?.count ?? 0,
    strongPrecision: strong?.precision ?? 0,
    partial: Math.min(partial?.threshold ?? abstainBelow, strong?.threshold ?? 1),
  };
}

/** An example with the probability a confidence model gave it and the threshold it was judged by. */
interface JudgedExample extends ConfidenceExample {
  probability: number;
  threshold: number;
}

const share = <T>(set: readonly T[], test: (e: T) => boolean) => round(set.filter(test).length / Math.max(1, set.length));
const abstains = (e: Pick<JudgedExample, 'gated' | 'probability' | 'threshold'>) => e.gated || e.probability < e.threshold;

/**
 * A logistic model of "the quotes shown hold the answer". The questions about left-out articles
 * teach it what the corpus cannot answer, but they are easy negatives that pull every probability
 * down: rescaled (Platt) on the questions asked of the corpus's own articles, answerable or not,
 * its output is a probability for those.
 */
function calibratedConfidence(train: readonly ConfidenceExample[]): LogisticModel {
  const separating = fitLogistic(train.map((e) => e.row), train.map((e) => (e.right ? 1 : 0)), { l2: CONFIDENCE_L2 });
  const asked = train.filter((e) => e.kind !== 'left-out');
  const platt = fitLogistic(asked.map((e) => [logit(logisticProbability(separating, e.row))]), asked.map((e) => (e.right ? 1 : 0)));
  const a = platt.weights[0]!;
  return { bias: a * separating.bias + platt.bias, weights: separating.weights.map((w) => a * w) };
}

/** The highest threshold that withholds at most the allowed share of answerable questions. */
function thresholdFor(model: LogisticModel, train: readonly ConfidenceExample[]): number {
  const answerable = train.filter((e) => e.kind === 'answerable').map((e) => ({ ...e, probability: logisticProbability(model, e.row) }));
  let threshold = 0.01;
  for (let t = 0.01; t < 0.95; t += 0.01) if (share(answerable, (e) => abstains({ ...e, threshold: t })) <= MAX_ABSTAINED_ANSWERABLE) threshold = round(t);
  return threshold;
}

/** How judged examples came out: abstentions by kind, right answers, calibration. */
function judged(set: readonly JudgedExample[]) {
  const ofKind = (kind: ConfidenceExample['kind']) => set.filter((e) => e.kind === kind);
  // As the judge reports it: an answer an evidence check withholds keeps its confidence below the threshold.
  const calibrated = [...ofKind('answerable'), ...ofKind('impossible')].map((e) => ({
    confidence: e.gated ? Math.min(e.probability, e.threshold * 0.9) : e.probability,
    right: e.right,
  }));
  return {
    abstainedAnswerable: share(ofKind('answerable'), abstains),
    answeredRight: share(ofKind('answerable'), (e) => !abstains(e) && e.right),
    abstainedImpossible: share(ofKind('impossible'), abstains),
    abstainedLeftOut: share(ofKind('left-out'), abstains),
    calibrationError: expectedCalibrationError(calibrated),
    discrimination: discrimination(calibrated),
  };
}

function roundedModel(fitted: LogisticModel, names: readonly string[]): AnswerModel['confidence'] {
  return {
    bias: Math.round(fitted.bias * 100) / 100,
    weights: Object.fromEntries(names.map((n, j) => [n, Math.round(fitted.weights[j]! * 100) / 100])),
  };
}
