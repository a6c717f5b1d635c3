/**
 * Damaged generation files: every file of a generation truncated, zeroed or bit-flipped is
 * refused before anything parses it (sizes and checksums first), and the service falls back to
 * the previous good generation with a warning; a manifest with the wrong dimensions, or an HNSW
 * file whose structure disagrees with its manifest, is refused before hnswlib reads it.
 */
import { cp, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../src/embedding/index.js';
import {
  checkHnswHeader,
  checkHnswFile,
  GENERATION_FILES,
  generationsFolder,
  HNSW_PARAMETERS,
  IndexError,
  loadServedGeneration,
  readCurrentGenerationName,
  sealManifest,
  type IndexManifest,
} from '../../src/index/index.js';
import { ACTORS_ARTEFACT } from '../../src/rebuild/index.js';
import { copyIndexOf, embedder, serviceOver, twoGenerationWorkspace } from './helpers.js';

const FILES = [...Object.values(GENERATION_FILES), ACTORS_ARTEFACT];
const DAMAGES = ['truncated', 'zeroed', 'bit-flipped', 'emptied'] as const;

async function damage(file: string, kind: (typeof DAMAGES)[number], at: number): Promise<void> {
  const { size } = await stat(file);
  if (kind === 'truncated') await truncate(file, Math.floor(size * at));
  if (kind === 'zeroed') await writeFile(file, Buffer.alloc(size));
  if (kind === 'emptied') await writeFile(file, '');
  if (kind === 'bit-flipped') {
    const data = await readFile(file);
    data[Math.min(size - 1, Math.floor(size * at))]! ^= 1 << Math.floor(at * 8);
    await writeFile(file, data);
  }
}

describe('a damaged generation', () => {
  let template: { root: string; corpusDir: string; indexDir: string };
  let older: string;
  let newer: string;

  beforeAll(async () => {
    ({ template, older, newer } = await twoGenerationWorkspace());
  });

  /** A copy of the two-generation index, so each case damages its own. */
  const copyOfIndex = () => copyIndexOf(template);

  let caseNumber = 0;
  for (const file of FILES) {
    for (const kind of DAMAGES) {
      const at = [0.5, 0.13, 0.77, 0.31][caseNumber++ % 4]!;
      it(`refuses a ${kind} ${file} and serves the previous generation, with a warning naming the file`, async () => {
        const dirs = await copyOfIndex();
        await damage(path.join(generationsFolder(dirs.indexDir), newer, file), kind, at);
        const { service, logs } = serviceOver(dirs);
        const answer = await service.ask('Who heads the Cartel de los Soles?');
        expect(answer.generation).toBe(older);
        expect(service.currentGeneration()).toBe(older);
        expect(logs.join('\n')).toContain(file);
        expect(logs.join('\n')).toContain(`serving the older generation ${older}`);
      });
    }
  }

  it('says to run npm run index when the only generation is damaged', async () => {
    const dirs = await copyOfIndex();
    await damage(path.join(generationsFolder(dirs.indexDir), newer, GENERATION_FILES.store), 'bit-flipped', 0.5);
    await damage(path.join(generationsFolder(dirs.indexDir), older, GENERATION_FILES.hnsw), 'zeroed', 0.5);
    const error = await serviceOver(dirs).service.ask('Who heads the Cartel de los Soles?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).code).toBe('corrupt');
    expect((error as Error).message).toContain('Run: npm run index');
  });

  it('refuses a truncated manifest and a manifest with the wrong dimensions', async () => {
    const dirs = await copyOfIndex();
    const manifestFile = path.join(generationsFolder(dirs.indexDir), newer, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as IndexManifest;
    manifest.model.dims = 32;
    // Resealed: a generation really built for another model, not a hand-edited one.
    await writeFile(manifestFile, JSON.stringify(sealManifest(manifest)));
    const mismatch = (await loadServedGeneration(dirs.indexDir, embedder).catch((e: unknown) => e)) as IndexError;
    expect(mismatch.code).toBe('model-mismatch');
    expect(mismatch.message).toMatch(/32 dims.*64 dims.*npm run index/);

    await truncate(manifestFile, 100);
    const warnings: string[] = [];
    const generation = await loadServedGeneration(dirs.indexDir, embedder, { warn: (line) => warnings.push(line) });
    expect(generation.name).toBe(older);
    expect(warnings.join()).toMatch(/manifest .* unreadable/);
  });

  it('refuses an HNSW file whose header disagrees with a self-consistent manifest of other dimensions', async () => {
    // A manifest that claims 32 dimensions, every file's checksum valid: only the HNSW file
    // (built for 64) disagrees. hnswlib must never be handed it.
    const dirs = await copyOfIndex();
    const folder = path.join(generationsFolder(dirs.indexDir), newer);
    const other = new HashingEmbedder({ dims: 32 });
    const manifestFile = path.join(folder, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as IndexManifest;
    manifest.model = { id: other.id, dims: 32 };
    await writeFile(manifestFile, JSON.stringify(sealManifest(manifest)));
    await cp(folder, path.join(generationsFolder(dirs.indexDir), 'g-99999999T999999999-only'), { recursive: true });
    await writeFile(path.join(dirs.indexDir, 'current'), 'g-99999999T999999999-only\n');
    const error = (await loadServedGeneration(dirs.indexDir, other).catch((e: unknown) => e)) as IndexError;
    expect(error).toBeInstanceOf(IndexError);
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain(GENERATION_FILES.hnsw);
    expect(error.message).toMatch(/bytes per element|label offset/);
  });

  it('checks any HNSW header bytes without throwing (fast-check, 2000 mutations of a real file)', async () => {
    const folder = path.join(generationsFolder(template.indexDir), (await readCurrentGenerationName(template.indexDir))!);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as IndexManifest;
    const original = await readFile(path.join(folder, GENERATION_FILES.hnsw));
    const expected = { dims: 64, count: manifest.counts.passages, m: HNSW_PARAMETERS.m };
    expect(checkHnswHeader(original, expected)).toBeNull();
    fc.assert(
      fc.property(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.nat({ max: 200 }), (offset, xor, cut) => {
        const mutated = Buffer.from(original);
        mutated[offset]! ^= xor;
        const problem = checkHnswHeader(cut > 100 ? mutated.subarray(0, mutated.length - cut) : mutated, expected);
        // A mutation inside the header's size fields or any link list is always found.
        if (cut > 100 || (offset >= 16 && offset < 48) || (offset >= 56 && offset < 80)) expect(problem).not.toBeNull();
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('finds the same problem in the file read a small window at a time as in its bytes in memory', async () => {
    const folder = path.join(generationsFolder(template.indexDir), (await readCurrentGenerationName(template.indexDir))!);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as IndexManifest;
    const original = await readFile(path.join(folder, GENERATION_FILES.hnsw));
    const expected = { dims: 64, count: manifest.counts.passages, m: HNSW_PARAMETERS.m };
    /** A file handle over bytes in memory: what the loader opens, without the disk. */
    const handleOver = (bytes: Buffer) => ({
      read: async (buffer: Buffer, offset: number, length: number, position: number) => {
        const bytesRead = Math.max(0, Math.min(length, bytes.length - position));
        bytes.copy(buffer, offset, position, position + bytesRead);
        return { bytesRead, buffer };
      },
    }) as unknown as Parameters<typeof checkHnswFile>[0];
    expect(await checkHnswFile(handleOver(original), original.length, expected, 256)).toBeNull();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.nat({ max: 200 }), async (offset, xor, cut) => {
        const mutated = Buffer.from(original);
        mutated[offset]! ^= xor;
        const bytes = cut > 100 ? mutated.subarray(0, mutated.length - cut) : mutated;
        expect(await checkHnswFile(handleOver(bytes), bytes.length, expected, 256)).toBe(checkHnswHeader(bytes, expected));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
