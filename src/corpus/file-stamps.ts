import { lstat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';

/**
 * What the file system says about a corpus file without reading it: its size, modification and
 * change times in nanoseconds, inode and device (as decimal strings, since they exceed 2^53). A
 * build records each article's stamp (and its sidecar's) beside the hash it read; the next build
 * takes an article whose stamp is the same as unchanged, without reading or hashing its bytes.
 *
 * Any write to a file moves its mtime and ctime, and nothing but the kernel sets ctime: putting
 * an old mtime back (`touch -d`, `cp -p`, rsync) still moves ctime, and a file replaced by
 * rename has another inode. What the stamp cannot see is a write within the timestamps'
 * granularity of the moment the stamp was taken (git's "racily clean" files): so a stamp is
 * trusted only when the file's mtime and ctime are both older than the moment the earlier build
 * began reading, by {@link RACY_MARGIN_NS}. Newer files are read and hashed as before.
 */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
}

/** An article's stamp and its sidecar's (null when it has none), as a build recorded them. */
export interface ArticleStamp extends FileStamp {
  sidecar: FileStamp | null;
}

/**
 * How much older than the recording build's start a file's times must be for its stamp to be
 * trusted: covers the coarsest common timestamp granularity (2 s on FAT) and a kernel clock a
 * tick behind the process's.
 */
export const RACY_MARGIN_NS = 2_000_000_000n;

/** The stamp of a regular file, from `lstat(…, { bigint: true })`. */
export function stampOf(stats: BigIntStats): FileStamp {
  return { size: Number(stats.size), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs), ino: String(stats.ino), dev: String(stats.dev) };
}

/** The stamp of the file at `file` when it is a regular file (a link, folder or missing file has none). */
export async function regularFileStamp(file: string): Promise<FileStamp | null> {
  const stats = await lstat(file, { bigint: true }).catch(() => null);
  return stats?.isFile() ? stampOf(stats) : null;
}

/** Whether two stamps are of the same file in the same state (any write or replacement changes one of these). */
export const sameFileStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;

/** Whether a file's times are old enough, against the recording build's start, for its stamp to be trusted. */
function settled(stamp: FileStamp, recordedAtNs: bigint): boolean {
  const limit = recordedAtNs - RACY_MARGIN_NS;
  return BigInt(stamp.mtimeNs) < limit && BigInt(stamp.ctimeNs) < limit;
}

/**
 * Whether an article whose stamp is `now` is, for certain, the one recorded as `recorded` by a
 * build that began reading at `recordedAtNs`: same stamps (article and sidecar, or no sidecar
 * either time), and neither file racily clean.
 */
export function unchangedSinceRecorded(now: ArticleStamp, recorded: ArticleStamp, recordedAtNs: bigint): boolean {
  if (!sameFileStamp(now, recorded) || !settled(recorded, recordedAtNs)) return false;
  if (now.sidecar === null || recorded.sidecar === null) return now.sidecar === recorded.sidecar;
  return sameFileStamp(now.sidecar, recorded.sidecar) && settled(recorded.sidecar, recordedAtNs);
}

/** The clock stamps are compared with: wall-clock nanoseconds, the file system's timestamps' clock. */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
