/**
 * A problem the person at the keyboard (or in Discord) can fix: a bad question, flag or setting,
 * an unreadable corpus folder, a missing index, a refused or busy build. Its message is one line
 * that says what to do next. Front ends map this one family once: the CLI prints the message and
 * exits 1; the bot replies with it, ephemeral, and logs it at info without a stack. Anything that
 * is not a UserError is an internal fault.
 */
export class UserError extends Error {
  override name = 'UserError';

  constructor(
    /** A stable, machine-readable kind, e.g. `question`, `config`, `index-missing`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
