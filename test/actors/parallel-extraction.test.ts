import { describe, expect, it } from 'vitest';
import { buildActorRegistryIncrementally, buildActorRegistryInParallel } from '../../src/actors/index.js';
import { NewsArticleGenerator } from '../../src/evaluation/benchmark/news-corpus.js';
import { processTexts, seedDocuments } from './helpers.js';

describe('the actor registry read on two threads', () => {
  it('gives exactly the one-thread registry and extractions, with a share of the documents read by the worker', async () => {
    const seeds = await seedDocuments();
    const words = ['the', 'of', 'and', 'to', 'in', 'said', 'city', 'week', 'government', 'report', 'market', 'river', 'council'];
    const generator = new NewsArticleGenerator({ seeds, words, seed: 11 });
    const news: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const article = generator.next();
      news[article.docId] = article.text;
    }
    const documents = [...seeds, ...processTexts(news)];
    const one = buildActorRegistryIncrementally(documents, {});
    const failures: string[] = [];
    const two = await buildActorRegistryInParallel(documents, { parallel: { minSentences: 0, waitForWorker: true, log: (line) => failures.push(line) } });
    expect(failures).toEqual([]);
    expect(two.readInWorker).toBeGreaterThan(0);
    expect(two.readInWorker).toBeLessThan(documents.length);
    expect(JSON.stringify(two.registry)).toBe(JSON.stringify(one.registry));
    expect(JSON.stringify(two.extractions)).toBe(JSON.stringify(one.extractions));
    expect(two.registry.actors.length).toBeGreaterThan(10);
  }, 60_000);
});
