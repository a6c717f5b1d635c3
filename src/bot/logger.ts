/**
 * One JSON object per line on stderr. Every line passes through {@link redactSecrets}, so the
 * bot token (and interaction tokens inside REST URLs) can never reach a log, even when an error
 * message from a library embeds them.
 */
import { redactSecrets } from '../text/index.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** The loggable parts of an error: name, message, code and status, stack only at debug level. */
export function describeError(error: unknown, withStack = false): Record<string, unknown> {
  if (error instanceof Error) {
    const described: Record<string, unknown> = { name: error.name, message: error.message };
    const extra = error as Error & { code?: unknown; status?: unknown };
    if (extra.code !== undefined) described.code = extra.code;
    if (extra.status !== undefined) described.status = extra.status;
    if (withStack && error.stack) described.stack = error.stack;
    return described;
  }
  return { message: String(error) };
}

export function createLogger(options: {
  level: LogLevel;
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => Date;
  /** Fields every line carries (a shard process's `shard`, so that the manager's merged output says who wrote each line). */
  base?: Record<string, unknown>;
}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  const emit = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[options.level]) return;
    let line: string;
    try {
      line = JSON.stringify({ time: now().toISOString(), level, event, ...options.base, ...fields }, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value instanceof Error ? describeError(value, options.level === 'debug') : value,
      );
    } catch {
      line = JSON.stringify({ time: now().toISOString(), level, event, note: 'fields were not serialisable' });
    }
    write(redactSecrets(line, secrets));
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
