/**
 * `npm start`: the Discord bot. Reads .env and the environment, creates the service, logs in.
 * A missing token or a bad setting is one line on stderr and exit status 1, never a stack trace.
 */
import path from 'node:path';
import { UserError, type VerbatimConfig } from '../config/index.js';
import { embedderSettingsOf, settingsForSameModel } from '../embedding/index.js';
import { childProcessRebuildRunner, createEmbedderFromSpec, type EmbedderSpec } from '../rebuild/index.js';
import { createVerbatimService, type VerbatimService } from '../service/index.js';
import { preloadWordSenses, redactSecrets } from '../text/index.js';
import { startBot } from './app.js';
import { configAndTokenOrExit, fail } from './entry.js';
import { corpusInCheckoutWarning } from './data-folders.js';
import { botSettingsFrom } from './settings.js';
import { startViewer, type RunningViewer } from '../viewer/index.js';
import { createLogger, describeError, type Logger } from './logger.js';
import { isShardProcess, shardIdsOf, startShards } from './shards.js';

/** The real service over INDEX_DIR, with the configured embedder; loaded lazily on first use. */
async function createServiceFromConfig(config: VerbatimConfig, logger: Logger): Promise<VerbatimService> {
  const log = (line: string) => logger.info('service', { message: line });
  const embedder = await createEmbedderFromSpec({ kind: 'configured', ...embedderSettingsOf(config) }, log);
  // The build process loads the model the bot serves with (the GloVe fallback included), from
  // MODELS_DIR only; rebuilds run in a child process so that answers keep flowing while /reindex embeds and writes.
  // A spare build process waits with the code and the models loaded (about 370 MB with the
  // embedded model), so an /add pays only its build; not one per shard, which would multiply that.
  const spec: EmbedderSpec = { kind: 'configured', ...settingsForSameModel(embedderSettingsOf(config), embedder) };
  const rebuildRunner = childProcessRebuildRunner({ embedder: spec, log, spare: config.SHARD_COUNT === undefined, indexDir: config.INDEX_DIR });
  // Questions the corpus cannot answer are recorded (text and time only) for /stats.
  return createVerbatimService(config, { embedder, log, rebuildRunner, recordUnanswered: true });
}

const USAGE = `Usage: npm start [-- --help]

Starts the Discord bot: reads .env and the environment (DISCORD_TOKEN, DISCORD_CLIENT_ID and the
settings in .env.example), loads or builds the index, then logs in. Register the slash commands
once with npm run deploy-commands. See docs/discord.md.`;

async function main(): Promise<void> {
  // Asked for help, a person gets it before any setting is checked (not "DISCORD_TOKEN is not set").
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.length > 0) fail(`Unknown option '${args[0]}': npm start takes no options but --help.`, 1);
  const { config, token } = configAndTokenOrExit();
  const shard = shardIdsOf(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token], ...(shard ? { base: { shard: shard.length === 1 ? shard[0] : shard } } : {}) });
  // SHARD_COUNT set: this process is the ShardingManager, which runs this file once per shard.
  if (config.SHARD_COUNT !== undefined && !isShardProcess(process.env)) return manageShards(config, token, logger);
  const inCheckout = corpusInCheckoutWarning(config.CORPUS_DIR);
  if (inCheckout) logger.warn('corpus_in_git_checkout', inCheckout);
  try {
    const service = await createServiceFromConfig(config, logger);
    // Load (or first build) the index before logging in: an interaction that arrives while it
    // loads would wait on it, and Discord allows 3 s for the first response.
    const loadStarted = Date.now();
    await service.sources();
    logger.info('index_loaded', { generation: service.currentGeneration(), tookMs: Date.now() - loadStarted });
    // Read here, not during the first who-question (≈ 0.16 s on the event loop).
    preloadWordSenses();
    // The source viewer that quote links open, over the generation this bot serves; started before
    // logging in, so that a port in use stops the start with one line.
    let viewer: RunningViewer | null = null;
    if (config.VIEWER_PORT !== undefined) {
      viewer = await startViewer({ reader: service, log: (line) => logger.warn('viewer', { message: line }), port: config.VIEWER_PORT, host: config.VIEWER_HOST });
      logger.info('viewer_started', { url: viewer.url, publicBaseUrl: config.PUBLIC_BASE_URL ?? null });
    }
    const bot = await startBot(
      {
        service,
        settings: botSettingsFrom(config),
        logger,
        feedbackFile: config.FEEDBACK_FILE,
        // A shard keeps its own answer-memory file: a server's clicks always reach the same shard, and
        // two processes must not rewrite one file (it is compacted by rewriting it).
        answerMemoryFile: shard ? fileOfShard(config.ANSWER_MEMORY_FILE, shard) : config.ANSWER_MEMORY_FILE,
        apiUrl: config.DISCORD_API_URL,
      },
      token,
    );
    const shutdown = (signal: string) => {
      logger.info('shutting_down', { signal });
      void Promise.allSettled([bot.stop(), viewer?.close(), service.close?.()]).finally(() => process.exit(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    // A shard whose manager is gone (killed, crashed) stops too, instead of answering unmanaged.
    if (isShardProcess(process.env)) process.once('disconnect', () => shutdown('manager_gone'));
  } catch (error) {
    // Something the operator can fix (no corpus folder, a bad index…): its one line, status 1.
    if (error instanceof UserError) fail(error.message, 1, [token]);
    const described = describeError(error);
    logger.error('start_failed', { error: described });
    if ((described as { code?: unknown }).code === 'TokenInvalid') {
      fail('Discord rejected DISCORD_TOKEN: copy the token again from the Developer Portal (Bot > Reset Token).', 1, [token]);
    }
    fail(`Could not start the bot: ${String(described.message)}`, 2, [token]);
  }
}

/** `answer-memory.jsonl` → `answer-memory.shard-1.jsonl` for the process of shard 1. */
function fileOfShard(file: string, shard: readonly number[]): string {
  const extension = path.extname(file);
  return `${file.slice(0, file.length - extension.length)}.shard-${shard.join('-')}${extension}`;
}

/** The manager process: starts the shards, and stops them when it is stopped. */
async function manageShards(config: VerbatimConfig, token: string, logger: Logger): Promise<void> {
  try {
    const shards = await startShards({ config, token, logger });
    const shutdown = (signal: string) => {
      logger.info('shutting_down', { signal });
      void shards.stop().finally(() => process.exit(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  } catch (error) {
    const described = describeError(error);
    logger.error('start_failed', { error: described });
    fail(`Could not start the shards (SHARD_COUNT=${String(config.SHARD_COUNT)}): ${String(described.message)}`, 2, [token]);
  }
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`${redactSecrets(JSON.stringify({ level: 'error', event: 'unhandled_rejection', error: describeError(reason) }), [process.env.DISCORD_TOKEN ?? ''])}\n`);
});

void main();
