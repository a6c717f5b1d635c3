/**
 * The hybrid retriever over a small invented corpus with the real embedded model: word order
 * counts (term pairs), and one document cannot crowd out the others.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, shippedAnswerModel } from '../../src/answer/index.js';
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

async function retrieve(question: string, limit: number, perDocumentCap: number, lexicalWeight?: number) {
  const [vector] = await embedder.embed([question]);
  return new HybridRetriever(generation).retrieve({ text: question, searchTerms: searchTerms(question), vector: vector! }, { limit, perDocumentCap, lexicalWeight });
}

describe('HybridRetriever', () => {
  it('ranks a passage that keeps the question’s word order above one with the same words scattered', async () => {
    const hits = await retrieve('Which duke won the battle of Hastings?', 3, 3);
    const ordered = hits.find((h) => h.passage.docId === 'ordered')!;
    const scattered = hits.find((h) => h.passage.docId === 'scattered')!;
    expect(hits[0]!.passage.docId).toBe('ordered');
    expect(ordered.lexicalScore).toBeGreaterThan(scattered.lexicalScore);
  });

  it('blends the lexical and the vector score by the weight asked, and the answer model names its own', async () => {
    const question = 'Which duke won the battle of Hastings?';
    for (const weight of [0, 0.4, 1]) {
      // Every passage of the corpus, so the best lexical score is among them.
      const hits = await retrieve(question, 20, 20, weight);
      const best = Math.max(...hits.map((h) => h.lexicalScore));
      for (const hit of hits) expect(hit.score).toBeCloseTo(weight * (hit.lexicalScore / best) + (1 - weight) * Math.max(0, hit.similarity), 6);
    }
    // Each embedder family's answer model carries the blend it was measured with into retrieval.
    const model = { ...shippedAnswerModel('pretrained'), retrieval: { passages: 8, perDocumentCap: 4, lexicalWeight: 0.25 } };
    expect(createAnswerer(generation, embedder, { maxQuestionChars: 1000, model }).retrieval.lexicalWeight).toBe(0.25);
    expect(shippedAnswerModel('pretrained').retrieval.lexicalWeight).toBe(0.4);
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
