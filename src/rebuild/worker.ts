/**
 * The build process: receives one rebuild job over IPC, runs it exactly as the CLI does in its
 * own process (runRebuildJob), reports progress and the result, and exits. If the serving process
 * goes away, it drops its lock and exits at once; its temporary folder is removed by the next build.
 */
import type { HeldBuildLock } from '../index/index.js';
import { createEmbedderFromSpec, runRebuildJob } from './job.js';
import { serializeError, type WorkerMessage, type WorkerRequest } from './runners.js';

let lock: HeldBuildLock | undefined;
process.on('exit', () => lock?.releaseSync());
process.on('disconnect', () => process.exit(3));

const send = (message: WorkerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, undefined, () => resolve());
  });

process.once('message', (request: WorkerRequest) => {
  void (async () => {
    const log = (line: string) => void send({ type: 'log', line });
    try {
      const embedder = await createEmbedderFromSpec(request.embedder, log);
      const report = await runRebuildJob(request.job, {
        embedder,
        log,
        onProgress: (progress) => void send({ type: 'progress', progress }),
        onLockHeld: (held) => {
          lock = held;
        },
      });
      await send({ type: 'done', report });
    } catch (error) {
      await send({ type: 'failed', error: serializeError(error) });
    }
    process.exit(0);
  })();
});
