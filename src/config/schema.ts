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
  /** `embedded` (the offline default), a Hugging Face model id, or a path to a local model folder. */
  EMBEDDING_MODEL: z.string().min(1).default('embedded'),
  ALLOW_REMOTE_MODELS: booleanFlag,
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
  FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().default(20),
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
  /** Base URL of the Discord REST API; tests point it at a local fake Discord. */
  DISCORD_API_URL: z.string().url().default('https://discord.com/api'),
});

export type VerbatimConfig = z.infer<typeof configSchema>;
