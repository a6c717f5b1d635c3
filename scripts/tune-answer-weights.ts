/**
 * Developer tool: `npx tsx scripts/tune-answer-weights.ts --squad FILE`. Fits the answer
 * scorer's two small models on a SQuAD-format file and prints them; it changes nothing.
 *
 * 1. Ranking: a linear score fitted listwise (softmax over each question's candidates, the
 *    sentences holding the gold answer as the target), so the fit rewards what the answer shows,
 *    the top sentence. Fitted on the even-numbered articles and reported on the odd ones, so a
 *    weight that only fits the tuning questions shows up as a gap. (Pairwise logistic regression,
 *    used before, weighs every wrong candidate alike and scored about a point lower held out.)
 * 2. Confidence: logistic regression on the best sentence's features. Positives: answerable
 *    questions whose best sentence holds the answer. Negatives: every question asked of an index
 *    built without its own article (the corpus cannot answer it).
 *    `--near-misses` adds harder negatives (an answerable question with one word swapped for a
 *    word the index never saw) and balances the classes. Tried for the shipped model: it
 *    separated worse and abstained on more right answers, so the shipped model is the default fit.
 * Paste the printed weights into src/answer/answerer.ts (the headline weight there is a prior:
 * SQuAD has no headlines to fit it on).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  Answerer,
  confidenceFeatures,
  featuresOf,
  SENTENCE_WEIGHTS,
  type ConfidenceFeature,
  type SentenceFeature,
  type SentenceWeights,
} from '../src/answer/index.js';
import { containsAnswer, parseSquad, writeSquadCorpus, type SquadFile, type SquadQuestion } from '../src/evaluation/squad-evaluation.js';
import { createEmbedder } from '../src/embedding/index.js';
import { buildIndexGeneration, loadServedGeneration } from '../src/index/index.js';

const { values } = parseArgs({ options: { squad: { type: 'string' }, 'near-misses': { type: 'boolean', default: false } } });
const nearMisses = values['near-misses'] === true;
if (!values.squad) throw new Error('--squad FILE is required');
const squad = parseSquad(await readFile(values.squad, 'utf8'));
const embedder = await createEmbedder({ model: 'embedded', modelsDir: './models', allowRemoteModels: false, log: console.error });
const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-tune-'));

const sentenceFeatures = Object.keys(SENTENCE_WEIGHTS) as SentenceFeature[];

/** Indexes a SQuAD file; `answerer(weights)` answers over that index with given ranking weights. */
async function indexSquad(data: SquadFile, name: string): Promise<{ answerer: (weights?: SentenceWeights) => Answerer; questions: SquadQuestion[] }> {
  const corpusDir = path.join(workDir, name, 'corpus');
  const indexDir = path.join(workDir, name, 'index');
  const questions = await writeSquadCorpus(data, corpusDir);
  await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 50 * 1024 * 1024 });
  const generation = await loadServedGeneration(indexDir, embedder);
  return { answerer: (weights) => new Answerer(generation, embedder, { maxQuestionChars: 1000, weights }), questions };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Logistic regression by full-batch gradient descent with a little L2, on feature rows. */
function fitLogistic(rows: number[][], labels: number[], options: { bias: boolean; epochs?: number; rate?: number; l2?: number; balanced?: boolean }): number[] {
  const dims = rows[0]!.length + (options.bias ? 1 : 0);
  const w = new Array<number>(dims).fill(0);
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  // Balanced: each class weighs as much as the other, so the fitted 0.5 sits between them.
  const positives = labels.filter((l) => l === 1).length;
  const sampleWeight = labels.map((l) => (options.balanced ? (l === 1 ? rows.length / (2 * positives) : rows.length / (2 * (rows.length - positives))) : 1));
  for (let epoch = 0; epoch < (options.epochs ?? 3000); epoch++) {
    const gradient = new Array<number>(dims).fill(0);
    rows.forEach((row, i) => {
      const x = options.bias ? [...row, 1] : row;
      const p = sigmoid(x.reduce((sum, v, j) => sum + v * w[j]!, 0));
      const error = (p - labels[i]!) * sampleWeight[i]!;
      x.forEach((v, j) => (gradient[j]! += error * v));
    });
    for (let j = 0; j < dims; j++) w[j]! -= rate * (gradient[j]! / rows.length + l2 * w[j]!);
  }
  return w;
}

/**
 * Listwise fit: for each question, a softmax over its candidates' linear scores, pushed toward
 * the candidates that hold the answer. Full-batch gradient descent with a little L2.
 */
function fitListwise(questions: { rows: number[][]; gold: boolean[] }[], options: { epochs?: number; rate?: number; l2?: number } = {}): number[] {
  const usable = questions.filter((q) => q.gold.some(Boolean));
  const dims = usable[0]?.rows[0]?.length ?? 0;
  const w = new Array<number>(dims).fill(0);
  const rate = options.rate ?? 1;
  const l2 = options.l2 ?? 1e-3;
  for (let epoch = 0; epoch < (options.epochs ?? 800); epoch++) {
    const gradient = new Array<number>(dims).fill(0);
    for (const { rows, gold } of usable) {
      const scores = rows.map((row) => row.reduce((sum, v, j) => sum + v * w[j]!, 0));
      const top = Math.max(...scores);
      const exp = scores.map((z) => Math.exp(z - top));
      const total = exp.reduce((a, b) => a + b, 0);
      const golds = gold.filter(Boolean).length;
      rows.forEach((row, i) => {
        const error = exp[i]! / total - (gold[i] ? 1 / golds : 0);
        row.forEach((v, j) => (gradient[j]! += error * v));
      });
    }
    for (let j = 0; j < dims; j++) w[j]! -= rate * (gradient[j]! / usable.length + l2 * w[j]!);
  }
  return w;
}

try {
  // 1. Ranking features of every candidate, on the full corpus.
  const full = await indexSquad(squad, 'full');
  type Candidates = { question: SquadQuestion; rows: number[][]; gold: boolean[] };
  const byQuestion: Candidates[] = [];
  for (const q of full.questions) {
    const { ranked } = await full.answerer().rank(q.question);
    byQuestion.push({
      question: q,
      rows: ranked.map((s) => sentenceFeatures.map((f) => featuresOf(s)[f])),
      gold: ranked.map((s) => containsAnswer(s.sentence.text, q.answers)),
    });
  }
  const article = (q: SquadQuestion) => Number(q.docId.slice(-3));
  const top1 = (weights: number[], set: Candidates[]) =>
    set.filter((c) => {
      let best = -Infinity, bestGold = false;
      c.rows.forEach((row, i) => {
        const score = row.reduce((sum, v, j) => sum + v * weights[j]!, 0);
        if (score > best) [best, bestGold] = [score, c.gold[i]!];
      });
      return bestGold;
    }).length / set.length;
  const tuning = byQuestion.filter((c) => article(c.question) % 2 === 0);
  const heldOut = byQuestion.filter((c) => article(c.question) % 2 === 1);
  const current = sentenceFeatures.map((f) => SENTENCE_WEIGHTS[f]);
  console.log(`current weights: tuning ${top1(current, tuning).toFixed(3)} held-out ${top1(current, heldOut).toFixed(3)} all ${top1(current, byQuestion).toFixed(3)}`);

  const heldOutFit = fitListwise(tuning);
  const reverseFit = fitListwise(heldOut);
  const crossFitted = (top1(heldOutFit, heldOut) * heldOut.length + top1(reverseFit, tuning) * tuning.length) / byQuestion.length;
  console.log(`listwise fit: tuning ${top1(heldOutFit, tuning).toFixed(3)} held-out ${top1(heldOutFit, heldOut).toFixed(3)}; cross-fitted both ways ${crossFitted.toFixed(3)}`);
  const fitted = heldOutFit;
  const scale = fitted[sentenceFeatures.indexOf('coverage')]!;
  const weights = Object.fromEntries(sentenceFeatures.map((f, j) => [f, Math.round((fitted[j]! / scale) * 100) / 100])) as SentenceWeights;
  const rounded = sentenceFeatures.map((f) => weights[f]);
  console.log(`fitted weights: tuning ${top1(rounded, tuning).toFixed(3)} held-out ${top1(rounded, heldOut).toFixed(3)} all ${top1(rounded, byQuestion).toFixed(3)}`);
  console.log(`SENTENCE_WEIGHTS = ${JSON.stringify(weights)}`);

  // 2. Confidence: answerable-and-right against unanswerable (article left out of the index).
  const confidenceNames = [...sentenceFeatures, 'unseen', 'margin'] as ConfidenceFeature[];
  const withFitted = full.answerer(weights);
  const rows: number[][] = [];
  const labels: number[] = [];
  const split: number[] = [];
  for (const q of full.questions) {
    const { question, ranked } = await withFitted.rank(q.question);
    if (ranked.length === 0 || !containsAnswer(ranked[0]!.sentence.text, q.answers)) continue;
    const f = confidenceFeatures(question, ranked);
    rows.push(confidenceNames.map((n) => f[n]));
    labels.push(1);
    split.push(article(q) % 2);
  }
  for (const [left, _] of squad.data.entries()) {
    const without: SquadFile = { data: squad.data.filter((_, i) => i !== left) };
    const offTopicAnswerer = (await indexSquad(without, `without-${left}`)).answerer(weights);
    const asked: SquadFile = { data: [squad.data[left]!] };
    const scratch = path.join(workDir, `questions-${left}`);
    await mkdir(scratch, { recursive: true });
    const leftOutQuestions = await writeSquadCorpus(asked, scratch);
    const addNegative = async (text: string) => {
      const { question, ranked } = await offTopicAnswerer.rank(text);
      if (ranked.length === 0) return;
      const f = confidenceFeatures(question, ranked);
      rows.push(confidenceNames.map((n) => f[n]));
      labels.push(0);
      split.push(left % 2);
    };
    for (const q of leftOutQuestions) await addNegative(q.question);
    // Near misses: an answerable question of another article with one of its content words
    // swapped for a word of the left-out article that this index never saw. The corpus still
    // shares most of the question's words, as with "When was Hugo Chávez born?".
    const foreignWords = [...new Set(leftOutQuestions.flatMap((q) => q.question.match(/\p{L}{5,}/gu) ?? []))].filter(
      (word) => !squad.data.some((a, i) => i !== left && a.paragraphs.some((p) => p.context.includes(word))),
    );
    const others = full.questions.filter((q) => q.docId !== `squad_${String(left).padStart(3, '0')}`);
    for (let i = 0; nearMisses && i < others.length && foreignWords.length > 0; i += 4) {
      const q = others[i]!;
      const candidates = (q.question.match(/\p{L}{4,}/gu) ?? []).filter((w) => !/^(what|which|when|where|whom|whose|does|were|have|that|this|with|from)$/i.test(w));
      if (candidates.length === 0) continue;
      const target = candidates[(i * 7) % candidates.length]!;
      await addNegative(q.question.replace(target, foreignWords[(i * 13) % foreignWords.length]!));
    }
  }
  const train = rows.map((_, i) => i).filter((i) => split[i] === 0);
  const test = rows.map((_, i) => i).filter((i) => split[i] === 1);
  const model = fitLogistic(train.map((i) => rows[i]!), train.map((i) => labels[i]!), { bias: true, epochs: 5000, balanced: nearMisses });
  const probability = (i: number) => sigmoid([...rows[i]!, 1].reduce((sum, v, j) => sum + v * model[j]!, 0));
  for (const [name, set] of [['tuning', train], ['held-out', test]] as const) {
    const positives = set.filter((i) => labels[i] === 1);
    const negatives = set.filter((i) => labels[i] === 0);
    console.log(
      `${name}: answered ${(positives.filter((i) => probability(i) >= 0.5).length / positives.length).toFixed(3)} of right answers; ` +
        `abstained ${(negatives.filter((i) => probability(i) < 0.5).length / negatives.length).toFixed(3)} of unanswerable`,
    );
  }
  for (const threshold of [0.2, 0.3, 0.4, 0.5]) {
    const positives = rows.map((_, i) => i).filter((i) => labels[i] === 1);
    const negatives = rows.map((_, i) => i).filter((i) => labels[i] === 0);
    console.log(
      `threshold ${threshold}: answers ${(positives.filter((i) => probability(i) >= threshold).length / positives.length).toFixed(3)} of right answers, ` +
        `abstains on ${(negatives.filter((i) => probability(i) < threshold).length / negatives.length).toFixed(3)} of unanswerable`,
    );
  }
  const confidence = {
    bias: Math.round(model[model.length - 1]! * 100) / 100,
    weights: Object.fromEntries(confidenceNames.map((n, j) => [n, Math.round(model[j]! * 100) / 100])),
  };
  console.log(`CONFIDENCE_MODEL = ${JSON.stringify(confidence)}`);
  await writeFile(path.join(os.tmpdir(), 'verbatim-tuned.json'), JSON.stringify({ weights, confidence }, null, 2));
} finally {
  await rm(workDir, { recursive: true, force: true });
}
