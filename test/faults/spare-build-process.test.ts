/**
 * The bot's spare build process: a build process started ahead of its job (code and model
 * loaded), so a moderator's /add pays only its build. Each job goes to the spare started before
 * it, a new spare follows each build, and a spare that died while idle is replaced by a fresh
 * process for the job, which still builds.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { childProcessRebuildRunner } from '../../src/rebuild/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { DIMS, embedder } from './helpers.js';

const started: ChildProcess[] = [];

afterEach(() => {
  // Spares would exit with this process anyway (their IPC channel closes); end them now.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
});

async function serviceWithSpare() {
  const dirs = await tempWorkspace();
  const logs: string[] = [];
  const spares: ChildProcess[] = [];
  const given: ChildProcess[] = [];
  const preloaded: Array<{ pid: number | undefined; generation: string }> = [];
  const rebuildRunner = childProcessRebuildRunner({
    embedder: { kind: 'hashing', dims: DIMS },
    log: (line) => logs.push(line),
    spare: true,
    onSparePreloaded: (child, generation) => preloaded.push({ pid: child.pid, generation }),
    onSpareStarted: (child) => {
      spares.push(child);
      started.push(child);
    },
    onSpawn: (child) => {
      given.push(child);
      started.push(child);
    },
  });
  const service = createVerbatimService(loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir }), { embedder, log: (line) => logs.push(line), rebuildRunner });
  return { dirs, logs, spares, given, preloaded, service };
}

describe('the spare build process', () => {
  it('gives each build to the process started before it, and starts the next one after', async () => {
    const { dirs, spares, given, service } = await serviceWithSpare();
    expect(spares).toHaveLength(1);
    const first = await service.reindex({ requestedBy: 'test' });
    expect(given[0]!.pid).toBe(spares[0]!.pid);
    expect(spares).toHaveLength(2);

    await writeFile(path.join(dirs.corpusDir, 'harbour_strike.txt'), 'Harbour Workers Strike\nDock workers in Eastby walked out on Monday over pay.\n');
    const second = await service.reindex({ requestedBy: 'test' });
    expect(given[1]!.pid).toBe(spares[1]!.pid);
    expect(second.generation).not.toBe(first.generation);
    expect((await service.sources()).map((s) => s.docId)).toContain('harbour_strike');
  });

  it('reads the served generation ahead while it waits, and its build uses it (a warm spare)', async () => {
    const { dirs, spares, given, preloaded, service } = await serviceWithSpare();
    const first = await service.reindex({ requestedBy: 'test' });
    // The spare started after the build knows the index folder; it reads the new generation once
    // its files are older than the racy margin (2 s).
    for (let waited = 0; preloaded.length === 0 && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(preloaded).toEqual([{ pid: spares[1]!.pid, generation: first.generation }]);
    await writeFile(path.join(dirs.corpusDir, 'harbour_strike.txt'), 'Harbour Workers Strike\nDock workers in Eastby walked out on Monday over pay.\n');
    const second = await service.reindex({ requestedBy: 'test' });
    expect(given[1]!.pid).toBe(spares[1]!.pid);
    expect(second.warm).toBe(true);
    expect(second.added).toEqual(['harbour_strike']);
  });

  it('builds in a fresh process when the spare died while it waited', async () => {
    const { dirs, logs, spares, given, service } = await serviceWithSpare();
    const spare = spares[0]!;
    spare.kill('SIGKILL');
    await once(spare, 'exit');
    await writeFile(path.join(dirs.corpusDir, 'harbour_strike.txt'), 'Harbour Workers Strike\nDock workers in Eastby walked out on Monday over pay.\n');
    const report = await service.reindex({ requestedBy: 'test' });
    expect(report.generation).toMatch(/^g-/);
    expect(given[0]!.pid).not.toBe(spare.pid);
    expect(logs.join('\n')).toContain('The spare build process stopped (signal SIGKILL)');
  });
});
