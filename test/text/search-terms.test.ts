import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { loadCorpus, processDocument } from '../../src/corpus/index.js';
import { foldCase, isStopWord, searchTerms, stem, words } from '../../src/text/analysis.js';
import { SEED_CORPUS } from '../helpers/temp-corpus.js';

/** `words` and `searchTerms` as they were before their per-word shortcuts (the cache and the apostrophe test). */
function referenceWords(text: string): string[] {
  const out: string[] = [];
  for (const match of foldCase(text).replace(/%/g, ' percent ').replace(/\bper cent\b|\bpercentages?\b/g, 'percent').matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    out.push(match[0].replace(/['’]s$/, '').replace(/['’]/g, ''));
  }
  return out;
}
const referenceTerms = (text: string) => referenceWords(text).filter((word) => !isStopWord(word)).map(stem);

describe('search terms with the per-word cache', () => {
  it('equal the uncached analysis over the seed passages, twice (cold and cached)', async () => {
    const seeds = (await loadCorpus(SEED_CORPUS, { maxFileBytes: 5_000_000 })).documents.map((d) => processDocument(d));
    const texts = seeds.flatMap((d) => d.passages.map((p) => p.text));
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        expect(words(text)).toEqual(referenceWords(text));
        expect(searchTerms(text)).toEqual(referenceTerms(text));
      }
    }
  });

  it('equal the uncached analysis for apostrophes, possessives, percentages, stop words and any string', () => {
    const texts = ["The minister's aide's O'Neill ’s rock’n’roll isn't 84% per cent percentages", "It's THE the The 'quoted' ’s ''", 'Nicolás Café 1990s 3.5% e-mail'];
    for (const text of texts) expect(searchTerms(text)).toEqual(referenceTerms(text));
    const pieces = fc.constantFrom("'", '’', 's', "'s", '’s', ' ', '%', 'per cent', 'The', 'said', 'minister', 'é', 'A1', 'running');
    const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.array(pieces, { maxLength: 20 }).map((parts) => parts.join('')));
    fc.assert(fc.property(anyText, (text) => JSON.stringify(searchTerms(text)) === JSON.stringify(referenceTerms(text)) && JSON.stringify(words(text)) === JSON.stringify(referenceWords(text))), { numRuns: 3000 });
  });
});

describe('search terms of irregular verbs', () => {
  it('give every form of an irregular verb its base form\'s term, which Porter2 alone does not', () => {
    // A reader asks "How much did they pay?" of an article that says "paid".
    for (const [form, base] of [['paid', 'pay'], ['made', 'makes'], ['took', 'taking'], ['bought', 'buys'], ['won', 'wins'], ['left', 'leaves'], ['fell', 'falls'], ['spent', 'spending'], ['found', 'find']]) {
      expect(searchTerms(form!), form).toEqual(searchTerms(base!));
    }
  });

  it('leave a word that news uses more often as a noun or a modal with its own term', () => {
    for (const [word, verb] of [['crew', 'crow'], ['drug', 'drag'], ['fed', 'feed'], ['shore', 'shear'], ['rent', 'rend'], ['ground', 'grind']]) {
      expect(searchTerms(word!), word).not.toEqual(searchTerms(verb!));
    }
    expect(stem('might'), 'the month May').not.toBe(stem('may'));
    expect(searchTerms('founded')).not.toEqual(searchTerms('found'));
  });
});

describe('search terms of British and American spellings', () => {
  it('give a British spelling the American one\'s term, which Porter2 alone does not', () => {
    // A reader in London asks of an article from Washington: "organisations" is "organizations".
    for (const [british, american] of [['organisations', 'organizations'], ['labour', 'labor'], ['defence', 'defense'], ['centre', 'center'], ['programmes', 'programs'], ['analysed', 'analyzed'], ['criticised', 'criticized'], ['harbour', 'harbor'], ['grey', 'gray']]) {
      expect(searchTerms(british!), british).toEqual(searchTerms(american!));
    }
  });
});
