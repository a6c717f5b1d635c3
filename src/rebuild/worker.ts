/**
 * The build process: receives one rebuild job over IPC, runs it exactly as the CLI does in its
 * own process (runRebuildJob), reports progress and the result, and exits. A spare process is
 * first sent `prepare`: it loads the model then, and the job that follows uses it. If the serving process
 * goes away, it drops its lock and exits at once; its temporary folder is removed by the next build.
 */
import type { HeldBuildLock, WarmGeneration } from '../index/index.js';
import { tokenize } from '../text/index.js';
import { createEmbedderFromSpec, preloadForNextJob, runRebuildJob } from './job.js';
import { serializeError, type WorkerMessage, type WorkerRequest } from './runners.js';

let lock: HeldBuildLock | undefined;
process.on('exit', () => lock?.releaseSync());
process.on('disconnect', () => process.exit(3));

const send = (message: WorkerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, undefined, () => resolve());
  });

/** The model, loaded once: on `prepare` (a spare waiting for its job) or on `build`. */
let embedder: ReturnType<typeof createEmbedderFromSpec> | undefined;
const log = (line: string) => void send({ type: 'log', line });

/** What a spare read ahead of its job (see preloadForNextJob); the job takes it only if finished by then. */
let preloaded: WarmGeneration | undefined;
let jobArrived = false;

process.on('message', (request: WorkerRequest) => {
  if (request.type === 'prepare') {
    embedder ??= createEmbedderFromSpec(request.embedder, log);
    // A failure is reported by the build that needs the model. Then wink-nlp's model (about a
    // second), which the actors' reading of the added article would otherwise load.
    // Then, while it still waits, the served generation the job will read (warm-generation.ts).
    embedder.then(
      async (loaded) => {
        tokenize('Ready.');
        if (!request.preload || jobArrived) return;
        preloaded = await preloadForNextJob(request.preload.indexDir, loaded, () => jobArrived).catch((error: Error) => {
          log(`The spare could not read the served generation ahead (${error.message}); its build reads it as usual.`);
          return undefined;
        });
        if (preloaded) void send({ type: 'preloaded', generation: preloaded.generation });
      },
      () => {},
    );
    return;
  }
  jobArrived = true;
  const warm = preloaded;
  preloaded = undefined;
  void (async () => {
    try {
      const report = await runRebuildJob(request.job, {
        embedder: await (embedder ??= createEmbedderFromSpec(request.embedder, log)),
        log,
        onProgress: (progress) => void send({ type: 'progress', progress }),
        onLockHeld: (held) => {
          lock = held;
        },
        warm,
      });
      await send({ type: 'done', report });
    } catch (error) {
      await send({ type: 'failed', error: serializeError(error) });
    }
    process.exit(0);
  })();
});
