import path from 'node:path';
import { generationsFolder, nodeFileSystem, type GenerationFileSystem } from './generation-files.js';
import { parseServableManifest } from './manifest.js';

/** What pruning knows of one folder under `generations/`. */
export interface GenerationOnDisk {
  name: string;
  /** Its manifest parses, is this format, matches its checksum, names this folder, and every file it lists is there at its size. */
  valid: boolean;
  /** When its build finished (the manifest's), for ordering; null when not valid. */
  createdAt: string | null;
}

/**
 * Looks at a generation folder the cheap way (the manifest, and each file's size; checksums are
 * for loading): enough to tell a servable generation from junk such as a folder with a garbage
 * manifest, whatever its name says.
 */
export async function inspectGeneration(indexDir: string, name: string, fs: GenerationFileSystem = nodeFileSystem): Promise<GenerationOnDisk> {
  const folder = path.join(generationsFolder(indexDir), name);
  const invalid = { name, valid: false, createdAt: null };
  const text = await fs.readFile(path.join(folder, 'manifest.json'), 'utf8').catch(() => null);
  const parsed = text === null ? null : parseServableManifest(text);
  if (!parsed || !('manifest' in parsed) || parsed.manifest.generation !== name) return invalid;
  const { manifest } = parsed;
  for (const [file, fingerprint] of Object.entries(manifest.files)) {
    const stats = await fs.stat(path.join(folder, file)).catch(() => null);
    if (!stats || stats.size !== fingerprint?.bytes) return invalid;
  }
  return { name, valid: true, createdAt: manifest.createdAt };
}

/**
 * Keeps the served generation and the newest `keep` valid ones (newest by their manifests'
 * build time, not by folder name), and removes every other generation folder (junk included) and
 * the temporary folders dead builds left. Only call it while holding the build lock.
 */
export async function removeOldGenerations(indexDir: string, keep: number, current: string | null, fs: GenerationFileSystem = nodeFileSystem): Promise<string[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(generationsFolder(indexDir));
  } catch {
    return [];
  }
  const generations = await Promise.all(entries.filter((name) => name.startsWith('g-')).map((name) => inspectGeneration(indexDir, name, fs)));
  const kept = new Set(
    generations
      .filter((generation) => generation.valid)
      .sort((a, b) => b.createdAt!.localeCompare(a.createdAt!) || b.name.localeCompare(a.name))
      .slice(0, keep)
      .map((generation) => generation.name),
  );
  if (current) kept.add(current);
  const doomed = [...generations.map((generation) => generation.name).filter((name) => !kept.has(name)), ...entries.filter((name) => name.startsWith('.tmp-'))];
  for (const name of doomed) await fs.rm(path.join(generationsFolder(indexDir), name), { recursive: true, force: true }).catch(() => {});
  return doomed;
}
