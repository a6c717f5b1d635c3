import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentPointerFile, generationsFolder } from './generation-files.js';
import { UserError } from '../config/index.js';
import { appendAuditEntry, readAuditLog } from './audit-log.js';
import { createFileExclusively, isProcessAlive, pidOfExclusiveTemporary } from '../files/index.js';

/** What the lock file `INDEX_DIR/build.lock` holds: who is building, and since when. */
export interface BuildLockHolder {
  pid: number;
  hostname: string;
  requestedBy: string;
  startedAt: string;
}

/** A second build while one is running. A user error: it says who is building and since when. */
export class BuildInProgressError extends UserError {
  override name = 'BuildInProgressError';
  constructor(readonly holder: BuildLockHolder | null) {
    super(
      'build-busy',
      holder
        ? `An index build is already running (requested by ${holder.requestedBy} at ${holder.startedAt}, process ${holder.pid} on ${holder.hostname}); wait for it to finish.`
        : 'An index build is already running; wait for it to finish.',
    );
  }
}

/**
 * The index folder cannot be written (permissions, a read-only file system): a user error that
 * names the folder and what to do, instead of a build failure several lines long.
 */
export class IndexFolderNotWritableError extends UserError {
  override name = 'IndexFolderNotWritableError';
  constructor(
    readonly indexDir: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(
      'index-not-writable',
      `Cannot write to the index folder ${path.resolve(indexDir)} (${cause.code}): make it writable for this user, or set INDEX_DIR to a folder that is.`,
      { cause },
    );
  }
}

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/** The error as an {@link IndexFolderNotWritableError} when it is a permission or read-only one. */
function unlessNotWritable(indexDir: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code && NOT_WRITABLE.has(code) ? new IndexFolderNotWritableError(indexDir, error as NodeJS.ErrnoException) : error;
}

export interface HeldBuildLock {
  readonly holder: BuildLockHolder;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
  /** The same, synchronously: for a process that is about to exit. */
  releaseSync(): void;
}

export interface BuildLockOptions {
  requestedBy: string;
  /**
   * A lock whose file has not been touched for this long is stale even if its pid exists (the pid
   * may have been reused, or the holder is on another machine). The holder touches it every
   * `heartbeatMs`, so a long build is never taken over. Default 10 minutes.
   */
  staleAfterMs?: number;
  heartbeatMs?: number;
}

export function buildLockFile(indexDir: string): string {
  return path.join(indexDir, 'build.lock');
}

/** Reads the lock file; null when there is none, `'unreadable'` when it is half-written or garbage. */
async function readLock(file: string): Promise<{ holder: BuildLockHolder | null; ageMs: number } | null> {
  let text: string;
  let ageMs: number;
  try {
    [text, ageMs] = await Promise.all([readFile(file, 'utf8'), stat(file).then((s) => Date.now() - s.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as BuildLockHolder;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return { holder: null, ageMs };
    return { holder: parsed, ageMs };
  } catch {
    return { holder: null, ageMs };
  }
}

/**
 * Whether a lock can be taken over: its process is dead (same machine), or nobody has touched it
 * for `staleAfterMs`, or it is unreadable (a holder killed between creating and writing it) and a
 * few seconds old.
 */
function isStale(lock: { holder: BuildLockHolder | null; ageMs: number }, staleAfterMs: number): boolean {
  if (lock.ageMs > staleAfterMs) return true;
  if (!lock.holder) return lock.ageMs > 5_000;
  if (lock.holder.hostname === os.hostname() && !isProcessAlive(lock.holder.pid)) return true;
  return false;
}

/**
 * Takes the build lock of an index folder, or throws {@link BuildInProgressError} naming the
 * holder. The file is created exclusively ('wx'), so two processes can never both hold it; a
 * stale lock (dead pid, see {@link isStale}) is moved aside and the exclusive create retried.
 */
export async function acquireBuildLock(indexDir: string, options: BuildLockOptions): Promise<HeldBuildLock> {
  const file = buildLockFile(indexDir);
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1_000, Math.floor(staleAfterMs / 4));
  await mkdir(indexDir, { recursive: true }).catch((error: unknown) => {
    throw unlessNotWritable(indexDir, error);
  });
  const holder: BuildLockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    requestedBy: options.requestedBy,
    startedAt: new Date().toISOString(),
  };
  const text = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Created whole or not at all: a holder killed at any moment leaves a lock naming its pid,
    // which the next start judges dead at once (an empty lock would have to age first).
    const created = await createFileExclusively(file, text).catch((error: unknown) => {
      throw unlessNotWritable(indexDir, error);
    });
    if (created) return heldLock(file, text, holder, heartbeatMs);
    const existing = await readLock(file);
    if (!existing) continue; // released in between: try again
    if (!isStale(existing, staleAfterMs)) throw new BuildInProgressError(existing.holder);
    if (await takeOver(file, existing)) await auditDeadBuild(indexDir, existing.holder);
  }
  throw new BuildInProgressError((await readLock(file))?.holder ?? null);
}

/**
 * Moves a stale lock aside. Moving (not deleting) lets us check that what we moved is the stale
 * lock we judged, and not a fresh one another process created in between; that one is put back.
 */
async function takeOver(file: string, judged: { holder: BuildLockHolder | null }): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readLock(aside);
  const same = JSON.stringify(moved?.holder ?? null) === JSON.stringify(judged.holder);
  if (!same) {
    // Someone else's fresh lock: give it back unless a third process already took the place.
    await createFileExclusively(file, `${JSON.stringify(moved?.holder)}\n`).catch(() => {});
  }
  await rm(aside, { force: true });
  return same;
}

/**
 * A build killed mid-way (kill -9, a crash, a power cut) could not audit itself: its stale lock
 * is the evidence, so whoever takes the lock over records it, unless its requester already did
 * (the serving process audits a build process that crashed under it).
 */
async function auditDeadBuild(indexDir: string, holder: BuildLockHolder | null): Promise<void> {
  try {
    const startedAt = holder?.startedAt ?? '';
    const audited = holder && (await readAuditLog(indexDir)).some((entry) => entry.requestedBy === holder.requestedBy && entry.time >= startedAt);
    if (audited) return;
    await appendAuditEntry(indexDir, {
      time: new Date().toISOString(),
      requestedBy: holder?.requestedBy ?? 'unknown',
      outcome: 'failed',
      reason: holder
        ? `The build requested by ${holder.requestedBy} at ${holder.startedAt} (process ${holder.pid} on ${holder.hostname}) stopped before it finished (killed or crashed); the served generation was unchanged.`
        : 'A build stopped before it finished (killed or crashed) and left an unreadable lock; the served generation was unchanged.',
      generation: null,
      documents: null,
      added: null,
      changed: null,
      removed: null,
      skipped: null,
      durationMs: holder ? Math.max(0, Date.now() - Date.parse(holder.startedAt)) || 0 : 0,
      force: false,
    });
  } catch {
    // The audit is a record, never a reason to refuse the next build.
  }
}

/** A lock whose heartbeat stopped this long ago is stale, whoever wrote it. */
const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

/**
 * The lock of `indexDir` when a live build holds it (by the same rule that lets a build take a
 * stale lock over), or null when there is none or it is stale. `holder` is null while the lock
 * file is still being written.
 */
export async function liveBuildLock(indexDir: string, staleAfterMs = DEFAULT_STALE_AFTER_MS): Promise<{ holder: BuildLockHolder | null } | null> {
  const lock = await readLock(buildLockFile(indexDir));
  return lock && !isStale(lock, staleAfterMs) ? lock : null;
}

/**
 * Waits until no live build holds the lock of `indexDir` (released, or stale), polling every
 * `pollMs`. Resolves to the holder it gave up on after `timeoutMs`, or null once the lock is free.
 */
export async function waitForBuildToFinish(
  indexDir: string,
  options: { timeoutMs: number; pollMs?: number; staleAfterMs?: number },
): Promise<BuildLockHolder | null> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const lock = await liveBuildLock(indexDir, options.staleAfterMs);
    if (!lock) return null;
    if (Date.now() >= deadline) return lock.holder ?? { pid: 0, hostname: 'unknown', requestedBy: 'unknown', startedAt: 'unknown' };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 250, Math.max(1, deadline - Date.now()))));
  }
}

function heldLock(file: string, text: string, holder: BuildLockHolder, heartbeatMs: number): HeldBuildLock {
  let released = false;
  // Touch the file now and then so a long build is never judged stale by its age.
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => {});
  }, heartbeatMs);
  heartbeat.unref();
  const stillOurs = async () => (await readFile(file, 'utf8').catch(() => '')) === text;
  return {
    holder,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (await stillOurs()) await unlink(file).catch(() => {});
    },
    releaseSync() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}

/** The current holder of the build lock, or null when no build is running. */
export async function readBuildLock(indexDir: string): Promise<BuildLockHolder | null> {
  return (await readLock(buildLockFile(indexDir)))?.holder ?? null;
}

/**
 * Removes what dead builds left behind: temporary generation folders (`generations/.tmp-*`), a
 * half-written `current.tmp-*` pointer, and stale lock files moved aside. Only call it while
 * holding the build lock: a live build's temporary folder must never be touched.
 */
export async function removeDeadBuildLeftovers(indexDir: string): Promise<string[]> {
  const removed: string[] = [];
  const pointerPrefix = `${path.basename(currentPointerFile(indexDir))}.tmp-`;
  const lockPrefix = `${path.basename(buildLockFile(indexDir))}.stale-`;
  const sweep = async (folder: string, matches: (name: string) => boolean) => {
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch {
      return;
    }
    for (const name of entries.filter(matches)) {
      await rm(path.join(folder, name), { recursive: true, force: true });
      removed.push(path.join(path.basename(folder), name));
    }
  };
  await sweep(generationsFolder(indexDir), (name) => name.startsWith('.tmp-'));
  // A lock's temporary (see createFileExclusively) is removed only once its writer is dead: a
  // live process may be about to link it.
  const lockTemporaryOfDeadWriter = (name: string) => {
    const pid = pidOfExclusiveTemporary(buildLockFile(indexDir), name);
    return pid !== null && !isProcessAlive(pid);
  };
  await sweep(indexDir, (name) => name.startsWith(pointerPrefix) || name.startsWith(lockPrefix) || lockTemporaryOfDeadWriter(name));
  return removed;
}

/**
 * At start-up: takes the lock for a moment (taking over a stale one) and removes dead builds'
 * leftovers. When a live build holds the lock, leaves everything alone and returns null.
 */
export async function cleanUpAfterDeadBuilds(indexDir: string, requestedBy = 'start-up clean-up'): Promise<string[] | null> {
  let lock: HeldBuildLock;
  try {
    lock = await acquireBuildLock(indexDir, { requestedBy });
  } catch (error) {
    if (error instanceof BuildInProgressError) return null;
    throw error;
  }
  try {
    return await removeDeadBuildLeftovers(indexDir);
  } finally {
    await lock.release();
  }
}
