import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { LangChainPeer } from '../../src/evaluation/peers/langchain.js';
import { OramaPeer } from '../../src/evaluation/peers/orama.js';
import type { PeerEngine, PeerPassage } from '../../src/evaluation/peers/types.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

// LanceDB's native logger warns when it creates a table; read when its module loads, hence the late import.
process.env.LANCEDB_LOG = 'error';
const { LanceDbPeer } = await import('../../src/evaluation/peers/lancedb.js');

const embedder = new HashingEmbedder({ dims: 32 });
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

const PASSAGES: PeerPassage[] = [
  { id: 'p-harbour', docId: 'a', text: 'The harbour authority closed the northern pier after the storm damaged its cranes.' },
  { id: 'p-budget', docId: 'a', text: 'Parliament approved the budget for schools and hospitals on Thursday.' },
  { id: 'p-election', docId: 'b', text: 'Voters in the mountain provinces chose a new governor in a tight election.' },
  { id: 'p-football', docId: 'c', text: 'The football club signed a young striker from the coastal league.' },
];

async function searcherOf(engine: PeerEngine) {
  const dir = await temporaryFolder();
  folders.push(dir);
  await engine.build(PASSAGES, await embedder.embed(PASSAGES.map((p) => p.text)), dir);
  // Opened again from its folder, as the benchmark's serving process does.
  return engine.open(dir);
}

for (const engine of [new OramaPeer(), new LanceDbPeer(), new LangChainPeer()]) {
  describe(`the ${engine.name} peer`, () => {
    it('returns the ids of the passages its engine found, the matching one first', async () => {
      const searcher = await searcherOf(engine);
      try {
        const question = 'Why did the harbour authority close the northern pier?';
        const [vector] = await embedder.embed([question]);
        const ids = await searcher.search(question, vector!, 3);
        expect(ids[0]).toBe('p-harbour');
        expect(ids.length).toBeLessThanOrEqual(3);
        for (const id of ids) expect(PASSAGES.map((p) => p.id)).toContain(id);
        const other = 'Which striker did the football club sign?';
        const [otherVector] = await embedder.embed([other]);
        expect((await searcher.search(other, otherVector!, 3))[0]).toBe('p-football');
      } finally {
        await searcher.close();
      }
    });
  });
}

describe('the lancedb peer', () => {
  it('builds a full-text index of more postings than one batch holds (it deadlocked with one compute thread) and finds a passage in it', async () => {
    // 40,000 passages of 20 words from a 40,000-word vocabulary: with LanceDB's one compute thread
    // on a machine of 3 cores or fewer, its FTS build slept forever from about 30,000 such passages.
    const wordOf = (n: number) => `w${((Math.imul(n, 2654435761) >>> 0) % 40_000).toString(36)}`;
    const passages: PeerPassage[] = Array.from({ length: 40_000 }, (_, i) => ({
      id: `p${i}`,
      docId: `d${i}`,
      text: Array.from({ length: 20 }, (_, j) => wordOf(i * 20 + j)).join(' '),
    }));
    const vectors = passages.map((_, i) => Float32Array.from({ length: 8 }, (_, j) => Math.sin(i * 0.37 + j)));
    const dir = await temporaryFolder();
    folders.push(dir);
    const engine = new LanceDbPeer();
    await engine.build(passages, vectors, dir);
    const searcher = await engine.open(dir);
    try {
      const target = passages[12_345]!;
      const ids = await searcher.search(target.text, vectors[12_345]!, 5);
      expect(ids[0]).toBe(target.id);
      for (const id of ids) expect(id).toMatch(/^p\d+$/);
    } finally {
      await searcher.close();
    }
  });
});

describe('the langchain peer', () => {
  it('ranks with the question vector it is given: a passage sharing no word with the question is found by its vector', async () => {
    const searcher = await searcherOf(new LangChainPeer());
    try {
      // No word in common, so BM25 scores every passage 0 and keeps the first two; the football
      // passage, last in the corpus, can only come from HNSWLib searching with the given vector.
      const [footballVector] = await embedder.embed([PASSAGES[3]!.text]);
      const ids = await searcher.search('zzz qqq', footballVector!, 2);
      expect(ids).toContain('p-football');
      expect(ids.length).toBeLessThanOrEqual(2);
    } finally {
      await searcher.close();
    }
  });
});
