import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError } from '../config/index.js';
import { CorpusError } from '../corpus/index.js';
import type { Embedder } from '../embedding/embedder.js';
import { EmbeddingError } from '../embedding/index.js';
import {
  BuildInProgressError,
  BuildRefusedError,
  type BuildLockHolder,
  type BuildProgress,
  type BuildReport,
  type GenerationFileSystem,
} from '../index/index.js';
import { runRebuildJob, type EmbedderSpec, type RebuildJob } from './job.js';

/**
 * Runs one rebuild job and resolves with its report. The service holds one of these; whether the
 * build runs in this process or in a child process is the only difference between them.
 */
export type RebuildRunner = (job: RebuildJob, onProgress: (progress: BuildProgress) => void) => Promise<BuildReport>;

/** Builds in this process: for the CLI, which is its own process and has nothing else to serve. */
export function inProcessRebuildRunner(options: { embedder: Embedder; log: (line: string) => void; fs?: GenerationFileSystem }): RebuildRunner {
  return (job, onProgress) => runRebuildJob(job, { embedder: options.embedder, log: options.log, fs: options.fs, onProgress });
}

/** Messages between the serving process and the build process. */
export type WorkerRequest = { type: 'build'; job: RebuildJob; embedder: EmbedderSpec };
export type WorkerMessage =
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'log'; line: string }
  | { type: 'done'; report: BuildReport }
  | { type: 'failed'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  holder?: BuildLockHolder | null;
  /** A {@link UserError} of a class not revived by name: it comes back as a UserError. */
  userError?: boolean;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') serialized.code = code;
  if (error instanceof BuildInProgressError) serialized.holder = error.holder;
  if (error instanceof UserError) serialized.userError = true;
  return serialized;
}

/** Turns a build process's error back into the class the front ends know how to report. */
function reviveError(error: SerializedError): Error {
  switch (error.name) {
    case 'BuildInProgressError':
      return new BuildInProgressError(error.holder ?? null);
    case 'BuildRefusedError':
      return new BuildRefusedError(error.message);
    case 'CorpusError':
      return new CorpusError(error.message);
    case 'EmbeddingError':
      return new EmbeddingError(error.message);
    default: {
      if (error.userError) {
        // Still the user's to fix (e.g. an unwritable index folder): one line, exit 1, ephemeral.
        const revived = new UserError(error.code ?? 'user', error.message);
        revived.name = error.name;
        return revived;
      }
      const revived = new Error(error.message) as NodeJS.ErrnoException;
      revived.name = error.name;
      if (error.code) revived.code = error.code;
      return revived;
    }
  }
}

/** Environment variables a build process must never see: it needs no secret. */
const SECRET_VARIABLES = /TOKEN|SECRET|PASSWORD|KEY|DATABASE_URL/i;

export interface ChildProcessRunnerOptions {
  /** The serving process's model, for the build process to create its own embedder. */
  embedder: EmbedderSpec;
  log: (line: string) => void;
  /** Tests use it to kill the build process at chosen moments. */
  onSpawn?: (child: ChildProcess) => void;
}

const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Builds in a child process (`src/rebuild/worker.ts`, run through tsx), so that a long-lived
 * process (the bot) keeps answering on its main thread while the build embeds and writes.
 * Progress and log lines arrive over IPC; a crash of the child (kill -9, out of memory, a native
 * fault) rejects with a one-line reason (the service reports it as a BuildFailedError); the generation on disk is untouched
 * because the child only ever writes into a temporary folder before the final renames.
 */
export function childProcessRebuildRunner(options: ChildProcessRunnerOptions): RebuildRunner {
  return (job, onProgress) =>
    new Promise<BuildReport>((resolve, reject) => {
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SECRET_VARIABLES.test(name)));
      const child = fork(WORKER_ENTRY, [], {
        execArgv: ['--import', TSX_LOADER],
        env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      options.onSpawn?.(child);
      let settled = false;
      let stderrTail = '';
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      // The child prints nothing on success; anything on its output is worth an operator's look.
      const relay = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        stderrTail = (stderrTail + text).slice(-2000);
        for (const line of text.split('\n')) if (line.trim() !== '') options.log(`build process: ${line.slice(0, 500)}`);
      };
      child.stdout?.on('data', relay);
      child.stderr?.on('data', relay);
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress(message.progress);
        else if (message.type === 'log') options.log(message.line);
        else if (message.type === 'done') settle(() => resolve(message.report));
        else if (message.type === 'failed') settle(() => reject(reviveError(message.error)));
      });
      child.on('error', (error) => settle(() => reject(new Error(`the build process could not start: ${error.message}`))));
      child.on('exit', (code, signal) => {
        const lastLine = stderrTail.trim().split('\n').at(-1)?.slice(0, 300);
        settle(() =>
          reject(
            new Error(
              `the build process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${lastLine ? `: ${lastLine}` : ''}`,
            ),
          ),
        );
      });
      child.send({ type: 'build', job, embedder: options.embedder } satisfies WorkerRequest);
    });
}
