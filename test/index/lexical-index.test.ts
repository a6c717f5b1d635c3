import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/index/lexical-index.js';

const PASSAGES = [
  // The question's words, in another order.
  'Hastings won the duke a battle.',
  // The same words, as many and as often, in the question's order ("battle of Hastings").
  'The duke won the battle of Hastings.',
  'Sourdough bread needs a starter, flour, water and patience.',
];

describe('LexicalIndex', () => {
  it('ranks a passage that keeps the question’s word order above one with the same words scattered', () => {
    const index = LexicalIndex.build(PASSAGES);
    const hits = index.search('Which duke won the battle of Hastings?', 3);
    expect(hits.map((h) => h.passage)).toEqual([1, 0]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('weighs single terms by rarity, and the same after a save and load', () => {
    const index = LexicalIndex.build(PASSAGES);
    expect(index.documentFrequency('hast')).toBe(2);
    expect(index.inverseDocumentFrequency('sourdough')).toBeGreaterThan(index.inverseDocumentFrequency('hast'));
    const loaded = LexicalIndex.fromJSON(index.toJSON());
    expect(loaded.search('battle of Hastings', 3)).toEqual(index.search('battle of Hastings', 3));
    expect(loaded.documentFrequency('hast')).toBe(2);
  });

  it('refuses a saved index of another format, saying which', () => {
    const file = JSON.parse(LexicalIndex.build(PASSAGES).toJSON()) as { formatVersion: number };
    file.formatVersion = 1;
    expect(() => LexicalIndex.fromJSON(JSON.stringify(file))).toThrow(/format 1, expected/);
  });
});
