import { createHash } from 'node:crypto';
import * as realFs from 'node:fs/promises';
import path from 'node:path';
import { syncFolder as syncDurably, writeFileDurably as writeDurably } from '../files/index.js';

/** The parts of `node:fs/promises` a build writes with; tests wrap it to inject ENOSPC or EIO. */
export type GenerationFileSystem = Pick<
  typeof realFs,
  'open' | 'mkdir' | 'rename' | 'rm' | 'readdir' | 'readFile' | 'stat' | 'statfs' | 'writeFile'
>;

export const nodeFileSystem: GenerationFileSystem = realFs;

/** Size and checksum of a generation file, recorded in the manifest and checked before loading. */
export interface FileFingerprint {
  bytes: number;
  sha256: string;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes a file and flushes it to disk before returning, so a crash never leaves it half-written
 * behind a manifest that vouches for it. */
export async function writeFileDurably(
  fs: GenerationFileSystem,
  file: string,
  data: string | Uint8Array,
): Promise<FileFingerprint> {
  const bytes = await writeDurably(file, data, fs);
  return { bytes: bytes.byteLength, sha256: sha256(bytes) };
}

/**
 * Flushes a file that another writer (SQLite) made, then fingerprints it, hashing a chunk at a
 * time: the size and checksum the manifest records for it.
 */
export async function sealFile(fs: GenerationFileSystem, file: string): Promise<FileFingerprint> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
    return await fingerprintOpenFile(handle);
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (new files, renames) to disk. */
export async function syncFolder(fs: GenerationFileSystem, folder: string): Promise<void> {
  await syncDurably(folder, fs);
}

/** Why a generation file could not be used: absent, or not the bytes its manifest vouches for. */
export class GenerationFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'mismatch',
    readonly file: string,
  ) {
    super(reason === 'missing' ? `${file} is missing` : `${file} does not match its manifest`);
  }
}

/**
 * Reads one file of a generation and checks its size and sha256 against the manifest's
 * fingerprint (hashed with pauses, so a large file never holds the event loop); anything else
 * throws a {@link GenerationFileError}.
 */
export async function readVerifiedFile(
  fs: GenerationFileSystem,
  folder: string,
  file: string,
  fingerprint: FileFingerprint | undefined,
): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fs.readFile(path.join(folder, file));
  } catch {
    throw new GenerationFileError('missing', file);
  }
  if (!fingerprint || data.byteLength !== fingerprint.bytes || (await sha256Pausing(data)) !== fingerprint.sha256) {
    throw new GenerationFileError('mismatch', file);
  }
  return data;
}

/** Bytes hashed between two pauses for the event loop while a file is checked. */
const CHECK_CHUNK_BYTES = 1024 * 1024;

/**
 * Checks one file of a generation against its manifest fingerprint without reading it into
 * memory: it is hashed a chunk at a time, each read awaited, so the event loop is never held for
 * long and a large database costs no resident memory to check. Throws a {@link GenerationFileError}.
 */
export async function verifyFile(
  fs: GenerationFileSystem,
  folder: string,
  file: string,
  fingerprint: FileFingerprint | undefined,
): Promise<void> {
  let handle: Awaited<ReturnType<GenerationFileSystem['open']>>;
  try {
    handle = await fs.open(path.join(folder, file), 'r');
  } catch {
    throw new GenerationFileError('missing', file);
  }
  try {
    const { bytes, sha256: digest } = await fingerprintOpenFile(handle, fingerprint?.bytes);
    if (!fingerprint || bytes !== fingerprint.bytes || digest !== fingerprint.sha256) {
      throw new GenerationFileError('mismatch', file);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Size and sha256 of an open file, read a chunk at a time with each read awaited (the event loop
 * is never held for long, and a large file costs no resident memory). Stops early once the file is
 * longer than `expectedBytes`: it cannot match its fingerprint then.
 */
async function fingerprintOpenFile(
  handle: Awaited<ReturnType<GenerationFileSystem['open']>>,
  expectedBytes = Infinity,
): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHECK_CHUNK_BYTES);
  let bytes = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, null);
    if (bytesRead === 0) break;
    hash.update(chunk.subarray(0, bytesRead));
    bytes += bytesRead;
    if (bytes > expectedBytes) break;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** sha256 of bytes in memory, a chunk at a time with pauses between, for a large file already read. */
async function sha256Pausing(data: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < data.byteLength; offset += CHECK_CHUNK_BYTES) {
    hash.update(data.subarray(offset, offset + CHECK_CHUNK_BYTES));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

/** `g-20251125T150102123-3fa9c1`: sortable by time, unique across concurrent machines. */
export function newGenerationName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.Z]/g, '').replace('T', 'T');
  return `g-${stamp}-${sha256(`${now.getTime()}-${process.pid}-${Math.random()}`).slice(0, 6)}`;
}

export function generationsFolder(indexDir: string): string {
  return path.join(indexDir, 'generations');
}

export function currentPointerFile(indexDir: string): string {
  return path.join(indexDir, 'current');
}
