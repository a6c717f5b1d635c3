import pg from 'pg';
import { UserError } from '../../config/index.js';

/**
 * PostgreSQL could not be used: not reachable, refused the login, has no such database, or lacks
 * the pgvector extension. One line that names what to do; never the password of DATABASE_URL.
 */
export class StoreError extends UserError {
  override name = 'StoreError';
  constructor(
    override readonly code: 'store-unreachable' | 'store-login' | 'store-database' | 'store-pgvector' | 'store-unavailable' | 'store-empty',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Where DATABASE_URL points, without its password: what an error message may say. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Removes DATABASE_URL's password from any text about to reach a log, an error or a reply: the
 * password as written, decoded, and any `scheme://user:secret@` credentials in the text.
 */
export function redactDatabaseUrl(text: string, url: string | undefined): string {
  let redacted = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@');
  if (url) {
    let password = '';
    try {
      password = new URL(url).password;
    } catch {
      password = /^[^:]+:\/\/[^:/@]*:([^@]*)@/.exec(url)?.[1] ?? '';
    }
    for (const secret of new Set([password, safeDecode(password)])) {
      if (secret.length >= 3) redacted = redacted.split(secret).join('***');
    }
  }
  return redacted;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** SQLSTATE and errno of a failed connection or query, when node-postgres or Node gave one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether an error means the server went away (restart, network): worth a retry, not a bug. */
export function isConnectionLoss(error: unknown): boolean {
  const code = codeOf(error);
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code)) return true;
  const message = (error as Error | null)?.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|Client has encountered a connection error|not queryable|ended unexpectedly/i.test(message);
}

/**
 * The one line a connection or setup failure becomes: what went wrong, where (host, port and
 * database, never the password) and what to do.
 */
export function storeErrorOf(error: unknown, url: string): StoreError {
  if (error instanceof StoreError) return error;
  const where = describeDatabaseUrl(url);
  const code = codeOf(error);
  const detail = redactDatabaseUrl(((error as Error | null)?.message ?? String(error)).split('\n')[0]!, url).slice(0, 200);
  if (code === '28P01' || code === '28000') {
    return new StoreError('store-login', `PostgreSQL at ${where} refused the login (${detail}). Fix the user or password in DATABASE_URL.`, { cause: error });
  }
  if (code === '3D000') {
    return new StoreError('store-database', `PostgreSQL at ${where} has no such database (${detail}). Create it (createdb) or fix DATABASE_URL.`, { cause: error });
  }
  if (isConnectionLoss(error)) {
    return new StoreError('store-unreachable', `PostgreSQL at ${where} is not reachable (${detail}). Start it, or fix the host and port in DATABASE_URL.`, { cause: error });
  }
  return new StoreError('store-unavailable', `PostgreSQL at ${where} failed (${detail}).`, { cause: error });
}

/** How many connections one bot process opens: questions run two searches at once, and reads. */
export const POOL_SIZE = 8;

/**
 * A pool for one process. Every connection searches the HNSW index with ef_search 512 (as the
 * local generation's hnswlib does), and a connection lost while idle (a restart) is dropped from
 * the pool quietly: the next query opens a fresh one.
 */
export function createPool(url: string, options: { max?: number; waitMs?: number; onIdleError?: (line: string) => void } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? POOL_SIZE,
    // Also how long a query waits for a free connection when all are busy, before it is refused.
    connectionTimeoutMillis: options.waitMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    options: '-c hnsw.ef_search=512',
    application_name: 'verbatim',
  });
  pool.on('error', (error) => options.onIdleError?.(redactDatabaseUrl(`An idle PostgreSQL connection closed (${error.message}); the next query reconnects.`, url)));
  return pool;
}
