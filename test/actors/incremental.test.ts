import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildActorRegistry, buildActorRegistryIncrementally, parseActorExtractions, serializeActorExtractions } from '../../src/actors/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { generationsFolder, loadServedGeneration, readCurrentGenerationName } from '../../src/index/index.js';
import { ACTOR_EXTRACTIONS_ARTEFACT, ACTORS_ARTEFACT, runRebuildJob } from '../../src/rebuild/index.js';
import { NewsArticleGenerator } from '../../src/evaluation/benchmark/news-corpus.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { processTexts, seedDocuments } from './helpers.js';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

/** News-like articles (many people, surnames after the first mention, acronyms) beside the seeds. */
async function newsArticles(count: number): Promise<Record<string, string>> {
  const seeds = await seedDocuments();
  const words = ['the', 'of', 'and', 'to', 'in', 'said', 'city', 'week', 'government', 'report', 'market', 'river', 'council'];
  const generator = new NewsArticleGenerator({ seeds, words, seed: 7 });
  const texts: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const article = generator.next();
    texts[article.docId] = article.text;
  }
  return texts;
}

describe('the incremental actor registry', () => {
  it('gives exactly the full build’s registry after articles are added, changed and removed, reading only those again', async () => {
    const seeds = await seedDocuments();
    const news = await newsArticles(24);
    const ids = Object.keys(news);
    const before = [...seeds, ...processTexts(news)];
    const first = buildActorRegistryIncrementally(before, {});
    expect(first.reusedDocuments).toBe(0);
    // Through the saved text, as the next build reads it.
    const saved = parseActorExtractions(serializeActorExtractions(first.extractions));
    expect(saved).toBeDefined();

    const changed = { ...news, [ids[3]!]: `${news[ids[3]!]}\nSenator Ofelia Brandtmoor said the vote would wait.\n` };
    delete changed[ids[5]!];
    changed.added_article = 'Mayor Quentin Osterhagen met Brandtmoor in Caracas.\n\nOsterhagen said “the talks go on.”\n';
    const after = [...seeds, ...processTexts(changed)];
    const incremental = buildActorRegistryIncrementally(after, { previousExtractions: saved });

    expect(JSON.stringify(incremental.registry)).toBe(JSON.stringify(buildActorRegistry(after)));
    // The changed and the added article are read again; a document whose reading looked up a word
    // the change made common may be too, never more than a few.
    expect(incremental.reusedDocuments).toBeLessThanOrEqual(after.length - 2);
    expect(incremental.reusedDocuments).toBeGreaterThan(after.length - 6);
    expect(incremental.registry.actors.some((a) => a.name === 'Quentin Osterhagen')).toBe(true);
  });

  it('reads a document again when a word its reading looked up becomes common', () => {
    const texts = { a: 'Inner Circle leaders met in Caracas on Monday.\n', b: 'The talks were long and slow.\n' };
    const first = buildActorRegistryIncrementally(processTexts(texts), {});
    const after = processTexts({ ...texts, c: 'Nobody in the inner circle spoke.\n' });
    const incremental = buildActorRegistryIncrementally(after, { previousExtractions: first.extractions });
    expect(incremental.reusedDocuments).toBe(1);
    expect(JSON.stringify(incremental.registry)).toBe(JSON.stringify(buildActorRegistry(after)));
  });

  it('takes each unchanged document’s words and re-tagged mentions’ facts from its saved entry, not from its text', async () => {
    const seeds = await seedDocuments();
    const first = buildActorRegistryIncrementally(seeds, {});
    const saved = parseActorExtractions(serializeActorExtractions(first.extractions))!;
    // Facts of mentions found after extraction (headline runs cut to a known name) were kept.
    const withFacts = Object.values(saved.documents).filter((entry) => Object.keys(entry.facts ?? {}).length > 0);
    expect(withFacts.length).toBeGreaterThan(0);
    // Flipped in the saved entries: a build that reuses them (tagging nothing again) shows them flipped.
    for (const entry of withFacts) for (const key of Object.keys(entry.facts!)) entry.facts![key]! ^= 3;
    const again = buildActorRegistryIncrementally(seeds, { previousExtractions: saved });
    expect(again.reusedDocuments).toBe(seeds.length);
    expect(JSON.stringify(again.registry)).not.toBe(JSON.stringify(first.registry));

    // A word dropped from a document's saved words is not common any more: the document that looked it up is read again.
    const texts = { a: 'Inner Circle leaders met in Caracas on Monday.\n', b: 'The talks were long and slow.\n', c: 'Nobody in the inner circle spoke.\n' };
    const documents = processTexts(texts);
    const built = parseActorExtractions(serializeActorExtractions(buildActorRegistryIncrementally(documents, {}).extractions))!;
    expect(built.documents.c!.words!.split(' ')).toContain('inner');
    expect(buildActorRegistryIncrementally(documents, { previousExtractions: built }).reusedDocuments).toBe(3);
    built.documents.c!.words = built.documents.c!.words!.split(' ').filter((w) => w !== 'inner').join(' ');
    expect(buildActorRegistryIncrementally(documents, { previousExtractions: built }).reusedDocuments).toBe(2);
  });

  it('saves every mention as a tuple and reads back each field as extracted, optional ones absent where they were', async () => {
    const seeds = await seedDocuments();
    const news = processTexts(await newsArticles(24));
    const { extractions } = buildActorRegistryIncrementally([...seeds, ...news], {});
    const text = serializeActorExtractions(extractions)!;
    expect(text).not.toContain('"surface"');
    const read = parseActorExtractions(text)!;
    expect(read.documents).toStrictEqual(JSON.parse(JSON.stringify(extractions.documents)));
    // The seeds and the news articles hold every kind of field: roles, canonical names, facts unset after a cut.
    const mentions = Object.values(read.documents).flatMap((entry) => entry.mentions);
    for (const field of ['role', 'canonical', 'clauseInitial', 'firstWordProper', 'subject', 'action'] as const) expect(mentions.some((m) => m[field] !== undefined)).toBe(true);
    expect(mentions.some((m) => m.clauseInitial === undefined)).toBe(true);
  });

  it('ignores saved extractions of another format version', () => {
    expect(parseActorExtractions(JSON.stringify({ formatVersion: 0, documents: {} }))).toBeUndefined();
    expect(parseActorExtractions('{not json')).toBeUndefined();
  });

  it('keeps the extractions in the generation for the next build, never loads them to serve, and /add reuses them', async () => {
    const dirs = await tempWorkspace();
    roots.push(dirs.root);
    const embedder = new HashingEmbedder({ dims: 32 });
    const logs: string[] = [];
    const job = { corpusDir: dirs.corpusDir, indexDir: dirs.indexDir, maxFileBytes: 5_000_000, force: false, requestedBy: 'test' };
    await runRebuildJob(job, { embedder, log: (line) => logs.push(line) });
    await writeFile(path.join(dirs.corpusDir, 'added.txt'), 'Mayor Quentin Osterhagen met Nicolás Maduro in Caracas.\n\nOsterhagen said the talks go on.\n');
    await runRebuildJob(job, { embedder, log: (line) => logs.push(line) });

    const folder = path.join(generationsFolder(dirs.indexDir), (await readCurrentGenerationName(dirs.indexDir))!);
    const saved = parseActorExtractions(await readFile(path.join(folder, ACTOR_EXTRACTIONS_ARTEFACT), 'utf8'));
    expect(Object.keys(saved!.documents)).toContain('added');
    const generation = await loadServedGeneration(dirs.indexDir, embedder);
    try {
      expect(generation.artefact(ACTOR_EXTRACTIONS_ARTEFACT)).toBeUndefined();
      const served = generation.artefact(ACTORS_ARTEFACT)!;
      const documents = [...(await seedDocuments()), ...processTexts({ added: 'Mayor Quentin Osterhagen met Nicolás Maduro in Caracas.\n\nOsterhagen said the talks go on.\n' })];
      expect(JSON.parse(served).actors.length).toBe(buildActorRegistry(documents).actors.length);
      expect(served).toContain('Quentin Osterhagen');
    } finally {
      generation.close();
    }
    expect(logs).toEqual([]);
  });
});
