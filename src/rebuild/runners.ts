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

/**
 * Messages between the serving process and the build process. A spare build process is sent
 * `prepare` when it starts (it loads the model then waits), and `build` when a job arrives.
 */
export type WorkerRequest =
  | { type: 'prepare'; embedder: EmbedderSpec; preload?: { indexDir: string } }
  | { type: 'build'; job: RebuildJob; embedder: EmbedderSpec };
export type WorkerMessage =
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'log'; line: string }
  | { type: 'done'; report: BuildReport }
  /** A spare finished reading the served generation ahead (and holds it for its job). */
  | { type: 'preloaded'; generation: string }
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
  /** Tests use it to kill the build process at chosen moments (called when the process is given its job). */
  onSpawn?: (child: ChildProcess) => void;
  /**
   * Keep one build process started ahead of the next job, with its modules and model loaded
   * (a spare): an /add then pays only its build, not the 5 s of loading tsx, the code and the
   * model. The spare is started when the runner is made and again after each build; it costs the
   * memory of an idle process with the model loaded.
   */
  spare?: boolean;
  /** Tests: told of each spare build process as it starts. */
  onSpareStarted?: (child: ChildProcess) => void;
  /** Tests: told when a spare has read the served generation ahead of its job. */
  onSparePreloaded?: (child: ChildProcess, generation: string) => void;
  /**
   * The index folder the jobs build (later, the last job's): a spare reads its served generation
   * ahead while it waits (a warm spare, see src/index/warm-generation.ts), so the job does not.
   */
  indexDir?: string;
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
  let indexDir = options.indexDir;
  let spare = options.spare ? startSpare(options, indexDir) : undefined;
  return (job, onProgress) =>
    new Promise<BuildReport>((resolve, reject) => {
      indexDir = job.indexDir;
      // A spare that died while idle (killed, out of memory) is replaced by a fresh process.
      const child = spare && isAlive(spare.child) ? takeSpare(spare) : startBuildProcess();
      spare = undefined;
      options.onSpawn?.(child);
      let settled = false;
      let stderrTail = '';
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        // The next job's process loads now, while nothing builds (not during this build, on the same cores).
        if (options.spare) spare = startSpare(options, indexDir);
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

/** A build process started ahead of its job, and what it printed while it waited. */
interface SpareBuildProcess {
  child: ChildProcess;
  /** Detaches the idle process's own listeners, once it is given a job. */
  release: () => void;
}

/**
 * Forks the build process (`src/rebuild/worker.ts` through tsx), without the secrets of the
 * environment.
 */
function startBuildProcess(): ChildProcess {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SECRET_VARIABLES.test(name)));
  return fork(WORKER_ENTRY, [], {
    execArgv: ['--import', TSX_LOADER],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
}

/**
 * A spare build process, told to load the model and wait. It does not keep the serving process
 * alive (unref'd until taken); what it prints while idle, and its death, are logged.
 */
function startSpare(options: ChildProcessRunnerOptions, indexDir: string | undefined): SpareBuildProcess {
  const child = startBuildProcess();
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') options.log(`spare build process: ${line.slice(0, 500)}`);
  };
  const onMessage = (message: WorkerMessage) => {
    if (message.type === 'log') options.log(`spare build process: ${message.line}`);
    else if (message.type === 'preloaded') options.onSparePreloaded?.(child, message.generation);
  };
  const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
    options.log(`The spare build process stopped (${signal ? `signal ${signal}` : `exit code ${code}`}); the next build starts a fresh one.`);
  const onError = (error: Error) => options.log(`The spare build process could not start (${error.message}); the next build starts a fresh one.`);
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  child.on('message', onMessage);
  child.on('exit', onExit);
  child.on('error', onError);
  child.send({ type: 'prepare', embedder: options.embedder, ...(indexDir !== undefined && { preload: { indexDir } }) } satisfies WorkerRequest, (error) => {
    if (error) options.log(`The spare build process could not be told to prepare (${error.message}).`);
  });
  setReferenced(child, false);
  options.onSpareStarted?.(child);
  return {
    child,
    release: () => {
      child.stdout?.off('data', relay);
      child.stderr?.off('data', relay);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      setReferenced(child, true);
    },
  };
}

function takeSpare(spare: SpareBuildProcess): ChildProcess {
  spare.release();
  return spare.child;
}

function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

/** Whether the process, its IPC channel and its output pipes keep this process's event loop alive. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  const handles: Array<{ ref?: () => unknown; unref?: () => unknown } | null | undefined> = [child, child.channel, child.stdout as never, child.stderr as never];
  for (const handle of handles) (referenced ? handle?.ref : handle?.unref)?.call(handle);
}
