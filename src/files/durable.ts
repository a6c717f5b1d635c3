import * as realFs from 'node:fs/promises';

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
