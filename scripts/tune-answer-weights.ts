/**
 * `npm run tune -- --squad FILE [--passages N] [--write]` or `npm run tune -- --feedback FILE
 * [--write]`: refits the answer model
 * (src/answer/answer-model.json) on a SQuAD-format file, fitting on the even-numbered articles and
 * reporting the odd ones, so a weight that only fits the tuning questions shows up as a gap.
 * Without `--write` it changes nothing.
 *
 * 1. Ranking: a linear score fitted listwise; priors (what the data cannot show, such as headlines
 *    or an article's own questions) are kept as they are.
 * 2. Also relevant: the score margin within which a runner-up is as likely to hold the answer as
 *    an answer the threshold lets through.
 * 3. Confidence: logistic regression of "the quotes shown hold the answer" over the best
 *    sentence's features and the question's own, on answerable questions, SQuAD's impossible
 *    ones, and every question asked of an index built without its own article. The threshold is
 *    the highest that withholds at most 5% of the answerable tuning questions.
 * With `--feedback FILE` (the bot's 👍/👎 JSON lines) instead, the ranking weights are refitted
 * from the votes over the served index (INDEX_DIR), on every other vote, and the rest report.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import 'dotenv/config';
import { ANSWER_MODEL_FILE, createAnswerer, parseAnswerModel, shippedAnswerModel, type AnswerModel } from '../src/answer/index.js';
import { loadConfig } from '../src/config/index.js';
import { loadServedGeneration } from '../src/index/index.js';
import { parseVotes, refitFromVotes, voteLists } from '../src/evaluation/tuning/feedback-fit.js';
import { createEmbedder } from '../src/embedding/index.js';
import { parseSquad } from '../src/evaluation/squad-evaluation.js';
import { indexSquadCorpus } from '../src/evaluation/squad-corpus.js';
import { fitAnswerModel } from '../src/evaluation/tuning/answer-model-fit.js';

const USAGE = 'Usage: npm run tune -- --squad FILE [--passages N] [--write] | --feedback FILE [--write]';

async function main(): Promise<number> {
  let values: { squad?: string; feedback?: string; passages?: string; write?: boolean };
  try {
    ({ values } = parseArgs({
      options: { squad: { type: 'string' }, feedback: { type: 'string' }, passages: { type: 'string' }, write: { type: 'boolean', default: false } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}. ${USAGE}\n`);
    return 1;
  }
  if (values.feedback !== undefined && values.squad !== undefined) {
    process.stderr.write(`Votes refer to the served corpus, SQuAD questions to their own: pass one of --squad and --feedback. ${USAGE}\n`);
    return 1;
  }
  if (values.feedback !== undefined) return tuneFromFeedback(values.feedback, values.write === true);
  if (!values.squad) {
    process.stderr.write(`Give the SQuAD file to fit on. ${USAGE}\n`);
    return 1;
  }
  const passages = values.passages === undefined ? undefined : Number(values.passages);
  if (passages !== undefined && !(Number.isInteger(passages) && passages > 0)) {
    process.stderr.write(`--passages takes a whole number above 0. ${USAGE}\n`);
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
  const start: AnswerModel = passages === undefined ? current : { ...current, retrieval: { ...current.retrieval, passages } };
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: './models', allowRemoteModels: false, log: (line) => process.stderr.write(`${line}\n`) });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-tune-'));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const full = await indexSquadCorpus(squad, path.join(workDir, 'full'), embedder);
    const leftOut = async (article: number) =>
      indexSquadCorpus({ data: squad.data.filter((_, i) => i !== article) }, path.join(workDir, `without-${article}`), embedder);
    const fitted = await fitAnswerModel({ start, embedder, full, articles: squad.data.length, leftOut, say });
    const model: AnswerModel = {
      ...fitted.model,
      provenance: {
        tool: 'npm run tune',
        squadFile: path.basename(values.squad),
        squadSha256: createHash('sha256').update(bytes).digest('hex'),
        fittedOn: 'even-numbered articles; held out: the odd ones',
        heldOut: fitted.heldOut,
      },
    };
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

/** Refits the ranking weights from the bot's votes over the served index. */
async function tuneFromFeedback(file: string, write: boolean): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    process.stderr.write(`No feedback file at ${file}. ${USAGE}\n`);
    return 1;
  }
  const { votes, skipped } = parseVotes(text);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const config = loadConfig(process.env);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const embedder = await createEmbedder({ model: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, allowRemoteModels: config.ALLOW_REMOTE_MODELS, log });
  const generation = await loadServedGeneration(config.INDEX_DIR, embedder, { warn: log });
  const current = shippedAnswerModel();
  const fitted = current.features.filter((f) => !(f in current.ranking.priors));
  const lists = await voteLists(createAnswerer(generation, embedder, { maxQuestionChars: 1000, model: current }), votes, fitted);
  say(`${votes.length} votes read (${skipped} lines skipped); ${lists.length} still match a candidate of ${generation.name}`);
  if (lists.length < 20) {
    process.stderr.write(`Too few usable votes to refit (${lists.length}; at least 20). Nothing was changed.\n`);
    return 1;
  }
  const refit = refitFromVotes(lists, fitted, fitted.map((f) => current.ranking.weights[f] ?? 0));
  say(`held-out votes (${refit.heldOut}): agreement ${refit.before.all} before, ${refit.after.all} after (👍 kept first ${refit.after.up}, 👎 no longer first ${refit.after.down})`);
  const model: AnswerModel = {
    ...current,
    ranking: { weights: Object.fromEntries(fitted.map((f, j) => [f, refit.weights[j]!])), priors: current.ranking.priors },
    provenance: {
      ...current.provenance,
      tool: 'npm run tune -- --feedback',
      feedbackFile: path.basename(file),
      fittedOn: `${refit.fitting} votes (every other one); held out: the other ${refit.heldOut}`,
      heldOut: { ...current.provenance.heldOut, voteAgreementBefore: refit.before.all, voteAgreementAfter: refit.after.all },
    },
  };
  const json = `${JSON.stringify(model, null, 2)}\n`;
  parseAnswerModel(json);
  if (write) {
    await writeFile(ANSWER_MODEL_FILE, json);
    say(`wrote ${path.relative(process.cwd(), ANSWER_MODEL_FILE)}`);
  } else {
    say('(not written: pass --write to replace the shipped model)');
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 'code' in error ? 1 : 2;
  },
);
