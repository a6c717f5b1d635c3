import type { StoreQuery } from './generation.js';

/**
 * The bot's memory in PostgreSQL (STORE=postgres), shared by every bot process: 👍/👎 votes and
 * the replies whose buttons may still be pressed. The same records as the files of a single
 * process (FEEDBACK_FILE, ANSWER_MEMORY_FILE), so that a vote cast in one shard counts in every
 * shard's /stats, and a reply's buttons keep working whichever process receives the click.
 */

/** Votes as JSON records, in the order they were cast. */
export class PostgresVotes<R extends object> {
  constructor(private readonly query: StoreQuery) {}

  async append(record: R): Promise<void> {
    await this.query('INSERT INTO verbatim.votes (record) VALUES ($1)', [JSON.stringify(record)]);
  }

  /** Every vote, oldest first. */
  async read(): Promise<R[]> {
    const { rows } = await this.query<{ record: R }>('SELECT record FROM verbatim.votes ORDER BY id');
    return rows.map((row) => row.record);
  }
}

/** Remembers this many replies (all processes together); the oldest go first. */
const DEFAULT_CAPACITY = 20_000;
/** Trims once every this many replies remembered by a process, not on every one. */
const TRIM_EVERY = 100;

/** Replies by key, kept in the database; each process also keeps the ones it touched in memory. */
export class PostgresReplies<R extends object> {
  private remembered = 0;

  constructor(
    private readonly query: StoreQuery,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  async remember(key: string, reply: R): Promise<void> {
    await this.query('INSERT INTO verbatim.answer_memory (key, reply) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET reply = EXCLUDED.reply, remembered_at = clock_timestamp()', [key, JSON.stringify(reply)]);
    if (++this.remembered % TRIM_EVERY === 0) {
      await this.query(
        'DELETE FROM verbatim.answer_memory WHERE remembered_at < (SELECT remembered_at FROM verbatim.answer_memory ORDER BY remembered_at DESC OFFSET $1 LIMIT 1)',
        [this.capacity - 1],
      );
    }
  }

  async recall(key: string): Promise<R | undefined> {
    const { rows } = await this.query<{ reply: R }>('SELECT reply FROM verbatim.answer_memory WHERE key = $1', [key]);
    return rows[0]?.reply;
  }
}
