/**
 * The first command on a fresh index folder, in awkward company: another first-run command at
 * the same time, a build that never finishes, a build that was killed, a folder it cannot write.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { acquireBuildLock, buildLockFile, readAuditLog } from '../../src/index/index.js';
import { BuildWaitTimeoutError, createVerbatimService } from '../../src/service/index.js';
import { loadConfig } from '../../src/config/index.js';
import { inProcessRebuildRunner } from '../../src/rebuild/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { embedder, serviceOver } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A workspace of its own (removed when the file ends). */
const workspace = () => tempWorkspace();

describe('two first-run commands at once', () => {
  it('both answer: the second waits for the build the first is running', async () => {
    const dirs = await workspace();
    const first = serviceOver(dirs);
    const second = serviceOver(dirs);
    const [a, b] = await Promise.all([first.service.sources(), second.service.sources()]);
    expect(a).toHaveLength(5);
    expect(b).toHaveLength(5);
    expect(first.service.currentGeneration()).toBe(second.service.currentGeneration());
    expect([...first.logs, ...second.logs].join('\n')).toMatch(/waiting for it/);
  });

  it('builds the first index itself when what held the lock was only another start-up clean-up', async () => {
    const dirs = await workspace();
    const cleanUp = await acquireBuildLock(dirs.indexDir, { requestedBy: 'start-up clean-up' });
    const { service } = serviceOver(dirs);
    const sources = service.sources();
    setTimeout(() => void cleanUp.release(), 100);
    expect(await sources).toHaveLength(5);
  });

  it('gives up after the bounded wait with one line naming who is building', async () => {
    const dirs = await workspace();
    const lock = await acquireBuildLock(dirs.indexDir, { requestedBy: 'a very slow build' });
    try {
      const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
      const service = createVerbatimService(config, { embedder, log: () => {}, rebuildRunner: inProcessRebuildRunner({ embedder, log: () => {} }), buildWaitMs: 300 });
      const error = await service.sources().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildWaitTimeoutError);
      expect((error as Error).message).toMatch(/still being built \(requested by a very slow build at .*\) after waiting 0 s; try again/);
      expect((error as Error).message).not.toContain('\n');
    } finally {
      await lock.release();
    }
  });
});

describe('a build killed before it finished', () => {
  it('is recorded in the audit log by whoever takes its lock over', async () => {
    const dirs = await workspace();
    await mkdir(dirs.indexDir, { recursive: true });
    // A lock left by a process that no longer exists (pid far above any live one).
    const holder = { pid: 2 ** 22 + 17, hostname: os.hostname(), requestedBy: 'cli', startedAt: new Date(Date.now() - 5000).toISOString() };
    await writeFile(buildLockFile(dirs.indexDir), `${JSON.stringify(holder)}\n`);
    const { service } = serviceOver(dirs);
    await service.sources();
    const failed = (await readAuditLog(dirs.indexDir)).filter((entry) => entry.outcome === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.requestedBy).toBe('cli');
    expect(failed[0]!.reason).toMatch(new RegExp(`requested by cli at ${holder.startedAt} \\(process ${holder.pid}.*stopped before it finished`));
  });
});

describe('an index folder that cannot be written', () => {
  it('is one line naming the folder and what to do, exit 1', async () => {
    const dirs = await workspace();
    let indexDir = dirs.indexDir;
    if (process.getuid?.() === 0) {
      // root writes through permissions; sysfs refuses everyone.
      indexDir = '/sys/verbatim-test-index';
    } else {
      await mkdir(indexDir, { recursive: true });
      await chmod(indexDir, 0o555);
    }
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CORPUS_DIR: dirs.corpusDir, INDEX_DIR: indexDir, MODELS_DIR: path.join(ROOT, 'models') };
    const result = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'sources', '--json'], { cwd: ROOT, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`Cannot write to the index folder ${indexDir}`)]);
    expect(result.stderr).toMatch(/make it writable for this user, or set INDEX_DIR/);
  });
});
