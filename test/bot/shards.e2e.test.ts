/**
 * The sharded bot end to end, in real processes: `npm start`'s entry with SHARD_COUNT=2 runs
 * discord.js's ShardingManager, which starts one bot process per shard; each logs in to the fake
 * Discord as its shard. A moderator's /add in shard 0 (a real build, through the rebuild child
 * process) is answered from in shard 1, for both stores: with STORE=sqlite shard 1 sees INDEX_DIR's
 * `current` move, with STORE=postgres it hears the swap's NOTIFY. With PostgreSQL, a vote cast in
 * shard 1 counts in shard 0's /stats and a reply shard 1 sent keeps its buttons in shard 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeMarkdown } from '../../src/bot/render/markdown.js';
import { startArticleServer, type ArticleServer } from '../corpus/article-server.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { asAdministrator, createTestDatabase, describePostgres } from '../store/postgres-helpers.js';
import { MANAGE_GUILD, startFakeDiscord, type FakeDiscord } from './fake-discord.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const STRING = 3;
const QUESTION = 'How much will the Kestrel Point lighthouse restoration cost?';

interface ShardedBot {
  /** Resolves with the first log line (JSON, from the manager or a shard) that `matches`. */
  waitForLog(matches: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** `node src/bot/main.ts` as `npm start` runs it, with SHARD_COUNT=2, against the fake Discord. */
function startShardedBot(env: Record<string, string>): ShardedBot {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/bot/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: 'fake-token-for-shards', SHARD_COUNT: '2', MODELS_DIR: path.join(ROOT, 'models'), EMBEDDING_MODEL: 'embedded', LOG_LEVEL: 'info', ALLOW_PRIVATE_URLS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const other: string[] = [];
  const waiters: { matches: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  const read = (line: string) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      other.push(line);
      return;
    }
    logs.push(parsed);
    for (const waiter of waiters.filter((w) => w.matches(parsed))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(parsed);
    }
  };
  createInterface({ input: child.stdout! }).on('line', read);
  createInterface({ input: child.stderr! }).on('line', read);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    logs,
    waitForLog(matches, timeoutMs = 240_000) {
      const seen = logs.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ matches, resolve });
        setTimeout(() => reject(new Error(`No such log line within ${timeoutMs / 1000} s. Logged: ${logs.slice(-15).map((l) => JSON.stringify(l)).join('\n')}\n${other.slice(-10).join('\n')}`)), timeoutMs).unref();
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const serviceLine = (shard: number, pattern: RegExp) => (line: Record<string, unknown>) => line.shard === shard && line.event === 'service' && pattern.test(String(line.message));

/** Quoted lines of an answer embed ("> text **[1]**"), as the reader sees them. */
function quotedLines(embed: { description?: string }): string[] {
  return String(embed.description ?? '')
    .split('\n')
    .flatMap((line) => {
      const quoted = /^> (.*?) \*\*\[/.exec(line);
      return quoted ? [unescapeMarkdown(quoted[1]!.replace(/(?<!\\)\*\*/g, ''))] : [];
    });
}

/** The scenario against one store; the PostgreSQL suite goes on with its fake and replies. */
function shardedScenario(store: 'sqlite' | 'postgres', databaseUrl: () => string | undefined) {
  let fake: FakeDiscord;
  let server: ArticleServer;
  let bot: ShardedBot;
  let dirs: { corpusDir: string; indexDir: string; root: string };

  beforeAll(async () => {
    server = await startArticleServer();
    fake = await startFakeDiscord();
    dirs = await tempWorkspace();
    const url = databaseUrl();
    bot = startShardedBot({
      DISCORD_API_URL: fake.apiUrl,
      CORPUS_DIR: dirs.corpusDir,
      INDEX_DIR: dirs.indexDir,
      FEEDBACK_FILE: path.join(dirs.root, 'feedback.jsonl'),
      ANSWER_MEMORY_FILE: path.join(dirs.root, 'answer-memory.jsonl'),
      STORE: store,
      ...(url ? { DATABASE_URL: url } : {}),
    });
    await bot.waitForLog((line) => line.event === 'shards_ready', 480_000);
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await server?.close();
  });

  /** The final edit of a deferred reply to `interaction` (not a progress line). */
  const finalEdit = async (interaction: { token: string }) =>
    (await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token) && !String(r.body?.content ?? '').startsWith('Reindexing…'), 240_000)).body;

  return {
    it: () =>
      it(`answers in shard 1 from the article a moderator added in shard 0 (STORE=${store})`, async () => {
        expect(fake.connectedShards().sort()).toEqual([0, 1]);
        expect(bot.logs.filter((line) => line.event === 'shard_started').map((line) => line.shard)).toEqual([0, 1]);

        const add = fake.sendCommand('add', [{ name: 'url', type: STRING, value: server.url('/jsonld') }], { permissions: MANAGE_GUILD, shard: 0 });
        expect((await finalEdit(add)).content).toBe('Done: the article can be asked about now.');
        // Shard 1 built nothing: it switches when the other process's generation is published.
        await bot.waitForLog(serviceLine(1, /Now serving generation .* \(swapped by another process\)/), 60_000);

        const ask = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: QUESTION }], { shard: 1 });
        const answer = await finalEdit(ask);
        const embed = answer.embeds[0];
        expect(JSON.stringify(answer)).toContain(server.url('/2025/11/25/lighthouse-vote'));
        // Every quote is the added article's own text (read back from the corpus folder shard 0 wrote).
        const added = (await readdir(dirs.corpusDir)).find((name) => name.includes('kestrel-point-lighthouse'))!;
        const text = await readFile(path.join(dirs.corpusDir, added), 'utf8');
        const quotes = quotedLines(embed);
        expect(quotes.length).toBeGreaterThan(0);
        for (const quote of quotes) {
          const start = text.indexOf(quote);
          expect(start, quote).toBeGreaterThanOrEqual(0);
          expect(text.slice(start, start + quote.length)).toBe(quote);
        }
        // Only shard 1's connection was sent the question: shard 0 never answered it.
        expect(fake.requestsForInteraction(ask).filter((r) => r.route.endsWith('/callback'))).toHaveLength(1);
      }),
    fake: () => fake,
    feedbackFile: () => path.join(dirs.root, 'feedback.jsonl'),
    finalEdit,
  };
}

describe('sharded bot over local files (STORE=sqlite)', () => {
  shardedScenario('sqlite', () => undefined).it();
});

describePostgres('sharded bot over PostgreSQL (STORE=postgres)', () => {
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    url = database.url;
    drop = database.drop;
  });
  afterAll(async () => {
    await drop?.();
  });
  const scenario = shardedScenario('postgres', () => url);
  scenario.it();

  it('counts a vote cast in shard 1 in shard 0’s /stats, and keeps shard 1’s reply buttons working in shard 0', async () => {
    const fake = scenario.fake();
    // Another member than the first question's: the same one would be told to wait (the cooldown).
    const voter = { id: '700000000000000001', username: 'voter' };
    const ask = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: QUESTION }], { shard: 1, user: voter });
    const answer = await scenario.finalEdit(ask);
    const buttons = (answer.components as { components: { custom_id?: string }[] }[]).flatMap((row) => row.components.map((button) => button.custom_id ?? ''));
    const up = buttons.find((id) => id.includes(':vote:up:'))!;
    const quotes = buttons.find((id) => id.includes(':quotes:'))!;
    expect(up).toBeDefined();
    const message = { id: '1', channel_id: fake.channelId, content: '', embeds: answer.embeds, components: answer.components };

    const vote = fake.sendButton(up, message, { shard: 1, user: voter });
    expect((await scenario.finalEdit(vote)).content).toMatch(/Thanks for the 👍/);

    // Shard 0 never saw that reply: it reads it from the database every shard writes to.
    const reveal = fake.sendButton(quotes, message, { shard: 0, user: voter });
    const revealed = await fake.waitForRequest((r) => r.route === `/interactions/${reveal.id}/${reveal.token}/callback`, 30_000);
    expect(JSON.stringify(revealed.body)).not.toContain('no longer in my memory');
    expect(JSON.stringify(revealed.body)).toContain('Kestrel Point');

    // Recorded in the database, not in the FEEDBACK_FILE the two shards of one machine would share.
    const votes = await asAdministrator((client) => client.query<{ record: { vote: string; question: string } }>('SELECT record FROM verbatim.votes'), url);
    expect(votes.rows.map((row) => row.record)).toMatchObject([{ vote: 'up', question: QUESTION }]);
    expect(existsSync(scenario.feedbackFile())).toBe(false);
    // The vote was cast in shard 1's process; shard 0's /stats reads it from the database.
    const stats = fake.sendCommand('stats', [], { permissions: MANAGE_GUILD, shard: 0 });
    expect(JSON.stringify(await scenario.finalEdit(stats))).toContain('👍 1 · 👎 0 · 1 vote in total');
  });
});
