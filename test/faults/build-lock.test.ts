/**
 * One build at a time: a second request is refused as busy (naming who builds and since when),
 * a stale lock (dead pid, unreadable, untouched for too long) is taken over, a live build's
 * temporary folder is never touched, and every attempt lands in the audit log.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireBuildLock, BuildInProgressError, buildLockFile, generationsFolder, readAuditLog, readBuildLock } from '../../src/index/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { leftovers, serviceOver } from './helpers.js';

/** The pid of a process that has exited (and been reaped): surely dead. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

async function writeLock(indexDir: string, holder: { pid: number; hostname?: string; requestedBy?: string; startedAt?: string }) {
  await mkdir(indexDir, { recursive: true });
  await writeFile(
    buildLockFile(indexDir),
    JSON.stringify({ hostname: os.hostname(), requestedBy: '42424242424242', startedAt: '2026-01-01T00:00:00.000Z', ...holder }),
  );
}

describe('the build lock', () => {
  it('refuses the second of two simultaneous builds as busy, naming who holds the lock, and audits both', async () => {
    const dirs = await tempWorkspace();
    const first = serviceOver(dirs);
    const second = serviceOver(dirs);
    const requesters = ['111111111111111111', 'cli'];
    const results = await Promise.allSettled([
      first.service.reindex({ requestedBy: requesters[0]! }),
      second.service.reindex({ requestedBy: requesters[1]! }),
    ]);
    // Either may take the lock first; exactly one builds and the other is told who holds it.
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = requesters[results.findIndex((r) => r.status === 'fulfilled')]!;
    const loser = requesters[results.findIndex((r) => r.status === 'rejected')]!;
    const error = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as BuildInProgressError;
    expect(error).toBeInstanceOf(BuildInProgressError);
    expect(error.message).toMatch(new RegExp(`already running \\(requested by ${winner} at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, process \\d+ on .+\\)`));
    expect(error.holder?.pid).toBe(process.pid);
    const audit = await readAuditLog(dirs.indexDir);
    expect(audit.map((e) => `${e.requestedBy}:${e.outcome}`).sort()).toEqual([`${winner}:ok`, `${loser}:busy`].sort());
    expect(audit.find((e) => e.outcome === 'busy')!.reason).toContain(winner);
    expect(await readBuildLock(dirs.indexDir)).toBeNull();
  });

  it('refuses a build in the child process while another process holds the lock', async () => {
    const dirs = await tempWorkspace();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeLock(dirs.indexDir, { pid: sleeper.pid!, requestedBy: 'cli', startedAt: new Date().toISOString() });
      // A live build's temporary folder: neither the refused build nor a start may remove it.
      await mkdir(path.join(generationsFolder(dirs.indexDir), '.tmp-g-live'), { recursive: true });
      const { service } = serviceOver(dirs, { runner: 'child' });
      const error = await service.reindex({ requestedBy: '222222222222222222' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildInProgressError);
      expect((error as Error).message).toContain(`requested by cli`);
      expect((error as Error).message).toContain(`process ${sleeper.pid}`);
      expect(await leftovers(dirs.indexDir)).toEqual(expect.arrayContaining(['build.lock', 'generations/.tmp-g-live']));
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.once('exit', resolve));
    }
    // Its holder is gone now: the next build takes the lock over and removes the dead build's folder.
    const { service } = serviceOver(dirs);
    await service.reindex({ requestedBy: '222222222222222222' });
    expect(await leftovers(dirs.indexDir)).toEqual([]);
    // The killed holder could not audit itself; the build that took its lock over did.
    expect((await readAuditLog(dirs.indexDir)).map((e) => `${e.requestedBy}:${e.outcome}`)).toEqual(['222222222222222222:busy', 'cli:failed', '222222222222222222:ok']);
  });

  it('takes over a lock left by a dead process, and cleans up what it left at the next start', async () => {
    const dirs = await tempWorkspace();
    await serviceOver(dirs).service.reindex({ requestedBy: 'cli' });
    await writeLock(dirs.indexDir, { pid: deadPid() });
    await mkdir(path.join(generationsFolder(dirs.indexDir), '.tmp-g-20260101T000000000-dead00'));
    await writeFile(path.join(dirs.indexDir, `current.tmp-${deadPid()}`), 'g-half');
    const { service, logs } = serviceOver(dirs);
    await service.sources();
    expect(await leftovers(dirs.indexDir)).toEqual([]);
    expect(logs.join('\n')).toMatch(/Removed what an interrupted build left behind: .*\.tmp-g-20260101T000000000-dead00/);
    await writeLock(dirs.indexDir, { pid: deadPid() });
    await service.reindex({ requestedBy: 'cli' });
    expect(await leftovers(dirs.indexDir)).toEqual([]);
  });

  it('takes over an unreadable lock once it is a few seconds old, and one nobody touched for too long', async () => {
    const dirs = await tempWorkspace({ withSeeds: false });
    await mkdir(dirs.indexDir, { recursive: true });
    await writeFile(buildLockFile(dirs.indexDir), '{"pid": 12');
    await expect(acquireBuildLock(dirs.indexDir, { requestedBy: 'a' })).rejects.toBeInstanceOf(BuildInProgressError);
    const past = new Date(Date.now() - 60_000);
    await utimes(buildLockFile(dirs.indexDir), past, past);
    const taken = await acquireBuildLock(dirs.indexDir, { requestedBy: 'a' });
    expect(JSON.parse(await readFile(buildLockFile(dirs.indexDir), 'utf8')).requestedBy).toBe('a');
    await taken.release();

    // Another machine's lock cannot be checked by pid: only its age makes it stale.
    await writeLock(dirs.indexDir, { pid: process.pid, hostname: 'another-host' });
    await expect(acquireBuildLock(dirs.indexDir, { requestedBy: 'b', staleAfterMs: 60_000 })).rejects.toBeInstanceOf(BuildInProgressError);
    const old = new Date(Date.now() - 120_000);
    await utimes(buildLockFile(dirs.indexDir), old, old);
    const again = await acquireBuildLock(dirs.indexDir, { requestedBy: 'b', staleAfterMs: 60_000 });
    await again.release();
    expect(await readBuildLock(dirs.indexDir)).toBeNull();
  });

  it('keeps a long build from being judged stale by touching its lock', async () => {
    const dirs = await tempWorkspace({ withSeeds: false });
    const held = await acquireBuildLock(dirs.indexDir, { requestedBy: 'a', staleAfterMs: 1_500, heartbeatMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 1_900));
    await expect(acquireBuildLock(dirs.indexDir, { requestedBy: 'b', staleAfterMs: 1_500 })).rejects.toBeInstanceOf(BuildInProgressError);
    await held.release();
  });
});
