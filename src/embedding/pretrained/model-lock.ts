import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

import { replaceFileAtomically } from '../../files/index.js';
import { EmbeddingError } from '../errors.js';

/** The file in a model folder that pins what it holds; written last, so a half-made folder has none. */
export const MODEL_LOCK_FILE = 'verbatim-model.json';
const LOCK_FORMAT_VERSION = 1;

/** Where a model folder's files came from, as the setup line and `index --json` name it. */
export type ModelSourceKind = 'models-dir' | 'hub' | 'python-package';

const lockSchema = z.object({
  formatVersion: z.literal(LOCK_FORMAT_VERSION),
  name: z.string().min(1),
  /** The hub revision, or the Python package's `name==version`. */
  version: z.string().min(1),
  source: z.object({ kind: z.enum(['hub', 'python-package']), from: z.string() }),
  createdAt: z.string(),
  /** sha256 of every file of the folder, by path relative to it. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

/** What a model folder's lock file records. */
export type ModelLock = z.infer<typeof lockSchema>;

/** sha256 of a file, streamed (the ONNX weights are tens of megabytes). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, relative)));
    else if (entry.isFile() && relative !== MODEL_LOCK_FILE) out.push(relative);
  }
  return out.sort();
}

/** Hashes every file of a finished model folder and writes its lock file, atomically and last. */
export async function writeModelLock(dir: string, entry: Omit<ModelLock, 'formatVersion' | 'files' | 'createdAt'>): Promise<ModelLock> {
  const files: Record<string, string> = {};
  for (const file of await filesUnder(dir)) files[file] = await sha256OfFile(path.join(dir, file));
  const lock: ModelLock = { formatVersion: LOCK_FORMAT_VERSION, ...entry, createdAt: new Date().toISOString(), files };
  await replaceFileAtomically(path.join(dir, MODEL_LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
  return lock;
}

/** The lock file of a model folder: undefined when there is none (not set up, or set up half-way). */
export async function readModelLock(dir: string): Promise<ModelLock | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MODEL_LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = lockSchema.safeParse(parsed);
  if (!result.success) throw damaged(dir, `its ${MODEL_LOCK_FILE} is not a model lock`);
  return result.data;
}

/**
 * Checks every file the lock names against its recorded sha256 (a corrupt, truncated or swapped
 * file is refused with one line saying what to run). Hashing the ~23 MB of a quantised MiniLM
 * takes well under a second, once per process.
 */
export async function verifyModelFolder(dir: string, lock: ModelLock): Promise<void> {
  for (const [file, expected] of Object.entries(lock.files)) {
    const full = path.join(dir, file);
    const present = await stat(full).then((s) => s.isFile(), () => false);
    if (!present) throw damaged(dir, `${file} is missing`);
    if ((await sha256OfFile(full)) !== expected) throw damaged(dir, `${file} does not match its recorded sha256`);
  }
}

function damaged(dir: string, why: string): EmbeddingError {
  return new EmbeddingError(`The model in ${dir} is damaged (${why}). Run: npm run setup-model -- --force`);
}
