/**
 * The terminal entry point: `npm run index|ask|actor|actors|sources`, as CONTRACT.md describes.
 * Exit status 0 on success (an abstention included), 1 on a user error with one line on stderr,
 * 2 on an internal fault.
 */
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { QuestionError, validateQuestion } from '../answer/index.js';
import { loadConfig, UserError, type VerbatimConfig } from '../config/index.js';
import { createEmbedder } from '../embedding/index.js';
import { readAuditLog, type BuildProgress } from '../index/index.js';
import { BuildFailedError } from '../rebuild/index.js';
import { createVerbatimService, type VerbatimService } from '../service.js';
import { renderActorsText, renderActorText, renderAnswerText, renderAuditText, renderBuildText, renderSourcesText, terminalBold } from './render-text.js';

/** A bad command line: printed as one line, exit 1. */
class UsageError extends UserError {
  constructor(message: string) {
    super('usage', message);
  }
}

const USAGE = 'Usage: npm run <index|ask|actor|actors|sources|audit-log> -- [--json] [--stdin] [--force] ["question or name"]';

function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text()}\n`);
}

/** A progress bar on a terminal, plain lines otherwise (CI logs, pipes). */
function progressReporter(): { update: (p: BuildProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    let lastPhase = '';
    return {
      update: (p) => {
        if (p.phase !== lastPhase) process.stderr.write(`${p.phase}…\n`);
        lastPhase = p.phase;
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {value}/{total}', stream: process.stderr, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (p.phase !== 'embedding') return;
      if (!started) bar.start(p.total, 0, { phase: 'embedding' });
      started = true;
      bar.update(p.done, { phase: p.phase });
    },
    stop: () => started && bar.stop(),
  };
}

async function askMany(service: VerbatimService): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const request = JSON.parse(line) as { id?: unknown; question?: unknown };
      id = request.id ?? null;
      if (typeof request.question !== 'string') throw new QuestionError('Each line needs a "question" string.');
      const answer = await service.ask(request.question);
      process.stdout.write(`${JSON.stringify({ id, ...answer })}\n`);
    } catch (error) {
      // One bad line must not cost the answers to the others: report it in place, in order.
      if (error instanceof SyntaxError || error instanceof UserError) {
        const message = error instanceof SyntaxError ? 'Not a JSON line: expected {"id": "...", "question": "..."}' : (error as Error).message;
        process.stdout.write(`${JSON.stringify({ id, error: message })}\n`);
      } else {
        throw error;
      }
    }
  }
}

async function run(argv: string[], config: VerbatimConfig): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean', default: false }, stdin: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}. ${USAGE}`);
    }
  })();
  const json = values.json === true;
  if (command === 'audit-log') {
    // Reads a file; needs no model.
    const entries = await readAuditLog(config.INDEX_DIR);
    print(json, { entries }, () => renderAuditText(entries));
    return;
  }
  // Progress and notices go to stderr at LOG_LEVEL info or debug; a user error stays one line.
  const log = ['debug', 'info'].includes(config.LOG_LEVEL) ? (line: string) => process.stderr.write(`${line}\n`) : () => {};
  const text = positionals.join(' ');
  // A bad question is refused before the model loads or an index is built for it.
  if (command === 'ask' && !values.stdin) validateQuestion(text, config.MAX_QUESTION_CHARS);
  const embedder = await createEmbedder({
    model: config.EMBEDDING_MODEL,
    modelsDir: config.MODELS_DIR,
    allowRemoteModels: config.ALLOW_REMOTE_MODELS,
    log,
  });
  const service = createVerbatimService(config, { embedder, log });

  switch (command) {
    case 'index': {
      const progress = json ? { update: () => {}, stop: () => {} } : progressReporter();
      try {
        const report = await service.reindex({ requestedBy: 'cli', force: values.force === true, onProgress: progress.update });
        progress.stop();
        print(json, report, () => renderBuildText(report));
      } finally {
        progress.stop();
      }
      return;
    }
    case 'ask': {
      if (values.stdin) return askMany(service);
      const answer = await service.ask(text);
      // Bold only on a terminal that shows it: a pipe or NO_COLOR gets the plain sentences.
      const emphasis = process.stdout.isTTY && !process.env.NO_COLOR ? terminalBold : (phrase: string) => phrase;
      print(json, answer, () => renderAnswerText(answer, emphasis));
      return;
    }
    case 'actor': {
      if (text.trim() === '') throw new UsageError('Give a name, e.g. npm run actor -- "Cabello"');
      const summary = await service.actor(text);
      print(json, summary, () => renderActorText(summary));
      return;
    }
    case 'actors': {
      const actors = await service.actors();
      print(json, { actors }, () => renderActorsText(actors));
      return;
    }
    case 'sources': {
      const sources = await service.sources();
      print(json, { sources }, () => renderSourcesText(sources));
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function main(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    await run(process.argv.slice(2), config);
    process.exitCode = 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
    } else if (error instanceof BuildFailedError) {
      // Not the user's fault (a full disk, a crashed build), but fully described in one line.
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`Internal error: ${message}. Please report it with the command you ran.\n`);
      if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 2;
    }
  }
}

await main();
