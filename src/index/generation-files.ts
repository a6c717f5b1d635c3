import { createHash } from 'node:crypto';
import * as realFs from 'node:fs/promises';
import path from 'node:path';
import { syncFolder as syncDurably, writeFileDurably as writeDurably } from '../files/index.js';

/** The parts of `node:fs/promises` a build writes with; tests wrap it to inject ENOSPC or EIO. */
export type GenerationFileSystem = Pick<
  typeof realFs,
  'open' | 'mkdir' | 'rename' | 'rm' | 'readdir' | 'readFile' | 'stat' | 'writeFile'
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
 * fingerprint; anything else throws a {@link GenerationFileError}.
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
  if (!fingerprint || data.byteLength !== fingerprint.bytes || sha256(data) !== fingerprint.sha256) {
    throw new GenerationFileError('mismatch', file);
  }
  return data;
}

/** Float32 vectors as one little-endian binary blob, `count × dims` values. */
export function packVectors(vectors: readonly Float32Array[], dims: number): Uint8Array {
  const packed = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => packed.set(vector, i * dims));
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
}

export function unpackVectors(blob: Uint8Array, dims: number): Float32Array[] {
  // Copy into an aligned buffer: a Buffer read from disk may start at any byte offset.
  const aligned = new Float32Array(blob.byteLength / 4);
  new Uint8Array(aligned.buffer).set(blob);
  const vectors: Float32Array[] = [];
  for (let offset = 0; offset + dims <= aligned.length; offset += dims) {
    vectors.push(aligned.subarray(offset, offset + dims));
  }
  return vectors;
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
