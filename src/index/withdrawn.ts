import path from 'node:path';
import { replaceFileAtomically } from '../files/index.js';
import { generationsFolder, nodeFileSystem, type GenerationFileSystem } from './generation-files.js';
import { parseComparableManifest, parseServableManifest } from './manifest.js';

/**
 * `INDEX_DIR/withdrawn.json`: the docIds that builds removed from the corpus and no later build
 * brought back. An older generation still holds them, and it may come to serve again (when the
 * newer one is damaged); every generation is loaded with these documents withheld, so a removed
 * article is never quoted again, whichever generation serves.
 */
export const WITHDRAWN_FORMAT_VERSION = 1;

interface WithdrawnFile {
  formatVersion: number;
  docIds: string[];
}

export function withdrawnFile(indexDir: string): string {
  return path.join(indexDir, 'withdrawn.json');
}

/**
 * The withdrawn docIds. No file: none. A file that cannot be read as this format is reported
 * through `warn` and read as none, so a damaged record never stops the index from serving.
 */
export async function readWithdrawnDocuments(
  indexDir: string,
  options: { fs?: GenerationFileSystem; warn?: (line: string) => void } = {},
): Promise<Set<string>> {
  const record = await readWithdrawnRecord(indexDir, options.fs ?? nodeFileSystem);
  if (record.problem) options.warn?.(record.problem);
  return record.docIds;
}

/** withdrawn.json as read: its docIds, and a line saying why it could not be read (null when fine or absent). */
async function readWithdrawnRecord(indexDir: string, fs: GenerationFileSystem): Promise<{ docIds: Set<string>; problem: string | null }> {
  let text: string;
  try {
    text = await fs.readFile(withdrawnFile(indexDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { docIds: new Set(), problem: null };
    return { docIds: new Set(), problem: `Could not read ${withdrawnFile(indexDir)} (${(error as Error).message}); no document is withheld by it until the next build rewrites it.` };
  }
  try {
    const parsed = JSON.parse(text) as WithdrawnFile;
    if (parsed.formatVersion !== WITHDRAWN_FORMAT_VERSION || !Array.isArray(parsed.docIds)) throw new Error('unknown format');
    return { docIds: new Set(parsed.docIds.filter((id): id is string => typeof id === 'string')), problem: null };
  } catch {
    return { docIds: new Set(), problem: `${withdrawnFile(indexDir)} is damaged; no document is withheld by it until the next build rewrites it.` };
  }
}

/**
 * What a build records as withdrawn: withdrawn.json's docIds (when readable), the ones it
 * `removed`, and every docId of a generation still on disk that could serve again (its manifest
 * readable) — minus the ones it `served`. The last part rebuilds the record from the generations
 * themselves, so a damaged withdrawn.json loses nothing an older generation could bring back.
 * `rewrite` says whether withdrawn.json must be written (it differs, or it is damaged).
 */
export async function nextWithdrawnDocuments(
  indexDir: string,
  change: { removed: readonly string[]; served: ReadonlySet<string> },
  fs: GenerationFileSystem = nodeFileSystem,
): Promise<{ docIds: string[]; rewrite: boolean }> {
  const before = await readWithdrawnRecord(indexDir, fs);
  const onDisk: string[] = [];
  for (const name of await generationFolders(indexDir, fs)) {
    const text = await fs.readFile(path.join(generationsFolder(indexDir), name, 'manifest.json'), 'utf8').catch(() => null);
    const manifest = text === null ? null : parseComparableManifest(text);
    if (manifest) onDisk.push(...manifest.documents.map((document) => document.docId));
  }
  const after = new Set([...before.docIds, ...change.removed, ...onDisk].filter((id) => !change.served.has(id)));
  const same = after.size === before.docIds.size && [...after].every((id) => before.docIds.has(id));
  return { docIds: [...after].sort(), rewrite: !same || before.problem !== null };
}

/** Writes withdrawn.json durably by rename. Its folder is flushed with the `current` pointer's, which the build replaces next. */
export async function writeWithdrawnDocuments(indexDir: string, docIds: readonly string[], fs: GenerationFileSystem = nodeFileSystem): Promise<void> {
  const record: WithdrawnFile = { formatVersion: WITHDRAWN_FORMAT_VERSION, docIds: [...docIds] };
  await replaceFileAtomically(withdrawnFile(indexDir), `${JSON.stringify(record)}\n`, { fs });
}

async function generationFolders(indexDir: string, fs: GenerationFileSystem): Promise<string[]> {
  return (await fs.readdir(generationsFolder(indexDir)).catch(() => [] as string[])).filter((name) => name.startsWith('g-'));
}

/**
 * The docIds a generation records as withdrawn as of its build, when its manifest is intact (this
 * format, checksum matching); undefined otherwise. A generation serving in place of a newer one
 * withholds what the newer ones record, whatever became of withdrawn.json.
 */
export async function withdrawnRecordedByGeneration(indexDir: string, name: string, fs: GenerationFileSystem = nodeFileSystem): Promise<string[] | undefined> {
  const text = await fs.readFile(path.join(generationsFolder(indexDir), name, 'manifest.json'), 'utf8').catch(() => null);
  const parsed = text === null ? null : parseServableManifest(text);
  return parsed && 'manifest' in parsed ? parsed.manifest.withdrawn : undefined;
}
