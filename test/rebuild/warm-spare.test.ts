/**
 * A warm spare reads the served generation ahead of its job (src/index/warm-generation.ts). The
 * job must write exactly what a cold job writes (every generation file byte for byte), and a
 * snapshot that no longer describes the served generation (another build landed, a file of it
 * was written to) must not be used.
 */
import { appendFile, cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RACY_MARGIN_NS } from '../../src/corpus/file-stamps.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { generationsFolder, readCurrentGenerationName, type IndexManifest } from '../../src/index/index.js';
import { ACTOR_EXTRACTIONS_ARTEFACT, ACTORS_ARTEFACT, preloadForNextJob, runRebuildJob, type RebuildJob } from '../../src/rebuild/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 32 });
/** A clock past the racy margin: the generation the test just wrote counts as settled. */
const settledClock = () => BigInt(Date.now()) * 1_000_000n + RACY_MARGIN_NS + 1_000_000_000n;
const ADDED = 'Mayor Quentin Osterhagen Visits Eastby\nMayor Quentin Osterhagen met dock workers in Eastby on Friday. Osterhagen said the inner harbour would reopen.\n';
const LATER = 'Bridge Repairs Begin\nWork on the old river bridge began on Tuesday. Senator Ofelia Brandtmoor said it would last a year.\n';

type Dirs = { corpusDir: string; indexDir: string };
const jobOf = ({ corpusDir, indexDir }: Dirs): RebuildJob => ({ corpusDir, indexDir, maxFileBytes: 5 << 20, force: false, requestedBy: 'test' });
const run = (dirs: Dirs, warm?: Awaited<ReturnType<typeof preloadForNextJob>>) => runRebuildJob(jobOf(dirs), { embedder, log: () => {}, warm });

async function servedManifest(indexDir: string): Promise<{ folder: string; manifest: IndexManifest }> {
  const folder = path.join(generationsFolder(indexDir), (await readCurrentGenerationName(indexDir))!);
  return { folder, manifest: JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as IndexManifest };
}

/** Every file of the served generation by name, with its checksum (the manifest's) and its bytes. */
async function servedFiles(indexDir: string): Promise<Record<string, { sha256: string; bytes: Buffer }>> {
  const { folder, manifest } = await servedManifest(indexDir);
  const files: Record<string, { sha256: string; bytes: Buffer }> = {};
  for (const [file, fingerprint] of Object.entries(manifest.files)) files[file] = { sha256: fingerprint.sha256, bytes: await readFile(path.join(folder, file)) };
  return files;
}

/** A served archive (the seeds and one article) and an identical copy of it, for a warm and a cold job. */
async function twinArchives() {
  const warm = await tempWorkspace();
  await writeFile(path.join(warm.corpusDir, 'harbour_strike.txt'), 'Harbour Workers Strike\nDock workers in Eastby walked out on Monday over pay. Mayor Tom Banks said little.\n');
  await run(warm);
  const cold = await tempWorkspace({ withSeeds: false });
  await cp(warm.root, cold.root, { recursive: true });
  return { warm, cold };
}

describe('a warm spare', () => {
  it('writes the same generation as a cold job, file for file', async () => {
    const { warm, cold } = await twinArchives();
    const preloaded = await preloadForNextJob(warm.indexDir, embedder, () => false, settledClock);
    expect(preloaded?.generation).toBe(await readCurrentGenerationName(warm.indexDir));
    for (const dirs of [warm, cold]) await writeFile(path.join(dirs.corpusDir, 'osterhagen_visit.txt'), ADDED);

    const warmReport = await run(warm, preloaded);
    const coldReport = await run(cold);
    expect(warmReport.warm).toBe(true);
    expect(coldReport.warm).toBeUndefined();
    expect(warmReport.added).toEqual(['osterhagen_visit']);
    expect(coldReport.added).toEqual(['osterhagen_visit']);
    const warmFiles = await servedFiles(warm.indexDir);
    const coldFiles = await servedFiles(cold.indexDir);
    expect(Object.keys(warmFiles).sort()).toEqual(Object.keys(coldFiles).sort());
    expect(Object.keys(warmFiles)).toEqual(expect.arrayContaining([ACTORS_ARTEFACT, ACTOR_EXTRACTIONS_ARTEFACT, 'records.sqlite', 'passages.hnsw']));
    for (const file of Object.keys(coldFiles)) {
      expect(warmFiles[file]!.sha256, file).toBe(coldFiles[file]!.sha256);
      expect(warmFiles[file]!.bytes.equals(coldFiles[file]!.bytes), file).toBe(true);
    }
    expect(warmFiles[ACTORS_ARTEFACT]!.bytes.toString('utf8')).toContain('Quentin Osterhagen');
    // The manifests too, but for what names this build (its name, time, the files' stamps).
    const comparable = ({ manifest }: { manifest: IndexManifest }) => {
      const { generation: _g, createdAt: _c, buildMs: _b, stampedAtNs: _s, checksum: _k, documents, ...rest } = manifest as IndexManifest & { checksum?: string };
      return { ...rest, documents: documents.map(({ stamp: _stamp, ...d }) => d) };
    };
    expect(comparable(await servedManifest(warm.indexDir))).toEqual(comparable(await servedManifest(cold.indexDir)));
  });

  it('reads cold when another build landed after it preloaded, and writes what a cold job writes', async () => {
    const { warm, cold } = await twinArchives();
    const stale = await preloadForNextJob(warm.indexDir, embedder, () => false, settledClock);
    expect(stale).toBeDefined();
    // Another build lands (e.g. the CLI's `npm run add`) with an article the snapshot never saw.
    for (const dirs of [warm, cold]) {
      await writeFile(path.join(dirs.corpusDir, 'bridge_repairs.txt'), LATER);
      await run(dirs);
      await writeFile(path.join(dirs.corpusDir, 'osterhagen_visit.txt'), ADDED);
    }
    const warmReport = await run(warm, stale);
    const coldReport = await run(cold);
    expect(warmReport.warm).toBe(false);
    // The snapshot's documents lack bridge_repairs: used, it would have been read as added again.
    expect(warmReport.added).toEqual(['osterhagen_visit']);
    expect(coldReport.added).toEqual(['osterhagen_visit']);
    const warmFiles = await servedFiles(warm.indexDir);
    const coldFiles = await servedFiles(cold.indexDir);
    for (const file of Object.keys(coldFiles)) expect(warmFiles[file]!.sha256, file).toBe(coldFiles[file]!.sha256);
    expect(warmFiles[ACTORS_ARTEFACT]!.bytes.toString('utf8')).toContain('Ofelia Brandtmoor');
  });

  it('reads cold when a file of the served generation was written to after it preloaded', async () => {
    const { warm } = await twinArchives();
    const preloaded = await preloadForNextJob(warm.indexDir, embedder, () => false, settledClock);
    expect(preloaded).toBeDefined();
    const { folder } = await servedManifest(warm.indexDir);
    // Damaged behind the build's back: a cold read finds the cache not matching its manifest.
    await appendFile(path.join(folder, ACTOR_EXTRACTIONS_ARTEFACT), ' ');
    await writeFile(path.join(warm.corpusDir, 'osterhagen_visit.txt'), ADDED);
    const report = await run(warm, preloaded);
    expect(report.warm).toBe(false);
    expect(report.added).toEqual(['osterhagen_visit']);
  });

  it('gives up when its job arrives while it waits for the generation to settle', async () => {
    const { warm } = await twinArchives();
    // The real clock: the generation was just written, so the spare waits; the job arrives meanwhile.
    let arrived = false;
    const pending = preloadForNextJob(warm.indexDir, embedder, () => arrived);
    arrived = true;
    expect(await pending).toBeUndefined();
  });
});
