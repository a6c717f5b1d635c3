/**
 * `SHARD_COUNT=auto|N`: `npm start` becomes discord.js's ShardingManager, which runs the bot
 * (src/bot/main.ts) once per gateway shard, each in a process of its own. Discord requires
 * sharding from 2,500 servers; each shard then receives the interactions of its share of them.
 *
 * Every shard serves the one store: with STORE=postgres each LISTENs for the swap, so a `/add`
 * answered in one shard is answered from by all within a second; with STORE=sqlite they read the
 * same INDEX_DIR, one builds at a time (the build lock), and the others switch when `current`
 * moves (the service watches it). The manager itself loads no model and no index.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ShardingManager, type Shard } from 'discord.js';
import type { VerbatimConfig } from '../config/index.js';
import { describeError, type Logger } from './logger.js';

/** Set by the ShardingManager in every shard's environment: this process is one shard. */
export function isShardProcess(env: NodeJS.ProcessEnv): boolean {
  return env.SHARDING_MANAGER === 'true';
}

/** The shard ids this process runs (from the manager's SHARDS), for its log lines. */
export function shardIdsOf(env: NodeJS.ProcessEnv): number[] | null {
  if (!isShardProcess(env) || env.SHARDS === undefined) return null;
  try {
    const parsed = JSON.parse(env.SHARDS) as unknown;
    const ids = Array.isArray(parsed) ? parsed : [parsed];
    return ids.every((id) => Number.isInteger(id)) ? (ids as number[]) : null;
  } catch {
    return null;
  }
}

/** How long one shard may take to load (or first build) its index and log in before the start fails. */
const SHARD_READY_TIMEOUT_MS = 15 * 60_000;

export interface RunningShards {
  manager: ShardingManager;
  stop(): Promise<void>;
}

/**
 * Starts one process per shard and waits until each has logged in. A shard that dies is started
 * again by the manager (discord.js's `respawn`), and said in one log line.
 */
export async function startShards(options: { config: VerbatimConfig; token: string; logger: Logger; file?: string }): Promise<RunningShards> {
  const { config, token, logger } = options;
  // Shards run the same entry point under tsx, as `npm start` does.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const totalShards = config.SHARD_COUNT === 'auto' || config.SHARD_COUNT === undefined ? await recommendedShardCount(config.DISCORD_API_URL, token) : config.SHARD_COUNT;
  const manager = new ShardingManager(options.file ?? path.join(import.meta.dirname, 'main.ts'), {
    totalShards,
    token,
    mode: 'process',
    respawn: true,
    execArgv: ['--import', tsx],
  });
  manager.on('shardCreate', (shard: Shard) => {
    logger.info('shard_started', { shard: shard.id, of: manager.totalShards });
    shard.on('death', (child) => logger.warn('shard_died', { shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : null, respawning: manager.respawn }));
    shard.on('error', (error) => logger.error('shard_error', { shard: shard.id, error: describeError(error) }));
  });
  const stop = async () => {
    manager.respawn = false;
    // Each shard's own SIGTERM handler logs out and closes its store before it exits.
    await Promise.allSettled([...manager.shards.values()].map((shard) => stopShard(shard)));
  };
  try {
    await manager.spawn({ timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    // A shard that could not start (its one line is above, from the shard): none is left running.
    await stop();
    throw error;
  }
  logger.info('shards_ready', { shards: manager.shards.size });
  return { manager, stop };
}

/**
 * `SHARD_COUNT=auto`: the number of shards Discord recommends for this bot (GET /gateway/bot), asked
 * of DISCORD_API_URL (discord.js's own `auto` would always ask discord.com). A refusal is one line.
 */
export async function recommendedShardCount(apiUrl: string, token: string): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl.replace(/\/+$/, '')}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new Error(`Could not ask Discord how many shards to run (${(error as Error).message}); set SHARD_COUNT to a number or try again.`);
  }
  if (response.status === 401) throw new Error('Discord rejected DISCORD_TOKEN when asked how many shards to run: copy the token again from the Developer Portal (Bot > Reset Token).');
  if (!response.ok) throw new Error(`Discord did not say how many shards to run (HTTP ${response.status}); set SHARD_COUNT to a number or try again.`);
  const { shards } = (await response.json()) as { shards?: unknown };
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1) throw new Error('Discord gave no shard count; set SHARD_COUNT to a number.');
  return shards;
}

/** Asks a shard process to stop (SIGTERM) and waits for it, killing it after 10 s. */
async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
