/**
 * `npm run eval -- --squad FILE [--json]`: open-corpus evaluation on a SQuAD-format file
 * (CONTRACT.md). Builds a temporary index of all its paragraphs and asks every answerable question.
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateSquad, parseSquad } from '../src/evaluation/squad-evaluation.js';
import { loadConfig } from '../src/config/index.js';
import { createEmbedder } from '../src/embedding/index.js';

async function main(): Promise<number> {
  let values: { squad?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ options: { squad: { type: 'string' }, json: { type: 'boolean', default: false } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}. Usage: npm run eval -- --squad FILE [--json]\n`);
    return 1;
  }
  if (!values.squad) {
    process.stderr.write('Give the SQuAD file: npm run eval -- --squad path/to/squad.json [--json]\n');
    return 1;
  }
  let squad;
  try {
    squad = parseSquad(await readFile(values.squad, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `No file at ${values.squad}.` : (error as Error).message;
    process.stderr.write(`${reason}\n`);
    return 1;
  }
  const config = loadConfig(process.env);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const embedder = await createEmbedder({ model: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, allowRemoteModels: config.ALLOW_REMOTE_MODELS, log });
  const report = await evaluateSquad(squad, {
    dataset: path.basename(values.squad),
    embedder,
    maxQuestionChars: Math.max(config.MAX_QUESTION_CHARS, 1000),
    onProgress: (done, total) => {
      if (!values.json && process.stderr.isTTY && done % 50 === 0) process.stderr.write(`\r${done}/${total} questions`);
    },
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(
      [
        `\n${report.dataset}: ${report.questions} answerable questions, open corpus`,
        `paragraph recall@1 ${report.paragraphRecallAt1}   @5 ${report.paragraphRecallAt5}`,
        `answer sentence top-1 ${report.sentenceTop1}   top-3 ${report.sentenceTop3}`,
        `abstained on answerable ${report.abstainedAnswerable}`,
        `short answer exact match ${report.shortAnswerEM}   F1 ${report.shortAnswerF1}`,
        `latency p50 ${report.p50Ms} ms   p95 ${report.p95Ms} ms`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`Internal error: ${error.message}\n`);
    process.exitCode = 2;
  },
);
