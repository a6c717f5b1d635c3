/**
 * One JSON object per line on stderr. Every line passes through {@link redactSecrets}, so the
 * bot token (and interaction tokens inside REST URLs) can never reach a log, even when an error
 * message from a library embeds them.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A Discord bot token: three base64url parts separated by dots. */
const BOT_TOKEN_SHAPE = /[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/g;
/** Interaction and webhook tokens travel in REST paths. */
const TOKEN_IN_PATH = /(\/(?:interactions\/\d+|webhooks\/\d+)\/)([A-Za-z0-9_.-]{20,})/g;
const AUTH_HEADER = /(Bot|Bearer)\s+[A-Za-z0-9_.-]{10,}/g;

/** Removes the given secrets and anything shaped like a Discord token from `text`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) result = result.split(secret).join('[redacted]');
  }
  return result.replace(BOT_TOKEN_SHAPE, '[redacted]').replace(TOKEN_IN_PATH, '$1[redacted]').replace(AUTH_HEADER, '$1 [redacted]');
}

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
}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  const emit = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[options.level]) return;
    let line: string;
    try {
      line = JSON.stringify({ time: now().toISOString(), level, event, ...fields }, (_key, value: unknown) =>
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
