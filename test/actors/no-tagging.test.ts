import { describe, expect, it, vi } from 'vitest';

// Count wink-nlp tagging calls: summaries must read what the build decided, never tag again.
const calls = vi.hoisted(() => ({ tokenize: 0 }));
vi.mock('../../src/actors/tokens.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/actors/tokens.js')>();
  return {
    ...original,
    tokenize: (text: string) => {
      calls.tokenize++;
      return original.tokenize(text);
    },
  };
});

const { ActorRegistry, buildActorRegistry, corpusSourceFromDocuments } = await import('../../src/actors/index.js');
const { seedDocuments } = await import('./helpers.js');

describe('actor summaries', () => {
  it('tag nothing: the build saved the tags they need', async () => {
    const documents = await seedDocuments();
    const data = JSON.parse(JSON.stringify(buildActorRegistry(documents)));
    expect(calls.tokenize).toBeGreaterThan(0);
    calls.tokenize = 0;
    const registry = new ActorRegistry(data, corpusSourceFromDocuments(documents));
    for (const listing of registry.list()) registry.summarize(listing.name);
    expect(calls.tokenize).toBe(0);
  });
});
