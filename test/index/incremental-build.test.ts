/**
 * A generation built incrementally from the served one (records copied by SQL, the HNSW graph
 * extended) holds the same rows at the same positions as a full build of the same corpus, and
 * answers the same questions the same way; a build that fails before the swap leaves the served
 * generation as it was.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadCorpus, processDocument } from '../../src/corpus/index.js';
import { createEmbedder, type Embedder } from '../../src/embedding/index.js';
import { buildQuestions } from '../../src/evaluation/benchmark/questions.js';
import {
  buildIndexGeneration,
  generationsFolder,
  loadServedGeneration,
  nodeFileSystem,
  readCurrentGenerationName,
  type GenerationFileSystem,
  type IndexManifest,
} from '../../src/index/index.js';
import { inProcessRebuildRunner } from '../../src/rebuild/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { nonVerbatimSpans, quotedSpansOf, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

let embedder: Embedder;
beforeAll(async () => {
  embedder = await createEmbedder({ model: 'embedded', modelsDir: path.resolve('models'), allowRemoteModels: false });
});

async function manifestOf(indexDir: string): Promise<IndexManifest> {
  const name = (await readCurrentGenerationName(indexDir))!;
  return JSON.parse(await readFile(path.join(generationsFolder(indexDir), name, 'manifest.json'), 'utf8')) as IndexManifest;
}

/**
 * Every row of every table of a generation's records store, in order (FTS5's own shadow tables
 * left out: their segment layout may differ, what they answer is compared through bm25()).
 * Every table is read, so one added to the store later is compared too.
 */
async function storeRows(indexDir: string): Promise<Record<string, unknown[]>> {
  const name = (await readCurrentGenerationName(indexDir))!;
  const db = new Database(path.join(generationsFolder(indexDir), name, 'records.sqlite'), { readonly: true });
  try {
    const tables = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const fts = new Set(tables.filter((t) => /VIRTUAL TABLE .* USING fts5/i.test(t.sql)).map((t) => t.name));
    const rows: Record<string, unknown[]> = {};
    for (const { name: table } of tables) {
      if ([...fts].some((virtual) => table.startsWith(`${virtual}_`))) continue;
      rows[table] = db.prepare(fts.has(table) ? `SELECT rowid, * FROM "${table}" ORDER BY rowid` : `SELECT * FROM "${table}" ORDER BY 1`).all();
    }
    expect(Object.keys(rows)).toEqual(expect.arrayContaining(['documents', 'passages', 'sentences', 'passage_terms', 'term_passages']));
    // FTS5's own statistics (rows and tokens), which bm25() reads.
    rows.bm25 = db.prepare("SELECT rowid, bm25(passage_terms) AS score FROM passage_terms WHERE passage_terms MATCH 'said OR minist OR report' ORDER BY rowid").all();
    return rows;
  } finally {
    db.close();
  }
}

/** The real service over a corpus and index folder (actors and all), with the GloVe model. */
function serviceOver(corpusDir: string, indexDir: string) {
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
  return createVerbatimService(config, { embedder, log: () => {}, rebuildRunner: inProcessRebuildRunner({ embedder, log: () => {} }) });
}

/** Builds a fresh, full generation of the corpus in a folder of its own. */
async function fullBuildOf(corpusDir: string): Promise<string> {
  const indexDir = path.join(await temporaryFolder(), 'index');
  await serviceOver(corpusDir, indexDir).reindex({ requestedBy: 'test' });
  return indexDir;
}

/** What a service over these folders answers, without what differs between any two generations (names, times). */
async function answersOf(corpusDir: string, indexDir: string, questions: readonly string[]): Promise<unknown[]> {
  const service = serviceOver(corpusDir, indexDir);
  const texts = await readCorpusTexts(corpusDir);
  const answers: unknown[] = [];
  for (const question of questions) {
    const answer = await service.ask(question);
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
    answers.push(JSON.parse(JSON.stringify(answer, (key, value: unknown) => (/generation|Ms$|^took|^timing/i.test(key) ? undefined : value))));
  }
  await service.close?.();
  return answers;
}

const ARTICLE = (subject: string, place: string) =>
  `${subject} opens a new office in ${place}\n\n${subject} said on Monday it would open a new office in ${place}, hiring 40 engineers by the end of the year.\n` +
  `The mayor of ${place}, Anna Kovacs, said the office was "a vote of confidence in the region".\nThe company did not say how much the move would cost.\n`;

describe('an incremental build', () => {
  it('holds the same rows and gives the same answers as a full build, after adds, a change and removes', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    // Short articles beside the seeds, so that each change touches a few percent of the passages
    // (past a tenth, the graph is written anew).
    const CITIES = ['Oslo', 'Lyon', 'Turin', 'Ghent', 'Aarhus', 'Krakow', 'Brno', 'Riga', 'Vilnius', 'Graz', 'Basel', 'Leiden', 'Bergen', 'Malmo', 'Tartu', 'Split', 'Cork', 'Bilbao', 'Lille', 'Bonn'];
    for (const [i, city] of CITIES.entries()) await writeFile(path.join(corpusDir, `m-${String(i).padStart(2, '0')}.txt`), ARTICLE(`Firm ${i}`, city));
    const service = serviceOver(corpusDir, indexDir);
    await service.reindex({ requestedBy: 'test' });
    const seeds = (await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 })).documents.map((d) => processDocument(d));
    const questions = [...buildQuestions(seeds.flatMap((d) => d.sentences.map((s) => s.text)), 8), 'Who is the mayor of Tallinn?', 'How many engineers will Nordlys hire?'];
    const files = (await readdir(corpusDir)).filter((file) => file.endsWith('.txt')).sort();

    const steps: [string, () => Promise<void>][] = [
      // Sorted first, in the middle and last: the rows after each move, the ones before stay.
      ['add three articles', async () => {
        await writeFile(path.join(corpusDir, '0-nordlys.txt'), ARTICLE('Nordlys', 'Tallinn'));
        await writeFile(path.join(corpusDir, `${files[Math.floor(files.length / 2)]!.replace('.txt', '')}-b.txt`), ARTICLE('Brightwater', 'Porto'));
        await writeFile(path.join(corpusDir, 'zz-last.txt'), ARTICLE('Zephyr Labs', 'Gdansk'));
      }],
      ['change one, remove one', async () => {
        const changed = path.join(corpusDir, 'm-05.txt');
        await writeFile(changed, `${await readFile(changed, 'utf8')}\nA correction was added on Friday: the minister said the report was late.\n`);
        await rm(path.join(corpusDir, 'm-09.txt'));
      }],
      // Same article bytes, new metadata beside them: a change, never taken from the served records.
      ['give one a sidecar', async () => {
        await writeFile(path.join(corpusDir, 'm-03.meta.json'), JSON.stringify({ source: 'Wire Desk', author: 'J. Moreau' }));
      }],
      ['remove an added one and add another', async () => {
        await rm(path.join(corpusDir, '0-nordlys.txt'));
        await writeFile(path.join(corpusDir, '1-kestrel.txt'), ARTICLE('Kestrel', 'Tallinn'));
      }],
    ];
    for (const [what, change] of steps) {
      await change();
      const report = await service.reindex({ requestedBy: 'test' });
      expect(report.unchanged, what).toBe(false);
      // Built from the served graph (which then records its element count), not from scratch.
      expect((await manifestOf(indexDir)).hnswElements, what).toBeGreaterThanOrEqual(report.passages);
      const full = await fullBuildOf(corpusDir);
      expect((await manifestOf(full)).hnswElements).toBeUndefined();
      expect(await storeRows(indexDir), what).toEqual(await storeRows(full));
      const artefacts = async (dir: string) => {
        const folder = path.join(generationsFolder(dir), (await readCurrentGenerationName(dir))!);
        return readFile(path.join(folder, 'actors.json'), 'utf8');
      };
      expect(await artefacts(indexDir), what).toBe(await artefacts(full));
      expect(await answersOf(corpusDir, indexDir, questions), what).toEqual(await answersOf(corpusDir, full, questions));
      const generation = await loadServedGeneration(indexDir, embedder);
      // The graph's deleted elements are never found: every hit is a live passage.
      for (let position = 0; position < generation.passageCount; position += 7) {
        const hits = await generation.vectorIndex.search(generation.passageVector(position)!, 20);
        expect(hits.every((hit) => hit.label < generation.passageCount)).toBe(true);
        expect(hits[0]?.similarity).toBeCloseTo(1, 5);
      }
      generation.close();
    }
  });

  it('writes the graph anew once too many of its elements would be deleted', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
    const files = (await readdir(corpusDir)).filter((file) => file.endsWith('.txt')).sort();
    await rm(path.join(corpusDir, files[0]!));
    await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
    const after = await manifestOf(indexDir);
    const servedElements = after.hnswElements ?? after.counts.passages;
    // Remove documents until the deleted share passes the threshold: that build starts from scratch.
    for (const file of files.slice(1, Math.ceil(files.length / 3))) await rm(path.join(corpusDir, file));
    await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
    const rebuilt = await manifestOf(indexDir);
    expect(servedElements).toBeGreaterThan(0);
    expect(rebuilt.hnswElements).toBeUndefined();
    expect(await storeRows(indexDir)).toEqual(await storeRows(await fullBuildOf(corpusDir)));
  });

  it('leaves the served generation untouched when it fails before the swap', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
    const served = (await readCurrentGenerationName(indexDir))!;
    const servedFolder = path.join(generationsFolder(indexDir), served);
    const before = new Map<string, Buffer>();
    for (const file of await readdir(servedFolder)) before.set(file, await readFile(path.join(servedFolder, file)));
    await writeFile(path.join(corpusDir, 'zz-last.txt'), ARTICLE('Zephyr Labs', 'Gdansk'));
    // The crash: the finished temporary folder is never renamed into place.
    const failing: GenerationFileSystem = {
      ...nodeFileSystem,
      rename: (async (from: string, to: string) => {
        if (path.basename(String(from)).startsWith('.tmp-g-')) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
        return nodeFileSystem.rename(from, to);
      }) as GenerationFileSystem['rename'],
    };
    await expect(buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000, fs: failing })).rejects.toThrow(/simulated crash/);
    expect(await readCurrentGenerationName(indexDir)).toBe(served);
    for (const [file, bytes] of before) expect((await readFile(path.join(servedFolder, file))).equals(bytes), file).toBe(true);
    // Nothing of the failed build is left beside the generations (its folder, the graph it started from).
    expect((await readdir(generationsFolder(indexDir))).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    const generation = await loadServedGeneration(indexDir, embedder);
    expect(generation.name).toBe(served);
    generation.close();
    // And the next build, undisturbed, is incremental again and serves the article.
    await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
    expect((await manifestOf(indexDir)).documents.some((d) => d.docId === 'zz-last')).toBe(true);
  });
});
