import { UserError } from '../config/index.js';
import { BuildFailedError } from '../rebuild/index.js';
import { escapeForTerminal } from './terminal-text.js';

/** How an entry point ends on an error: the exit status and the one line on stderr. */
export interface Failure {
  status: 1 | 2;
  line: string;
}

/**
 * The one mapping of errors to exit statuses (docs/CONTRACT.md): a {@link UserError} is the
 * person's to fix (exit 1); a {@link BuildFailedError} is fully described but not their fault
 * (exit 2); anything else is an internal fault (exit 2). Each is one line.
 */
export function describeFailure(error: unknown): Failure {
  const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  if (error instanceof UserError) return { status: 1, line: firstLine };
  if (error instanceof BuildFailedError) return { status: 2, line: firstLine };
  return { status: 2, line: `Internal error: ${firstLine}. Please report it with the command you ran.` };
}

/**
 * Runs an entry point's `main` and sets the exit status: its return value (default 0), or the
 * failure's status with one line on stderr; the stack only at LOG_LEVEL=debug.
 */
export function runEntryPoint(main: () => Promise<number | void>, options: { debug?: boolean } = {}): void {
  main().then(
    (status) => {
      process.exitCode = status ?? 0;
    },
    (error: unknown) => {
      const failure = describeFailure(error);
      process.stderr.write(`${escapeForTerminal(failure.line)}\n`);
      if (options.debug && failure.status === 2 && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = failure.status;
    },
  );
}
