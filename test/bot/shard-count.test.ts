/**
 * SHARD_COUNT: how it is read, and `auto` asked of DISCORD_API_URL (the fake Discord here), not of
 * discord.com as discord.js's own `auto` would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendedShardCount } from '../../src/bot/shards.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { startFakeDiscord, type FakeDiscord } from './fake-discord.js';

describe('SHARD_COUNT', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('reads auto or a whole number, unset by default, and refuses anything else in one line', () => {
    expect(loadConfig({}).SHARD_COUNT).toBeUndefined();
    expect(loadConfig({ SHARD_COUNT: 'auto' }).SHARD_COUNT).toBe('auto');
    expect(loadConfig({ SHARD_COUNT: ' 4 ' }).SHARD_COUNT).toBe(4);
    for (const bad of ['0', '-2', 'two', '1.5', 'auto2']) {
      expect(() => loadConfig({ SHARD_COUNT: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SHARD_COUNT: bad })).toThrow(/^Invalid SHARD_COUNT: auto or a whole number of shards from 1 \(such as 2\)\. Fix it/);
    }
  });

  it('asks DISCORD_API_URL for the recommended count with the bot token', async () => {
    expect(await recommendedShardCount(fake.apiUrl, 'token-for-auto')).toBe(1);
    const asked = fake.requests.find((request) => request.route === '/gateway/bot');
    expect(asked?.authorization).toBe('Bot token-for-auto');
  });

  it('says in one line what to do when nothing answers there', async () => {
    const error = await recommendedShardCount('http://127.0.0.1:9/api', 'token').then(() => null, (caught: unknown) => caught as Error);
    expect(error?.message).toMatch(/^Could not ask Discord how many shards to run \(.*\); set SHARD_COUNT to a number or try again\.$/);
  });
});
