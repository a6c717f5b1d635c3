/**
 * `npm run tune -- --squad FILE [--write]`: refits the answer model (src/answer/answer-model.json)
 * on a SQuAD-format file and prints how it does on questions it was not fitted on. Without
 * `--write` it changes nothing.
 *
 * 1. Ranking: a linear score fitted listwise on the even-numbered articles and reported on the
 *    odd ones, so a weight that only fits the tuning questions shows up as a gap. Priors (weights
 *    the data cannot show, such as the headline's) are kept as they are.
 * 2. Confidence: logistic regression on the best sentence's features and the question's own.
 *    Positives: answerable questions whose best sentence holds the answer. Negatives: every
 *    question asked of an index built without its own article (the corpus cannot answer it).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ANSWER_MODEL_FILE, createAnswerer, parseAnswerModel, shippedAnswerModel, type AnswerModel } from '../src/answer/index.js';
import { createEmbedder } from '../src/embedding/index.js';
import { containsAnswer, parseSquad, type SquadFile } from '../src/evaluation/squad-evaluation.js';
import { fitListwise, fitLogistic, logisticProbability, topOneShare, type CandidateList } from '../src/evaluation/tuning/fit.js';
import { indexSquadCorpus, type IndexedSquad } from '../src/evaluation/squad-corpus.js';

const USAGE = 'Usage: npm run tune -- --squad FILE [--write]';

async function main(): Promise<number> {
  let values: { squad?: string; write?: boolean };
  try {
    ({ values } = parseArgs({ options: { squad: { type: 'string' }, write: { type: 'boolean', default: false } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}. ${USAGE}\n`);
    return 1;
  }
  if (!values.squad) {
    process.stderr.write(`Give the SQuAD file to fit on. ${USAGE}\n`);
    return 1;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(values.squad);
  } catch {
    process.stderr.write(`No file at ${values.squad}. ${USAGE}\n`);
    return 1;
  }
  const squad = parseSquad(bytes.toString('utf8'));
  const current = shippedAnswerModel();
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: './models', allowRemoteModels: false, log: (line) => process.stderr.write(`${line}\n`) });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-tune-'));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const full = await indexSquadCorpus(squad, path.join(workDir, 'full'), embedder);
    const ranking = await fitRanking(full, current, embedder, say);
    const confidence = await fitConfidence(squad, full, { ...current, ranking }, embedder, workDir, say);
    const model: AnswerModel = {
      ...current,
      ranking,
      confidence: confidence.model,
      provenance: {
        tool: 'npm run tune',
        squadFile: path.basename(values.squad),
        squadSha256: createHash('sha256').update(bytes).digest('hex'),
        fittedOn: 'even-numbered articles; reported on the odd ones',
        heldOut: { rankingTop1: ranking.heldOutTop1, ...confidence.heldOut },
      },
    };
    delete (model.ranking as { heldOutTop1?: number }).heldOutTop1;
    const json = `${JSON.stringify(model, null, 2)}\n`;
    parseAnswerModel(json); // never write a model this version would refuse
    if (values.write) {
      await writeFile(ANSWER_MODEL_FILE, json);
      say(`wrote ${path.relative(process.cwd(), ANSWER_MODEL_FILE)}`);
    } else {
      say(json);
      say('(not written: pass --write to replace the shipped model)');
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}

const isTuning = (docId: string) => Number(docId.slice(-3)) % 2 === 0;
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Fits the ranking weights (priors kept) and reports top-1 on the held-out articles. */
async function fitRanking(full: IndexedSquad, current: AnswerModel, embedder: Parameters<typeof createAnswerer>[1], say: (line: string) => void) {
  const fitted = current.features.filter((f) => !(f in current.ranking.priors));
  const answerer = createAnswerer(full.generation, embedder, { maxQuestionChars: 1000, model: current });
  const tuning: CandidateList[] = [];
  const heldOut: CandidateList[] = [];
  for (const q of full.questions) {
    const { ranked } = await answerer.trace(q.question);
    const list = { rows: ranked.map((s) => fitted.map((f) => s.features[f] ?? 0)), gold: ranked.map((s) => containsAnswer(s.sentence.text, q.answers)) };
    (isTuning(q.docId) ? tuning : heldOut).push(list);
  }
  const currentWeights = fitted.map((f) => current.ranking.weights[f] ?? 0);
  say(`ranking, current weights: top-1 tuning ${round(topOneShare(currentWeights, tuning))}, held out ${round(topOneShare(currentWeights, heldOut))}`);
  const raw = fitListwise(tuning);
  // Scaled so coverage weighs 1: the score's size is then comparable from one fit to the next.
  const scale = raw[fitted.indexOf('coverage')] ?? 1;
  const weights = Object.fromEntries(fitted.map((f, j) => [f, Math.round((raw[j]! / scale) * 100) / 100]));
  const rounded = fitted.map((f) => weights[f]!);
  const heldOutTop1 = round(topOneShare(rounded, heldOut));
  say(`ranking, fitted weights:  top-1 tuning ${round(topOneShare(rounded, tuning))}, held out ${heldOutTop1}`);
  return { weights, priors: current.ranking.priors, heldOutTop1 };
}

/**
 * Fits the confidence model on right best answers (positives) and questions asked of an index
 * without their article (negatives), on the even articles; reports the odd ones at the threshold.
 */
async function fitConfidence(
  squad: SquadFile,
  full: IndexedSquad,
  model: AnswerModel,
  embedder: Parameters<typeof createAnswerer>[1],
  workDir: string,
  say: (line: string) => void,
) {
  const names = [...model.features, 'unseen', 'margin'];
  const examples: { row: number[]; label: number; tuning: boolean }[] = [];
  const answerer = createAnswerer(full.generation, embedder, { maxQuestionChars: 1000, model });
  for (const q of full.questions) {
    const { question, ranked } = await answerer.trace(q.question);
    if (ranked.length === 0 || !containsAnswer(ranked[0]!.sentence.text, q.answers)) continue;
    const features = answerer.stages.judge.confidenceFeatures(question, ranked);
    examples.push({ row: names.map((n) => features[n] ?? 0), label: 1, tuning: isTuning(q.docId) });
  }
  for (const left of squad.data.keys()) {
    const without = await indexSquadCorpus({ data: squad.data.filter((_, i) => i !== left) }, path.join(workDir, `without-${left}`), embedder);
    const offTopic = createAnswerer(without.generation, embedder, { maxQuestionChars: 1000, model });
    for (const q of full.questions.filter((question) => question.docId === full.docIdOf(left))) {
      const { question, ranked } = await offTopic.trace(q.question);
      if (ranked.length === 0) continue;
      const features = offTopic.stages.judge.confidenceFeatures(question, ranked);
      examples.push({ row: names.map((n) => features[n] ?? 0), label: 0, tuning: left % 2 === 0 });
    }
  }
  const train = examples.filter((e) => e.tuning);
  const fitted = fitLogistic(train.map((e) => e.row), train.map((e) => e.label));
  const threshold = model.abstainBelow;
  const heldOut = examples.filter((e) => !e.tuning);
  const positives = heldOut.filter((e) => e.label === 1);
  const negatives = heldOut.filter((e) => e.label === 0);
  const answeredRight = positives.filter((e) => logisticProbability(fitted, e.row) >= threshold).length / Math.max(1, positives.length);
  const abstainedUnanswerable = negatives.filter((e) => logisticProbability(fitted, e.row) < threshold).length / Math.max(1, negatives.length);
  say(`confidence, held out at ${threshold}: answers ${round(answeredRight)} of right best sentences, abstains on ${round(abstainedUnanswerable)} of unanswerable`);
  return {
    model: {
      bias: Math.round(fitted.bias * 100) / 100,
      weights: Object.fromEntries(names.map((n, j) => [n, Math.round(fitted.weights[j]! * 100) / 100])),
    },
    heldOut: { answeredRight: round(answeredRight), abstainedUnanswerable: round(abstainedUnanswerable) },
  };
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.name === 'UserError' || 'code' in error ? 1 : 2;
  },
);
