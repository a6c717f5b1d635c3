/**
 * The hybrid retriever over a small invented corpus with the real embedded model: word order
 * counts (term pairs), and one document cannot crowd out the others.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embedding/index.js';
import type { IndexGeneration } from '../../src/index/index.js';
import { HybridRetriever } from '../../src/retrieval/index.js';
import { searchTerms } from '../../src/text/index.js';
import { generationOfArticles } from '../helpers/temp-corpus.js';

const ARTICLES: Record<string, string> = {
  // The same content words as many times, in another order and in the question's order.
  scattered: 'Hastings won the duke a battle.\n',
  ordered: 'The duke won the battle of Hastings.\n',
  bread: 'Sourdough bread needs a starter, flour, water and patience.\n',
  chronicle:
    'The chronicle of the abbey tells of the battle.\n' +
    'The chronicle names the duke.\n' +
    'The chronicle was copied by monks.\n' +
    'The chronicle is kept in the abbey library.\n',
};

let embedder: Embedder;
let generation: IndexGeneration;

beforeAll(async () => {
  ({ generation, embedder } = await generationOfArticles(ARTICLES));
});

async function retrieve(question: string, limit: number, perDocumentCap: number) {
  const [vector] = await embedder.embed([question]);
  return new HybridRetriever(generation).retrieve({ text: question, searchTerms: searchTerms(question), vector: vector! }, { limit, perDocumentCap });
}

describe('HybridRetriever', () => {
  it('ranks a passage that keeps the question’s word order above one with the same words scattered', async () => {
    const hits = await retrieve('Which duke won the battle of Hastings?', 3, 3);
    const ordered = hits.find((h) => h.passage.docId === 'ordered')!;
    const scattered = hits.find((h) => h.passage.docId === 'scattered')!;
    expect(hits[0]!.passage.docId).toBe('ordered');
    expect(ordered.lexicalScore).toBeGreaterThan(scattered.lexicalScore);
  });

  it('takes at most the per-document cap from one document while others also match', async () => {
    const hits = await retrieve('What does the chronicle of the abbey say about the duke and the battle?', 3, 1);
    const docs = hits.map((h) => h.passage.docId);
    // Four chronicle passages outscore the rest, yet only one is taken: the others also answer.
    expect(hits).toHaveLength(3);
    expect(docs.filter((d) => d === 'chronicle')).toHaveLength(1);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });
});
