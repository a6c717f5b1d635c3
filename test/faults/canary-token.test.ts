/**
 * A canary bot token in DISCORD_TOKEN, then every error we can force: a missing corpus, a corrupt
 * index, a build process killed mid-build, a failing /reindex and an exception inside /ask through
 * the real bot. No log line, error message, reply or build process environment may contain it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generationsFolder, GENERATION_FILES, readCurrentGenerationName } from '../../src/index/index.js';
import { BuildFailedError } from '../../src/rebuild/index.js';
import { createCorpusServiceDouble } from '../bot/corpus-service-double.js';
import { startFakeDiscord } from '../bot/fake-discord.js';
import { startBotUnderTest } from '../bot/harness.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { serviceOver } from './helpers.js';

// Not shaped like a Discord token, so the logger's pattern-based redaction cannot hide a leak.
const CANARY = 'canary-7f3a9c1e-verbatim-must-never-appear';
const STRING = 3;

describe('a canary DISCORD_TOKEN', () => {
  const seen: string[] = [];
  let saved: string | undefined;

  beforeAll(() => {
    saved = process.env.DISCORD_TOKEN;
    process.env.DISCORD_TOKEN = CANARY;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DISCORD_TOKEN;
    else process.env.DISCORD_TOKEN = saved;
  });

  const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error));

  it('never reaches logs or errors of a missing corpus, a corrupt index or a killed build process', async () => {
    const dirs = await tempWorkspace();
    const logs: string[] = [];
    const missing = serviceOver({ corpusDir: path.join(dirs.root, 'nowhere'), indexDir: dirs.indexDir }, { logs });
    seen.push(message(await missing.service.reindex({ requestedBy: 'cli' }).catch((e: unknown) => e)));

    const good = serviceOver(dirs, { logs });
    await good.service.reindex({ requestedBy: 'cli' });
    const hnsw = path.join(generationsFolder(dirs.indexDir), (await readCurrentGenerationName(dirs.indexDir))!, GENERATION_FILES.hnsw);
    await writeFile(hnsw, Buffer.alloc((await stat(hnsw)).size));
    seen.push(message(await serviceOver(dirs, { logs }).service.ask('Who heads the Cartel de los Soles?').catch((e: unknown) => e)));

    let environment = '';
    const killed = serviceOver(dirs, {
      runner: 'child',
      logs,
      onSpawn: (child) => {
        if (existsSync(`/proc/${child.pid}/environ`)) environment = readFileSync(`/proc/${child.pid}/environ`, 'latin1');
        setTimeout(() => child.kill('SIGKILL'), 300);
      },
    });
    const error = await killed.service.reindex({ requestedBy: 'cli', force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailedError);
    seen.push(message(error));
    if (existsSync('/proc/self/environ')) {
      expect(environment.length).toBeGreaterThan(0);
      expect(environment).not.toContain('DISCORD_TOKEN');
    }
    seen.push(environment, ...logs, await readFile(path.join(dirs.indexDir, 'audit.jsonl'), 'utf8'));
    expect(seen.join('\n')).toMatch(/corpus|Corpus/);
    expect(seen.join('\n')).not.toContain(CANARY);
  });

  it('never reaches the bot log or any message when /reindex fails and /ask throws', async () => {
    const fake = await startFakeDiscord();
    const service = createCorpusServiceDouble(path.resolve('corpus'));
    service.ask = async () => {
      throw new TypeError(`Cannot read properties of undefined (reading 'answerer')`);
    };
    service.reindex = async () => {
      throw new BuildFailedError('The index build failed (ENOSPC: no space left on device, write); the index keeps serving generation g-test-0001.');
    };
    const underTest = await startBotUnderTest(fake, service, { moderatorRoleIds: [fake.moderatorRoleId] });
    try {
      const ask = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: `What is ${CANARY.slice(0, 6)}?` }]);
      await fake.waitForRequest((r) => r.route.includes(ask.token) && String(r.body?.content ?? r.body?.data?.content ?? '').startsWith('Sorry'));
      const reindex = fake.sendCommand('reindex', [], { roles: [fake.moderatorRoleId] });
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(reindex.token) && String(r.body?.content).startsWith('Reindex not done'));
      expect(edit.body.content).toContain('ENOSPC');
      expect(edit.body.content).toContain('keeps serving generation g-test-0001');
      const everything = [...underTest.logs, ...fake.requests.map((r) => JSON.stringify(r))].join('\n');
      expect(everything).toContain('interaction_failed');
      expect(everything).not.toContain(CANARY);
    } finally {
      await underTest.bot.stop();
      await fake.close();
    }
  });
});
