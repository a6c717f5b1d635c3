/**
 * `npm run store-parity -- --squad FILE [--json]` (DATABASE_URL): the SQuAD figures answered from
 * the SQLite store and from PostgreSQL, side by side (src/evaluation/store-parity.ts).
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { createEmbedder } from '../src/embedding/index.js';
import { parseSquad } from '../src/evaluation/squad-evaluation.js';
import { compareStoresOnSquad } from '../src/evaluation/store-parity.js';
import { commandLineOrHelp, UsageError, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run store-parity -- --squad FILE [--json]',
  summary: 'Answers a SQuAD-format file from the SQLite store and from PostgreSQL (DATABASE_URL), and compares their top-1 and first sentences.',
  flags: {
    squad: { type: 'string', valueName: 'FILE', description: 'the SQuAD-format JSON file (required)' },
    json: { type: 'boolean', description: 'print the report as one JSON object' },
  },
  words: 'none',
};

async function main(): Promise<number> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return 0;
  const values = commandLine.values as { squad?: string; json?: boolean };
  if (!values.squad) throw new UsageError(`Give the SQuAD file. Usage: ${COMMAND_LINE.usage}`);
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL) throw new UsageError('store-parity needs DATABASE_URL (postgres://user:password@host:5432/database) in .env or the environment.');
  const squad = parseSquad(await readFile(values.squad, 'utf8').catch(() => {
    throw new UsageError(`No readable file at ${values.squad}.`);
  }));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const embedder = await createEmbedder({ model: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, allowRemoteModels: config.ALLOW_REMOTE_MODELS, log });
  const report = await compareStoresOnSquad(squad, { url: config.DATABASE_URL, embedder, log });
  if (values.json) process.stdout.write(`${JSON.stringify({ dataset: path.basename(values.squad), ...report })}\n`);
  else {
    process.stdout.write(
      [
        `${path.basename(values.squad)}: ${report.questions} answerable questions`,
        `answer sentence top-1: SQLite ${report.top1.sqlite}, PostgreSQL BM25 ${report.top1.postgresBm25}, PostgreSQL full-text (ts_rank) ${report.top1.postgresFullText}`,
        `same first sentence as SQLite: BM25 ${report.sameFirstSentence.postgresBm25}, full-text ${report.sameFirstSentence.postgresFullText}`,
        `ask p50: SQLite ${report.askP50Ms.sqlite} ms, PostgreSQL ${report.askP50Ms.postgresBm25} ms`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

runEntryPoint(main);
