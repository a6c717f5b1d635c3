import path from 'node:path';
import { replaceFileAtomically } from '../files/index.js';
import { nodeFileSystem, type GenerationFileSystem } from './generation-files.js';

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
  const fs = options.fs ?? nodeFileSystem;
  let text: string;
  try {
    text = await fs.readFile(withdrawnFile(indexDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.warn?.(`Could not read ${withdrawnFile(indexDir)} (${(error as Error).message}); no document is withheld.`);
    return new Set();
  }
  try {
    const parsed = JSON.parse(text) as WithdrawnFile;
    if (parsed.formatVersion !== WITHDRAWN_FORMAT_VERSION || !Array.isArray(parsed.docIds)) throw new Error('unknown format');
    return new Set(parsed.docIds.filter((id): id is string => typeof id === 'string'));
  } catch {
    options.warn?.(`${withdrawnFile(indexDir)} is damaged; no document is withheld until the next build rewrites it.`);
    return new Set();
  }
}

/**
 * Records a build's outcome before its generation is switched in: `removed` docIds join the
 * record, `served` ones (back in the corpus) leave it. Written durably by rename, and only when
 * it changes.
 */
export async function recordWithdrawnDocuments(
  indexDir: string,
  change: { removed: readonly string[]; served: ReadonlySet<string> },
  fs: GenerationFileSystem = nodeFileSystem,
): Promise<void> {
  const before = await readWithdrawnDocuments(indexDir, { fs });
  const after = new Set([...before, ...change.removed].filter((id) => !change.served.has(id)));
  if (after.size === before.size && [...after].every((id) => before.has(id))) return;
  const record: WithdrawnFile = { formatVersion: WITHDRAWN_FORMAT_VERSION, docIds: [...after].sort() };
  // Its folder is flushed with the `current` pointer's, which the build replaces next.
  await replaceFileAtomically(withdrawnFile(indexDir), `${JSON.stringify(record)}\n`, { fs });
}
