import pg from 'pg';
import { BuildInProgressError, INDEX_FORMAT_VERSION, IndexError, type AuditEntry, type ModelIdentity } from '../../index/index.js';
import { createPool, describeDatabaseUrl, isConnectionLoss, redactDatabaseUrl, StoreError, storeErrorOf } from './connection.js';
import { DEFAULT_CACHE_LIMITS, PostgresGeneration, type CacheLimits, type GenerationRow, type StoreQuery } from './generation.js';
import { PostgresReplies, PostgresVotes } from './bot-memory.js';
import { publishGeneration, releaseBuildLock, tryBuildLock, type PublishReport } from './publish.js';
import { ensureRegistry, READER_LOCK_NAMESPACE, READER_LOCK_SQL, SWAP_CHANNEL } from './schema.js';

/** How long the listener waits before reconnecting after PostgreSQL went away. */
const RECONNECT_MS = 500;

export interface PostgresStoreOptions {
  /** One line for an operator; never given the password. */
  log: (line: string) => void;
  /** Connections of this process's pool (default POOL_SIZE, 8). */
  poolSize?: number;
  /** Entries each record cache of a served generation keeps (defaults: DEFAULT_CACHE_LIMITS). */
  cacheLimits?: Partial<CacheLimits>;
  /** How long a query waits for a connection (a new one, or a busy pool's) before it is refused; default 5 s. */
  waitMs?: number;
}

/**
 * Index generations in PostgreSQL with pgvector, shared by every process that opens the same
 * DATABASE_URL: a build publishes a generation beside the served one and swaps `verbatim.served`
 * in one transaction; each process LISTENs for the swap and loads the new generation itself;
 * while a process serves a generation it holds a shared advisory lock on it, so pruning never
 * drops a generation someone still reads; one build at a time holds the build lock.
 */
export class PostgresStore {
  private listener: pg.Client | null = null;
  private readonly swapListeners = new Set<(generation: string) => void>();
  /** Generations this process reads, with how many of its objects read each (locks held shared). */
  private readonly reading = new Map<string, number>();
  private closed = false;
  private lostSince: number | null = null;
  private lastServed: string | null = null;

  private constructor(
    private readonly url: string,
    readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions,
  ) {}

  /**
   * Connects, checks that pgvector is there (creating the extension when the role may), creates
   * the registry tables if needed and starts listening for swaps. Every failure is one StoreError
   * line that names the server and what to do, never the password.
   */
  static async open(url: string, options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = createPool(url, { max: options.poolSize, waitMs: options.waitMs, onIdleError: () => undefined });
    const store = new PostgresStore(url, pool, options);
    try {
      const client = await pool.connect();
      try {
        await ensurePgvector(client, url);
        await ensureRegistry(client);
      } finally {
        client.release();
      }
      await store.listen();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw storeErrorOf(error, url);
    }
    return store;
  }

  /** Called with the new generation's name when any process swaps one in (this one included). */
  onSwap(listener: (generation: string) => void): () => void {
    this.swapListeners.add(listener);
    return () => this.swapListeners.delete(listener);
  }

  /** The generation being served, or null before the first publish. */
  async servedGenerationName(): Promise<string | null> {
    const { rows } = await this.query<{ generation: string }>('SELECT generation FROM verbatim.served');
    return rows[0]?.generation ?? null;
  }

  /**
   * Opens the served generation for reading: checks its model, then holds it (a shared advisory
   * lock) until {@link release}. Throws IndexError('missing') when nothing was published yet.
   */
  async openServed(model: ModelIdentity): Promise<PostgresGeneration> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const name = await this.servedGenerationName();
      if (!name) throw new IndexError('missing', `No index in PostgreSQL at ${describeDatabaseUrl(this.url)}. Run: npm run index`);
      await this.hold(name);
      // The swap may have moved on between reading the name and taking the lock: read it again.
      const { rows } = await this.query<GenerationRow>(
        'SELECT g.name, g.schema_name, g.manifest, g.artefacts, g.passages, g.mean_terms FROM verbatim.generations g WHERE g.name = $1',
        [name],
      );
      const row = rows[0];
      if (!row) {
        await this.release(name);
        continue;
      }
      if (row.manifest.formatVersion !== INDEX_FORMAT_VERSION) {
        // Its search terms (or another file's meaning) differ from what this version reads: rebuilt, never half-read.
        await this.release(name);
        throw new IndexError('format', `The index in PostgreSQL has format ${String(row.manifest.formatVersion)}; this version reads ${INDEX_FORMAT_VERSION}. Run: npm run index`);
      }
      if (row.manifest.model?.id !== model.id || row.manifest.model?.dims !== model.dims) {
        await this.release(name);
        throw new IndexError(
          'model-mismatch',
          `The index in PostgreSQL was built with model ${row.manifest.model?.id} (${row.manifest.model?.dims} dims) but EMBEDDING_MODEL gives ${model.id} (${model.dims} dims). Run: npm run index`,
        );
      }
      this.lastServed = name;
      const query: StoreQuery = (sql, values) => this.query(sql, values);
      return new PostgresGeneration(query, row, { ...DEFAULT_CACHE_LIMITS, ...this.options.cacheLimits }, await withheldFrom(query, name));
    }
    throw new StoreError('store-unavailable', 'The served generation changed three times while it was being opened; try again.');
  }

  /** Lets go of a generation this process no longer serves, so a later build may prune it. */
  async release(name: string): Promise<void> {
    const count = (this.reading.get(name) ?? 0) - 1;
    if (count > 0) {
      this.reading.set(name, count);
      return;
    }
    this.reading.delete(name);
    await this.listener?.query(READER_LOCK_SQL('unlock-shared'), [READER_LOCK_NAMESPACE, name]).catch(() => undefined);
  }

  private async hold(name: string): Promise<void> {
    const count = this.reading.get(name) ?? 0;
    this.reading.set(name, count + 1);
    if (count === 0 && this.listener) await this.listener.query(READER_LOCK_SQL('shared'), [READER_LOCK_NAMESPACE, name]);
  }

  /**
   * Runs `build` (which writes a generation on local disk) while holding the one build lock of
   * the database, then publishes what it built and serves it. Another process's build in
   * progress is refused as busy, the same refusal a local build gives.
   */
  async buildAndPublish<T extends { generation: string; unchanged?: boolean }>(
    build: () => Promise<T>,
    folderOf: (report: T) => string,
  ): Promise<T & { published?: PublishReport }> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw storeErrorOf(error, this.url);
    });
    let broken = false;
    try {
      if (!(await tryBuildLock(client))) throw new BuildInProgressError(null);
      try {
        const report = await build();
        // An unchanged local build is already published unless this database has never seen it.
        if (report.unchanged && (await this.servedGenerationName()) === report.generation) return report;
        const published = await publishGeneration(client, folderOf(report));
        if (published.pruned.length > 0) this.options.log(`Pruned generations no process reads any more: ${published.pruned.join(', ')}.`);
        return { ...report, published };
      } finally {
        await releaseBuildLock(client).catch(() => {
          broken = true;
        });
      }
    } catch (error) {
      if (isConnectionLoss(error)) {
        broken = true;
        throw storeErrorOf(error, this.url);
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Records a rebuild attempt (success, refusal, failure, busy) in the database, so the audit
   * of every process on every machine is in one place.
   */
  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    await this.query('INSERT INTO verbatim.audit_log (entry) VALUES ($1)', [JSON.stringify(entry)]);
  }

  /** The votes every bot process records and every /stats reads. */
  votes<R extends object>(): PostgresVotes<R> {
    return new PostgresVotes<R>((sql, values) => this.query(sql, values));
  }

  /** The replies whose buttons any bot process may be asked about. */
  replies<R extends object>(capacity?: number): PostgresReplies<R> {
    return new PostgresReplies<R>((sql, values) => this.query(sql, values), capacity);
  }

  /** Every recorded rebuild attempt, oldest first. */
  async readAuditLog(): Promise<AuditEntry[]> {
    const { rows } = await this.query<{ entry: AuditEntry }>('SELECT entry FROM verbatim.audit_log ORDER BY id');
    return rows.map((row) => row.entry);
  }

  /**
   * A query on the pool. A lost connection (PostgreSQL restarting, the network) or a pool that
   * stayed exhausted becomes one line for whoever asked, which names no server: it may be a
   * Discord user. The operator's log says where, once, from the listener.
   */
  async query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      throw new StoreError('store-unavailable', 'The index database is busy or not reachable right now; try again in a moment.', { cause: error });
    }
  }

  /**
   * The connection that LISTENs for swaps and holds the shared locks of the generations this
   * process reads. If PostgreSQL goes away it reconnects every {@link RECONNECT_MS} ms, says so
   * once when it is lost and once when it is back, takes its locks again and reads the served
   * generation (a swap announced while it was away is not lost).
   */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, application_name: 'verbatim-listener' });
    client.on('error', () => this.listenerLost(client));
    client.on('end', () => this.listenerLost(client));
    client.on('notification', (message) => {
      if (message.channel === SWAP_CHANNEL && message.payload) this.announce(message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${SWAP_CHANNEL}`);
    for (const name of this.reading.keys()) await client.query(READER_LOCK_SQL('shared'), [READER_LOCK_NAMESPACE, name]);
    this.listener = client;
  }

  private announce(generation: string): void {
    if (generation === this.lastServed) return;
    for (const listener of this.swapListeners) listener(generation);
  }

  private listenerLost(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.lostSince = Date.now();
    this.options.log(`Lost the connection to PostgreSQL at ${describeDatabaseUrl(this.url)}; reconnecting (questions are refused until it is back).`);
    const retry = () => {
      if (this.closed) return;
      this.listen().then(
        async () => {
          this.options.log(`Reconnected to PostgreSQL at ${describeDatabaseUrl(this.url)} after ${((Date.now() - this.lostSince!) / 1000).toFixed(1)} s.`);
          const served = await this.servedGenerationName().catch(() => null);
          if (served) this.announce(served);
        },
        () => setTimeout(retry, RECONNECT_MS),
      );
    };
    setTimeout(retry, RECONNECT_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  /** The URL with its password taken out, for messages. */
  describe(): string {
    return describeDatabaseUrl(this.url);
  }

  /** Any text with this store's password taken out. */
  redact(text: string): string {
    return redactDatabaseUrl(text, this.url);
  }
}

/**
 * The documents a generation must not serve, as a local generation is loaded with them withheld
 * (src/index/withdrawn.ts): those the last published build records as withdrawn, and those any
 * newer generation's manifest records, so that an older generation serving again (the served row
 * set back, a process that could not load the newer one) never quotes a removed article.
 */
export async function withheldFrom(query: StoreQuery, generation: string): Promise<Set<string>> {
  const { rows } = await query<{ doc_id: string }>(
    `SELECT doc_id FROM verbatim.withdrawn
     UNION SELECT jsonb_array_elements_text(manifest->'withdrawn') FROM verbatim.generations WHERE name > $1 AND manifest ? 'withdrawn'`,
    [generation],
  );
  return new Set(rows.map((row) => row.doc_id));
}

/**
 * pgvector must be installed on the server; the extension is created in the database when the
 * role may, and otherwise refused in one line that says what an administrator must run.
 */
async function ensurePgvector(client: pg.ClientBase, url: string): Promise<void> {
  const { rows } = await client.query<{ extversion: string }>("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
  if (rows.length > 0) return;
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    const detail = redactDatabaseUrl((error as Error).message.split('\n')[0]!, url);
    throw new StoreError(
      'store-pgvector',
      `PostgreSQL at ${describeDatabaseUrl(url)} lacks the pgvector extension (${detail}). Install pgvector on the server (Debian: postgresql-15-pgvector, or .ci/postgres.sh builds it) and run CREATE EXTENSION vector; in that database as its owner or a superuser.`,
      { cause: error },
    );
  }
}

/**
 * Another connection LISTENing for the swap to `name`, and when its notification arrived
 * (`performance.now()`): how soon every other process hears of a swap (the benchmark's figure).
 */
export function noticeOfSwap(url: string, name: string): { listening: Promise<void>; at: Promise<number> } {
  const client = new pg.Client({ connectionString: url });
  let heard: (at: number) => void;
  const at = new Promise<number>((resolve) => (heard = resolve));
  client.on('notification', (message) => {
    if (message.payload !== name) return;
    heard(performance.now());
    void client.end();
  });
  const listening = client.connect().then(() => client.query(`LISTEN ${SWAP_CHANNEL}`)).then(() => undefined);
  return { listening, at };
}
