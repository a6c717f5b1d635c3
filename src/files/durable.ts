import * as realFs from 'node:fs/promises';
import path from 'node:path';

/** The part of `node:fs/promises` durable writes use; tests wrap it to inject ENOSPC or EIO. */
export type DurableFileSystem = Pick<typeof realFs, 'open'>;

/**
 * Writes a file and flushes it to disk before returning, so a crash never leaves it half-written
 * behind something (a manifest, a rename) that vouches for it. Returns the bytes written.
 */
export async function writeFileDurably(
  file: string,
  data: string | Uint8Array,
  fs: DurableFileSystem = realFs,
): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return bytes;
}

/** What {@link replaceFileAtomically} needs of `node:fs/promises`. */
export type ReplacingFileSystem = Pick<typeof realFs, 'open' | 'rename' | 'rm'>;

/**
 * Replaces `file` in one step: writes `temporary` (default `<file>.tmp-<pid>`) durably, then
 * renames it over `file`. If either fails, the temporary is removed and `file` is as it was. The
 * folder is not flushed here: the caller does, once for what it replaced there, as it can.
 */
export async function replaceFileAtomically(
  file: string,
  data: string | Uint8Array,
  options: { temporary?: string; fs?: ReplacingFileSystem } = {},
): Promise<void> {
  const fs = options.fs ?? realFs;
  const temporary = options.temporary ?? `${file}.tmp-${process.pid}`;
  try {
    await writeFileDurably(temporary, data, fs);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}

/** What {@link createFileExclusively} needs of `node:fs/promises`. */
export type CreatingFileSystem = Pick<typeof realFs, 'open' | 'link' | 'rm'>;

/** The prefix of the temporary file {@link createFileExclusively} writes beside `file`. */
export function exclusiveTemporaryPrefix(file: string): string {
  return `${file}.new-`;
}

/**
 * Creates `file` with `data` only if it does not exist, in one step: writes a temporary file
 * (`<file>.new-<pid>-<random>`) durably, then hard-links it to `file`, which fails with EEXIST
 * when `file` exists. Unlike an exclusive open, `file` is never seen empty or half-written, even
 * when the writer is killed mid-way: it appears whole or not at all. Returns false when `file`
 * already existed. A temporary left by a killed writer names its pid, so a cleaner can tell it is dead.
 */
export async function createFileExclusively(file: string, data: string | Uint8Array, fs: CreatingFileSystem = realFs): Promise<boolean> {
  const temporary = `${exclusiveTemporaryPrefix(file)}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await writeFileDurably(temporary, data, fs);
    await fs.link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(temporary, { force: true }).catch(() => {});
  }
}

/** The pid in the name of a temporary that {@link createFileExclusively} left, or null. */
export function pidOfExclusiveTemporary(file: string, name: string): number | null {
  const prefix = path.basename(exclusiveTemporaryPrefix(file));
  if (!name.startsWith(prefix)) return null;
  const pid = Number(name.slice(prefix.length).split('-')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Flushes a folder's entries (new files, renames) to disk. */
export async function syncFolder(folder: string, fs: DurableFileSystem = realFs): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whether a process of this machine is still running (EPERM: it exists but is someone else's). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
