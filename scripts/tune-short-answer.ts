/**
 * `npm run tune-short-answer -- --squad FILE [--write]`: fits the short-answer weights on the
 * even-numbered articles of a SQuAD file, reports exact match and F1 on the odd ones (given the
 * sentence that holds the answer) and with each article held out in turn (fitted on the others),
 * and with `--write` saves src/answer/short-answer-model.json (the even-articles fit).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHORT_ANSWER_MODEL } from '../src/answer/index.js';
import { commandLineOrHelp, UsageError, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';
import { parseSquad } from '../src/evaluation/squad-evaluation.js';
import { fitShortAnswerWeights, measureShortAnswers, shortAnswerExamples } from '../src/evaluation/short-answer-tuning.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run tune-short-answer -- --squad FILE [--write]',
  summary: 'Fits the short-answer weights on the even-numbered articles of a SQuAD file and reports the odd ones.',
  flags: {
    squad: { type: 'string', valueName: 'FILE', description: 'the SQuAD-format JSON file (required)' },
    write: { type: 'boolean', description: 'save the fit to src/answer/short-answer-model.json' },
  },
  words: 'none',
};

async function main(): Promise<number> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return 0;
  const values = commandLine.values as { squad?: string; write?: boolean };
  if (!values.squad) throw new UsageError('Give the SQuAD file: npm run tune-short-answer -- --squad path/to/squad.json [--write]');
  const squadFile = values.squad;
  const raw = await readFile(squadFile, 'utf8').catch(() => {
    throw new UsageError(`No file at ${squadFile}. Usage: ${COMMAND_LINE.usage}`);
  });
  const examples = shortAnswerExamples(parseSquad(raw));
  const fitted = examples.filter((e) => e.article % 2 === 0);
  const heldOut = examples.filter((e) => e.article % 2 === 1);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const figures = (label: string, m: { exactMatch: number; f1: number }) => `${label}: EM ${round(m.exactMatch)}  F1 ${round(m.f1)}`;
  const reachable = examples.filter((e) => e.candidates.some((c) => c.f1 === 1)).length / Math.max(1, examples.length);
  process.stdout.write(`${examples.length} questions with their answer sentence; a candidate matches a gold answer exactly for ${round(reachable)}\n`);
  process.stdout.write(`${figures('current model, held-out (odd) articles', measureShortAnswers(heldOut, SHORT_ANSWER_MODEL.weights))}\n`);
  const weights = fitShortAnswerWeights(fitted);
  const onFitted = measureShortAnswers(fitted, weights);
  const onHeldOut = measureShortAnswers(heldOut, weights);
  process.stdout.write(`${figures('refit, fitted (even) articles', onFitted)}\n${figures('refit, held-out (odd) articles', onHeldOut)}\n`);
  // Each article held out in turn: with few articles, one split's figure swings with the article.
  const articles = [...new Set(examples.map((e) => e.article))];
  let crossEM = 0;
  let crossF1 = 0;
  for (const article of articles) {
    const held = examples.filter((e) => e.article === article);
    const measured = measureShortAnswers(held, fitShortAnswerWeights(examples.filter((e) => e.article !== article)));
    process.stdout.write(`  article ${article}: n=${held.length} EM ${round(measured.exactMatch)} F1 ${round(measured.f1)}\n`);
    crossEM += measured.exactMatch * held.length;
    crossF1 += measured.f1 * held.length;
  }
  const total = Math.max(1, examples.length);
  process.stdout.write(`${figures('refit, each article held out in turn', { exactMatch: crossEM / total, f1: crossF1 / total })}\n`);
  process.stdout.write(`${JSON.stringify(weights)}\n`);
  if (values.write) {
    const model = {
      formatVersion: 1,
      minScore: SHORT_ANSWER_MODEL.minScore,
      weights,
      provenance: {
        data: path.basename(squadFile),
        dataSha256: createHash('sha256').update(raw).digest('hex'),
        fittedOn: 'even-numbered articles',
        heldOut: { articles: 'odd-numbered', exactMatch: round(onHeldOut.exactMatch), f1: round(onHeldOut.f1) },
      },
    };
    await writeFile(path.resolve(import.meta.dirname, '../src/answer/short-answer-model.json'), `${JSON.stringify(model, null, 2)}\n`);
    process.stdout.write('Wrote src/answer/short-answer-model.json\n');
  }
  return 0;
}

runEntryPoint(main);
