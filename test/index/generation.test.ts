import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../src/embedding/index.js';
import {
  buildIndexGeneration,
  BuildRefusedError,
  GENERATION_FILES,
  IndexError,
  loadServedGeneration,
  readCurrentGenerationName,
} from '../../src/index/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 64 });
const build = (corpusDir: string, indexDir: string, extra: { force?: boolean } = {}) =>
  buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 5 * 1024 * 1024, ...extra });

async function servedFolder(indexDir: string): Promise<string> {
  return path.join(indexDir, 'generations', (await readCurrentGenerationName(indexDir))!);
}

describe('buildIndexGeneration', () => {
  it('builds the seeds into a generation that loads and finds a passage by its own words', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const report = await build(corpusDir, indexDir);
    expect(report.documents).toBe(5);
    expect(report.passages).toBeGreaterThan(20);
    expect(report.embedded).toBe(report.passages);
    expect(report.reused).toBe(0);

    const generation = await loadServedGeneration(indexDir, embedder);
    expect(generation.name).toBe(report.generation);
    const target = generation.passage(7)!;
    const [vector] = await embedder.embed([target.text]);
    expect((await generation.vectorIndex.search(vector!, 1))[0]!.label).toBe(7);
    const lexical = generation.lexicalIndex.search(target.text, 3).map((hit) => hit.passage);
    expect(lexical).toContain(7);
    for (let position = 0; position < generation.passageCount; position++) {
      const passage = generation.passage(position)!;
      expect(generation.document(passage.docId)!.text.slice(passage.start, passage.end)).toBe(passage.text);
    }
  });

  it('reads a question\'s candidate passages in one statement as it reads each alone', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await build(corpusDir, indexDir);
    const batched = await loadServedGeneration(indexDir, embedder);
    const single = await loadServedGeneration(indexDir, embedder);
    const positions = [9, 0, 4, 4, batched.passageCount - 1, batched.passageCount + 5];
    batched.preloadPassages(positions);
    for (const position of positions) {
      expect(batched.passage(position)).toEqual(single.passage(position));
      expect(batched.passageVector(position)).toEqual(single.passageVector(position));
    }
    expect(batched.passage(batched.passageCount + 5)).toBeUndefined();
    batched.close();
    single.close();
  });

  it('embeds nothing when the corpus has not changed, and only the new article when one is added', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const first = await build(corpusDir, indexDir);
    const again = await build(corpusDir, indexDir);
    expect(again.embedded).toBe(0);
    expect(again.reused).toBe(first.passages);

    await writeFile(
      path.join(corpusDir, 'new_article.txt'),
      'Harbour Workers Strike in Port Town\nDock workers in the port town of Eastby walked out on Monday over pay. The union said the strike would last a week.\n',
    );
    const added = await build(corpusDir, indexDir);
    expect(added.added).toEqual(['new_article']);
    expect(added.embedded).toBeGreaterThan(0);
    expect(added.embedded).toBeLessThanOrEqual(3);
    expect(added.reused).toBe(first.passages);
  });

  it('reports an empty and a binary file as skipped and still builds the rest', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await writeFile(path.join(corpusDir, 'empty.txt'), '');
    await writeFile(path.join(corpusDir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 255, 0, 7, 8, 0, 0]));
    const report = await build(corpusDir, indexDir);
    expect(report.documents).toBe(5);
    expect(report.skipped.map((s) => s.file).sort()).toEqual(['binary.txt', 'empty.txt']);
    for (const skipped of report.skipped) expect(skipped.reason.length).toBeGreaterThan(5);
  });

  it('refuses to replace the served index with one that lost more than half its documents, unless forced', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const first = await build(corpusDir, indexDir);
    for (const file of (await readdir(corpusDir)).slice(0, 3)) await rm(path.join(corpusDir, file));
    await expect(build(corpusDir, indexDir)).rejects.toBeInstanceOf(BuildRefusedError);
    expect(await readCurrentGenerationName(indexDir)).toBe(first.generation);
    const forced = await build(corpusDir, indexDir, { force: true });
    expect(forced.documents).toBe(2);
    expect(forced.removed).toHaveLength(3);
  });

  it('leaves no temporary folder behind and keeps at most three generations', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    // Forced: a build that changes nothing keeps the served generation and writes none.
    for (let i = 0; i < 4; i++) await build(corpusDir, indexDir, { force: true });
    const entries = await readdir(path.join(indexDir, 'generations'));
    expect(entries.filter((e) => e.startsWith('.tmp-'))).toEqual([]);
    expect(entries.filter((e) => e.startsWith('g-'))).toHaveLength(3);
  });
});

describe('loadServedGeneration', () => {
  it('says to run npm run index when there is no index', async () => {
    const { indexDir } = await tempWorkspace();
    const error = await loadServedGeneration(indexDir, embedder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).message).toMatch(/^No index in .*\. Run: npm run index$/);
  });

  it('refuses an index built with another model, naming both', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await build(corpusDir, indexDir);
    const other = new HashingEmbedder({ dims: 32 });
    const error = (await loadServedGeneration(indexDir, other).catch((e: unknown) => e)) as IndexError;
    expect(error.code).toBe('model-mismatch');
    expect(error.message).toContain(embedder.id);
    expect(error.message).toContain(other.id);
    expect(error.message).toContain('npm run index');
  });

  for (const damage of ['truncated', 'zeroed', 'bit-flipped'] as const) {
    it(`rejects a ${damage} HNSW file before hnswlib reads it, with a message to rebuild`, async () => {
      const { corpusDir, indexDir } = await tempWorkspace();
      await build(corpusDir, indexDir);
      const file = path.join(await servedFolder(indexDir), GENERATION_FILES.hnsw);
      const { size } = await stat(file);
      if (damage === 'truncated') await truncate(file, Math.floor(size / 2));
      if (damage === 'zeroed') await writeFile(file, Buffer.alloc(size));
      if (damage === 'bit-flipped') {
        const data = await readFile(file);
        data[Math.floor(size / 3)]! ^= 0x10;
        await writeFile(file, data);
      }
      const error = (await loadServedGeneration(indexDir, embedder).catch((e: unknown) => e)) as IndexError;
      expect(error).toBeInstanceOf(IndexError);
      expect(error.code).toBe('corrupt');
      expect(error.message).toContain(GENERATION_FILES.hnsw);
      expect(error.message).toContain('npm run index');
    });
  }

  it('falls back to the previous good generation, with a warning, when the served one is damaged', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const first = await build(corpusDir, indexDir);
    await build(corpusDir, indexDir, { force: true });
    await writeFile(path.join(await servedFolder(indexDir), GENERATION_FILES.store), 'not a database');
    const warnings: string[] = [];
    const generation = await loadServedGeneration(indexDir, embedder, { warn: (line) => warnings.push(line) });
    expect(generation.name).toBe(first.generation);
    expect(warnings.join('\n')).toContain(first.generation);
  });

  it('refuses a manifest whose dimensions disagree with the vectors', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await build(corpusDir, indexDir);
    const manifestFile = path.join(await servedFolder(indexDir), 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.counts.passages += 1;
    await writeFile(manifestFile, JSON.stringify(manifest));
    const error = (await loadServedGeneration(indexDir, embedder).catch((e: unknown) => e)) as IndexError;
    expect(error.code).toBe('corrupt');
  });
});
