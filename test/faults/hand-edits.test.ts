/**
 * Recovery without --force from what hand edits and stray files do to an index folder: a served
 * manifest that is valid JSON of another shape (`[]`, `null`, no counts), a hand-edited manifest
 * or actor registry, a stray SQLite journal, `current` made a folder, a damaged withdrawn.json.
 * Each is treated as a damaged generation: an older one serves with one warning line, `ask` is
 * never an internal error, and the next plain `index` writes a new generation compared with the
 * last good one.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATION_FILES, generationsFolder, IndexError, loadServedGeneration, readCurrentGenerationName, sealManifest, type IndexManifest } from '../../src/index/index.js';
import { sha256 } from '../../src/index/generation-files.js';
import { ACTORS_ARTEFACT } from '../../src/rebuild/index.js';
import { copyIndexOf, embedder, expectGenerationVerbatim, serviceOver, twoGenerationWorkspace } from './helpers.js';

const QUESTION = 'Who heads the Cartel de los Soles?';

let template: Awaited<ReturnType<typeof twoGenerationWorkspace>>['template'];
let older: string;
let newer: string;
beforeAll(async () => {
  ({ template, older, newer } = await twoGenerationWorkspace());
});

const manifestOf = (indexDir: string, name: string) => path.join(generationsFolder(indexDir), name, 'manifest.json');
const readManifest = async (indexDir: string, name: string) => JSON.parse(await readFile(manifestOf(indexDir, name), 'utf8')) as IndexManifest;

/** The service falls back to `older` with one warning line, answers, and the next plain index replaces both. */
async function expectRecovery(dirs: { corpusDir: string; indexDir: string }, warning: RegExp) {
  const { service, logs } = serviceOver(dirs);
  const answer = await service.ask(QUESTION);
  expect(answer.generation).toBe(older);
  expect(logs.filter((line) => line.includes('serving the older generation'))).toHaveLength(1);
  expect(logs.join('\n')).toMatch(warning);
  const report = await service.reindex({ requestedBy: 'cli' });
  expect(report.unchanged).toBe(false);
  // Compared with the last good generation (the one served), not with nothing.
  expect(report.added).toEqual([]);
  expect(report.removed).toEqual([]);
  expect(await readCurrentGenerationName(dirs.indexDir)).toBe(report.generation);
  const quiet: string[] = [];
  const served = await loadServedGeneration(dirs.indexDir, embedder, { warn: (line) => quiet.push(line) });
  expect(served.name).toBe(report.generation);
  expect(quiet).toEqual([]);
  expectGenerationVerbatim(served);
}

describe('a served manifest of the wrong shape', () => {
  for (const [label, text] of [
    ['[]', '[]'],
    ['null', 'null'],
    ['{}', '{}'],
    ['a number', '42'],
  ] as const) {
    it(`(${label}) is a damaged generation: the older one serves and index rebuilds without --force`, async () => {
      const dirs = await copyIndexOf(template);
      await writeFile(manifestOf(dirs.indexDir, newer), text);
      await expectRecovery(dirs, /manifest .* is unreadable: it is not a manifest/);
    });
  }

  it('(no counts) is a damaged generation too', async () => {
    const dirs = await copyIndexOf(template);
    const manifest = (await readManifest(dirs.indexDir, newer)) as Partial<IndexManifest>;
    delete manifest.counts;
    await writeFile(manifestOf(dirs.indexDir, newer), JSON.stringify(manifest));
    await expectRecovery(dirs, /is not a manifest \(counts/);
  });

  it('(null) as the only generation: ask says what to run in one line, and index rebuilds without --force', async () => {
    const dirs = await copyIndexOf(template);
    await rm(path.join(generationsFolder(dirs.indexDir), older), { recursive: true });
    await writeFile(manifestOf(dirs.indexDir, newer), 'null');
    const { service } = serviceOver(dirs);
    const error = await service.ask(QUESTION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as Error).message).toMatch(/is not a manifest.*Run: npm run index$/);
    const report = await service.reindex({ requestedBy: 'cli' });
    expect(report.unchanged).toBe(false);
    expect((await service.ask(QUESTION)).generation).toBe(report.generation);
  });
});

describe('hand edits inside a generation', () => {
  it('a docId renamed in the manifest is refused (the manifest has a checksum); the older generation serves', async () => {
    const dirs = await copyIndexOf(template);
    const manifest = await readManifest(dirs.indexDir, newer);
    manifest.documents[0]!.docId = 'renamed-by-hand';
    await writeFile(manifestOf(dirs.indexDir, newer), JSON.stringify(manifest, null, 2));
    const warnings: string[] = [];
    const served = await loadServedGeneration(dirs.indexDir, embedder, { warn: (line) => warnings.push(line) });
    expect(served.name).toBe(older);
    expect(served.document('renamed-by-hand')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/does not match its checksum/);
  });

  it('actors.json replaced with its checksums fixed: the older generation serves, with one line, no internal error', async () => {
    for (const replacement of ['not json at all', '[]', '{"formatVersion": 2, "actors": 5}']) {
      const dirs = await copyIndexOf(template);
      const folder = path.join(generationsFolder(dirs.indexDir), newer);
      await writeFile(path.join(folder, ACTORS_ARTEFACT), replacement);
      const manifest = await readManifest(dirs.indexDir, newer);
      manifest.files[ACTORS_ARTEFACT] = { bytes: Buffer.byteLength(replacement), sha256: sha256(replacement) };
      // Both checksums fixed: only reading the registry can tell.
      await writeFile(manifestOf(dirs.indexDir, newer), JSON.stringify(sealManifest(manifest), null, 2));
      const { service, logs } = serviceOver(dirs);
      expect((await service.actors()).length).toBeGreaterThan(0);
      expect(service.currentGeneration()).toBe(older);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(new RegExp(`actor registry actors\\.json of generation ${newer} .*serving the older generation ${older}`));
    }
  });

  it('a stray records.sqlite-journal: the older generation serves, and index does not report unchanged', async () => {
    const dirs = await copyIndexOf(template);
    await writeFile(path.join(generationsFolder(dirs.indexDir), newer, `${GENERATION_FILES.store}-journal`), 'stray');
    await expectRecovery(dirs, /leftover records\.sqlite-journal/);
  });

  it('`current` replaced by a folder: index recovers (no EISDIR) and current is a file again', async () => {
    const dirs = await copyIndexOf(template);
    await rm(path.join(dirs.indexDir, 'current'));
    await mkdir(path.join(dirs.indexDir, 'current', 'inside'), { recursive: true });
    const { service } = serviceOver(dirs);
    const report = await service.reindex({ requestedBy: 'cli' });
    expect(report.added).toEqual([]);
    expect((await readFile(path.join(dirs.indexDir, 'current'), 'utf8')).trim()).toBe(report.generation);
    expect((await service.ask(QUESTION)).generation).toBe(report.generation);
  });

  it('after a damaged served generation, index --json compares with the last good one (nothing added)', async () => {
    const dirs = await copyIndexOf(template);
    await writeFile(path.join(generationsFolder(dirs.indexDir), newer, GENERATION_FILES.store), 'not a database');
    await expectRecovery(dirs, /records\.sqlite .* does not match its manifest/);
  });
});

describe('a damaged withdrawn.json', () => {
  const removedId = '001_818d96d150a48b90';

  /** Three generations: the first holds `removedId`, the second removed it, the third is forced. */
  async function removedThenRebuilt() {
    const dirs = await copyIndexOf(template);
    const corpusDir = path.join(path.dirname(dirs.indexDir), 'corpus');
    const { cp } = await import('node:fs/promises');
    await cp(template.corpusDir, corpusDir, { recursive: true });
    const own = { corpusDir, indexDir: dirs.indexDir };
    const { service } = serviceOver(own);
    const line = (await readFile(path.join(corpusDir, `${removedId}.txt`), 'utf8')).split('\n').find((l) => l.length > 80)!;
    await rm(path.join(corpusDir, `${removedId}.txt`));
    const removal = await service.reindex({ requestedBy: 'test' });
    expect(removal.removed).toEqual([removedId]);
    const latest = await service.reindex({ requestedBy: 'test', force: true });
    return { dirs: own, line, removal: removal.generation, latest: latest.generation };
  }

  it('is rewritten by the next build, even one with nothing to change', async () => {
    const { dirs } = await removedThenRebuilt();
    const file = path.join(dirs.indexDir, 'withdrawn.json');
    await writeFile(file, '{"formatVer');
    const report = await serviceOver(dirs).service.reindex({ requestedBy: 'test' });
    expect(report.unchanged).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).docIds).toContain(removedId);
  });

  it('never lets a removed article be quoted, even when the two newest generations are damaged too', async () => {
    const { dirs, line, removal, latest } = await removedThenRebuilt();
    await writeFile(path.join(dirs.indexDir, 'withdrawn.json'), 'garbage');
    for (const name of [removal, latest]) await writeFile(path.join(generationsFolder(dirs.indexDir), name, GENERATION_FILES.store), 'not a database');
    const { service, logs } = serviceOver(dirs);
    const answer = await service.ask(line.slice(0, 200));
    // The third-newest generation serves: it was built before the removal.
    expect(answer.generation).toBe(newer);
    expect(logs.join('\n')).toMatch(/withdrawn\.json is damaged/);
    expect((await service.sources()).map((s) => s.docId)).not.toContain(removedId);
    expect([...answer.sentences.map((s) => s.docId), ...answer.citations.map((c) => c.docId)]).not.toContain(removedId);
    const served = await loadServedGeneration(dirs.indexDir, embedder);
    expect(served.document(removedId)).toBeUndefined();
  });
});
