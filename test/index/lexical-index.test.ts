import { describe, expect, it } from 'vitest';
import { searchTerms } from '../../src/text/index.js';
import { LexicalIndex } from '../../src/index/lexical-index.js';

const PASSAGES = [
  'Hastings won the duke a battle.',
  'The duke won the battle of Hastings.',
  'Sourdough bread needs a starter, flour, water and patience.',
];

describe('LexicalIndex', () => {
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
    file.formatVersion = 99;
    expect(() => LexicalIndex.fromJSON(JSON.stringify(file))).toThrow(/format 99, expected/);
  });
});

describe('words of percentages', () => {
  it('matches "%", "percent", "per cent" and "percentage" to one another', () => {
    const [term] = searchTerms('percent');
    for (const text of ['84%', '84 percent', '84 per cent', 'What percentage?', 'percentages']) {
      expect(searchTerms(text), text).toContain(term);
    }
    const index = LexicalIndex.build(['Venezuela exports 84% of its oil to China.', 'Venezuela exports oil and gold.']);
    expect(index.search('What percentage of its oil does Venezuela export?', 2)[0]!.passage).toBe(0);
  });
});
