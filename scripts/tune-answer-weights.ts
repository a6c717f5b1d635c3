/**
 * `npm run tune -- --squad FILE [--passages N] [--write]` or `npm run tune -- --feedback FILE
 * [--write]`: refits the answer model
 * (src/answer/answer-model.json) on a SQuAD-format file, fitting on the even-numbered articles and
 * reporting the odd ones, so a weight that only fits the tuning questions shows up as a gap.
 * Without `--write` it changes nothing.
 *
 * 1. Ranking: a linear score fitted listwise; priors (what the data cannot show, such as headlines
 *    or an article's own questions) are kept as they are. With `--readers FILE` (repeatable;
 *    SQuAD-format files of questions in readers' own words over news articles, docs/heldout's dev
 *    sets), their questions join the fit, from the shipped weights, and each file is ranked by a
 *    fit made without it: the refit is kept only when that and SQuAD's odd articles do no worse.
 * 2. Also relevant: the score margin within which a runner-up is as likely to hold the answer as
 *    an answer the threshold lets through.
 * 3. Confidence: logistic regression of "the quotes shown hold the answer" over the best
 *    sentence's features and the question's own, on answerable questions, SQuAD's impossible
 *    ones, and every question asked of an index built without its own article. The threshold is
 *    the highest that withholds at most 5% of the answerable tuning questions.
 * With `--feedback FILE` (the bot's 👍/👎 JSON lines) instead, the ranking weights are refitted
 * from the votes over the served index (INDEX_DIR), on every other vote, and the rest report.
 * With `--squad FILE --simulate-votes`, SQuAD's gold answers play the readers: their votes refit
 * the ranking on the even-numbered articles, and the odd ones report (nothing is written).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import 'dotenv/config';
import { ANSWER_MODEL_FILES, answerModelFamily, createAnswerer, parseAnswerModel, shippedAnswerModel, type AnswerModel } from '../src/answer/index.js';
import { loadConfig } from '../src/config/index.js';
import { CachingEmbedder } from '../src/evaluation/tuning/caching-embedder.js';
import { loadServedGeneration } from '../src/index/index.js';
import { alternateVotes, parseVotes, refitFromVotes, voteLists } from '../src/evaluation/tuning/feedback-fit.js';
import { simulateVoteRefit } from '../src/evaluation/tuning/vote-simulation.js';
import { createEmbedder, embedderSettingsOf, type Embedder } from '../src/embedding/index.js';
import { parseSquad, type SquadFile } from '../src/evaluation/squad-evaluation.js';
import { indexSquadCorpus, isEvenArticle, type IndexedSquad } from '../src/evaluation/squad-corpus.js';
import { fitAnswerModel, provenanceNotes, type ReaderQuestionSet } from '../src/evaluation/tuning/answer-model-fit.js';
import { PostgresStore } from '../src/store/index.js';

const USAGE = 'Usage: npm run tune -- --squad FILE [--readers FILE ...] [--passages N] [--write] | --squad FILE --simulate-votes | --feedback FILE [--write] | --votes-from-database [--write]';

async function main(): Promise<number> {
  let values: { squad?: string; readers?: string[]; feedback?: string; passages?: string; write?: boolean; 'simulate-votes'?: boolean; 'votes-from-database'?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        squad: { type: 'string' },
        readers: { type: 'string', multiple: true },
        feedback: { type: 'string' },
        'votes-from-database': { type: 'boolean', default: false },
        passages: { type: 'string' },
        write: { type: 'boolean', default: false },
        'simulate-votes': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message.split('. ')[0]}. ${USAGE}\n`);
    return 1;
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${USAGE}\n\nRefits the answer model's weights on SQuAD (--squad, held out by article), or from the bot's 👍/👎 votes (--feedback FILE, or --votes-from-database with STORE=postgres, where every bot process records them); --write saves the refit, --simulate-votes measures a vote refit on SQuAD.\n`);
    return 0;
  }
  const fromDatabase = values['votes-from-database'] === true;
  if ([values.feedback !== undefined, values.squad !== undefined, fromDatabase].filter(Boolean).length > 1) {
    process.stderr.write(`Votes refer to the served corpus, SQuAD questions to their own: pass one of --squad, --feedback and --votes-from-database. ${USAGE}\n`);
    return 1;
  }
  if (values.feedback !== undefined) return tuneFromFeedback(values.feedback, values.write === true);
  if (fromDatabase) return tuneFromFeedback(DATABASE_VOTES, values.write === true);
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
  const readerFiles: { name: string; squad: SquadFile; bytes: Buffer }[] = [];
  try {
    bytes = await readFile(values.squad);
    for (const file of values.readers ?? []) {
      const readerBytes = await readFile(file);
      readerFiles.push({ name: path.basename(file, '.json'), squad: parseSquad(readerBytes.toString('utf8')), bytes: readerBytes });
    }
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).path;
    process.stderr.write(missing ? `No file at ${missing}. ${USAGE}\n` : `${(error as Error).message.split('\n')[0]} ${USAGE}\n`);
    return 1;
  }
  const squad = parseSquad(bytes.toString('utf8'));
  const config = loadConfig(process.env);
  // The fit is for the configured embedder's family: the pretrained model's, or GloVe's (EMBEDDING_MODEL=embedded).
  const embedder = new CachingEmbedder(await createEmbedder({ ...embedderSettingsOf(config), log: (line) => process.stderr.write(`${line}\n`) }));
  const family = answerModelFamily(embedder.id);
  const current = shippedAnswerModel(family);
  const start: AnswerModel = passages === undefined ? current : { ...current, retrieval: { ...current.retrieval, passages } };
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-tune-'));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const full = await indexSquadCorpus(squad, path.join(workDir, 'full'), embedder);
    if (values['simulate-votes']) {
      await reportSimulatedVotes(full, embedder, current, say);
      return 0;
    }
    const leftOut = async (article: number) =>
      indexSquadCorpus({ data: squad.data.filter((_, i) => i !== article) }, path.join(workDir, `without-${article}`), embedder);
    const readers: ReaderQuestionSet[] = [];
    for (const [i, reader] of readerFiles.entries()) readers.push({ name: reader.name, full: await indexSquadCorpus(reader.squad, path.join(workDir, `readers-${i}`), embedder) });
    const fitted = await fitAnswerModel({ start, embedder, full, articles: squad.data.length, leftOut, readers, say });
    // A "strong match" floor measured on questions in readers' own words (provenance.labelsStrong)
    // is evidence SQuAD's questions cannot refit: a refit keeps it, and says so.
    const readerNote = typeof current.provenance.labelsStrong === 'string' ? current.provenance.labelsStrong : undefined;
    const floor = readerNote === undefined ? undefined : current.labels?.strong;
    const labels = fitted.model.labels && floor !== undefined ? { ...fitted.model.labels, strong: Math.max(fitted.model.labels.strong, floor) } : fitted.model.labels;
    if (floor !== undefined) say(`labels: strong match from ${labels?.strong}, the floor measured on readers' own words kept (provenance.labelsStrong: ${readerNote})`);
    const model: AnswerModel = {
      ...fitted.model,
      labels,
      provenance: {
        ...provenanceNotes(current.provenance),
        tool: 'npm run tune',
        squadFile: path.basename(values.squad),
        squadSha256: createHash('sha256').update(bytes).digest('hex'),
        fittedOn: readers.length === 0 ? 'even-numbered articles; held out: the odd ones' : "even-numbered articles, and for the ranking readers' questions; held out: the odd ones, and each readers' file",
        heldOut: fitted.heldOut,
        ...(readers.length === 0
          ? {}
          : { readersFiles: readerFiles.map((r) => `${r.name}.json@sha256:${createHash('sha256').update(r.bytes).digest('hex').slice(0, 12)}`).join(', ') }),
      },
    };
    const json = `${JSON.stringify(model, null, 2)}\n`;
    parseAnswerModel(json); // never write a model this version would refuse
    if (values.write) {
      await writeFile(ANSWER_MODEL_FILES[family], json);
      say(`wrote ${path.relative(process.cwd(), ANSWER_MODEL_FILES[family])}`);
    } else {
      say(json);
      say('(not written: pass --write to replace the shipped model)');
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}

/**
 * How votes refit the ranking: from the shipped weights, pulled back toward them, so a few hundred
 * votes move only what they have evidence against (measured with --simulate-votes: from nowhere,
 * votes on an already fitted ranking made it worse held out).
 */
const VOTE_REFIT = { fromCurrent: true, prior: 0.05 };

/**
 * Tests learning from votes with SQuAD's gold answers as the readers: once from the shipped
 * ranking, and once from a ranking that reads word coverage only, which the votes should mend.
 */
async function reportSimulatedVotes(full: IndexedSquad, embedder: Embedder, current: AnswerModel, say: (line: string) => void): Promise<void> {
  const features = current.features.filter((f) => !(f in current.ranking.priors));
  const starts = {
    'the shipped ranking': features.map((f) => current.ranking.weights[f] ?? 0),
    'a ranking by word coverage only': features.map((f) => (f === 'coverage' ? 1 : 0)),
  };
  for (const [name, weights] of Object.entries(starts)) {
    const model: AnswerModel = { ...current, ranking: { weights: Object.fromEntries(features.map((f, j) => [f, weights[j]!])), priors: current.ranking.priors } };
    const answerer = createAnswerer(full.generation, embedder, { maxQuestionChars: 1000, model });
    const report = await simulateVoteRefit({ answerer, squad: full, features, current: weights, isFitting: isEvenArticle, refit: VOTE_REFIT });
    say(
      `votes simulated on ${name}: ${report.votes.up} 👍 and ${report.votes.down} 👎; refitted on the even-numbered articles' ${report.votes.fitting} votes. ` +
        `Odd articles: vote agreement ${report.agreementBefore} → ${report.agreementAfter}, answer sentence top-1 ${report.heldOutTop1Before} → ${report.heldOutTop1After}`,
    );
  }
}

/** Refits the ranking weights from the bot's votes over the served index. */
async function tuneFromFeedback(file: string | typeof DATABASE_VOTES, write: boolean): Promise<number> {
  const config = loadConfig(process.env);
  let text: string;
  if (file === DATABASE_VOTES) {
    if (config.STORE !== 'postgres') {
      process.stderr.write(`--votes-from-database reads the votes STORE=postgres keeps: set STORE=postgres and DATABASE_URL, or pass --feedback FILE. ${USAGE}\n`);
      return 1;
    }
    text = await readDatabaseVotes(config.DATABASE_URL!);
  } else {
    try {
      text = await readFile(file, 'utf8');
    } catch {
      process.stderr.write(`No feedback file at ${file}. ${USAGE}\n`);
      return 1;
    }
  }
  const { votes, skipped } = parseVotes(text);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const embedder = await createEmbedder({ ...embedderSettingsOf(config), log });
  const generation = await loadServedGeneration(config.INDEX_DIR, embedder, { warn: log });
  const family = answerModelFamily(embedder.id);
  const current = shippedAnswerModel(family);
  const fitted = current.features.filter((f) => !(f in current.ranking.priors));
  const lists = await voteLists(createAnswerer(generation, embedder, { maxQuestionChars: 1000, model: current }), votes, fitted);
  say(`${votes.length} votes read (${skipped} lines skipped); ${lists.length} still match a candidate of ${generation.name}`);
  if (lists.length < 20) {
    process.stderr.write(`Too few usable votes to refit (${lists.length}; at least 20). Nothing was changed.\n`);
    return 1;
  }
  const { fitting, heldOut } = alternateVotes(lists);
  const refit = refitFromVotes(fitting, heldOut, fitted, fitted.map((f) => current.ranking.weights[f] ?? 0), VOTE_REFIT);
  say(`held-out votes (${refit.heldOut}): agreement ${refit.before.all} before, ${refit.after.all} after (👍 kept first ${refit.after.up}, 👎 no longer first ${refit.after.down})`);
  if (refit.after.all < refit.before.all) {
    process.stderr.write('The refit agrees less with the held-out votes than the shipped ranking does. Nothing was changed; collect more votes and run it again.\n');
    return 1;
  }
  const model: AnswerModel = {
    ...current,
    ranking: { weights: Object.fromEntries(fitted.map((f, j) => [f, refit.weights[j]!])), priors: current.ranking.priors },
    provenance: {
      ...current.provenance,
      tool: 'npm run tune -- --feedback',
      feedbackFile: file === DATABASE_VOTES ? 'the votes in PostgreSQL' : path.basename(file),
      fittedOn: `${refit.fitting} votes (every other one); held out: the other ${refit.heldOut}`,
      heldOut: { ...current.provenance.heldOut, voteAgreementBefore: refit.before.all, voteAgreementAfter: refit.after.all },
    },
  };
  const json = `${JSON.stringify(model, null, 2)}\n`;
  parseAnswerModel(json);
  if (write) {
    await writeFile(ANSWER_MODEL_FILES[family], json);
    say(`wrote ${path.relative(process.cwd(), ANSWER_MODEL_FILES[family])}`);
  } else {
    say('(not written: pass --write to replace the shipped model)');
  }
  return 0;
}

/** Where --votes-from-database reads: not a file, the votes every bot process wrote to PostgreSQL. */
const DATABASE_VOTES = Symbol('database votes');

/** The votes STORE=postgres keeps (every shard's), as the JSON lines FEEDBACK_FILE would hold. */
async function readDatabaseVotes(url: string): Promise<string> {
  const store = await PostgresStore.open(url, { log: () => undefined });
  try {
    return (await store.votes<object>().read()).map((vote) => JSON.stringify(vote)).join('\n');
  } finally {
    await store.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 'code' in error ? 1 : 2;
  },
);
