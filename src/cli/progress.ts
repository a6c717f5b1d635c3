import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/index.js';

/** Reports build progress on stderr while a build runs. */
export interface ProgressReporter {
  update(progress: BuildProgress): void;
  stop(): void;
}

/** Nothing at all: for `--json`, whose stderr scripts may read. */
const silentProgress: ProgressReporter = { update: () => {}, stop: () => {} };

/** A progress bar on a terminal, one line per phase otherwise (CI logs, pipes). */
function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) {
    let lastPhase = '';
    return {
      update: (p) => {
        if (p.phase !== lastPhase) stream.write(`${p.phase}…\n`);
        lastPhase = p.phase;
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {value}/{total}', stream, clearOnComplete: true },
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
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * Runs a build that reports progress: a bar or phase lines on stderr (nothing with `--json`),
 * stopped before the caller prints its result, and also when the build fails.
 */
export async function withBuildProgress<T>(json: boolean, build: (onProgress: (progress: BuildProgress) => void) => Promise<T>): Promise<T> {
  const progress = json ? silentProgress : progressReporter();
  try {
    return await build((p) => progress.update(p));
  } finally {
    progress.stop();
  }
}
