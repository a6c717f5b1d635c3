/**
 * Rebuilding the served index: one job (lock, clean-up, build with the actor registry) that runs
 * either in the calling process (the CLI) or in a child process (the bot), chosen by the runner.
 */
export {
  ACTOR_EXTRACTIONS_ARTEFACT,
  ACTORS_ARTEFACT,
  BuildFailedError,
  createEmbedderFromSpec,
  preloadForNextJob,
  runRebuildJob,
  type EmbedderSpec,
  type RebuildJob,
} from './job.js';
export { childProcessRebuildRunner, inProcessRebuildRunner, type ChildProcessRunnerOptions, type RebuildRunner } from './runners.js';
