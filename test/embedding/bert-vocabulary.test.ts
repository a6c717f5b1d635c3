import { describe, expect, it } from 'vitest';

import {
  isWholeWordPiece,
  normalizeLikeBert,
  selectEmbeddedVocabulary,
  tokenizerJson,
} from '../../src/embedding/bert-vocabulary.js';

describe('the embedded vocabulary', () => {
  it('normalises like BertNormalizer: lower case, accents stripped', () => {
    expect(normalizeLikeBert('Café')).toBe('cafe');
    expect(normalizeLikeBert('NAÏVE')).toBe('naive');
  });

  it('keeps only words the BERT pre-tokenizer can produce whole', () => {
    for (const word of ['hegseth', 'cafe', 'h1n1', 'ελλαδα']) expect(isWholeWordPiece(word)).toBe(true);
    for (const word of ['u.s.', "n't", '1,000', 'e-mail', ',', '?', 'two words', '北京', '']) expect(isWholeWordPiece(word)).toBe(false);
  });

  it('starts with [PAD] and [UNK], keeps frequency order, and keeps the more frequent of two spellings', () => {
    const vocabulary = selectEmbeddedVocabulary(['the', ',', 'cafe', 'u.s.', 'café', 'hegseth']);
    expect(vocabulary.tokens).toEqual(['[PAD]', '[UNK]', 'the', 'cafe', 'hegseth']);
    expect(Array.from(vocabulary.sourceRank)).toEqual([-1, -1, 0, 2, 5]);
    expect(vocabulary.skipped).toBe(3);
  });

  it('writes a tokenizer.json whose vocabulary maps each token to its id, with no post-processor', () => {
    const json = JSON.parse(tokenizerJson(['[PAD]', '[UNK]', 'the', '1990s', 'say "hi"'])) as {
      model: { vocab: Record<string, number>; unk_token: string };
      post_processor: unknown;
    };
    expect(json.model.vocab).toEqual({ '[PAD]': 0, '[UNK]': 1, the: 2, '1990s': 3, 'say "hi"': 4 });
    expect(json.model.unk_token).toBe('[UNK]');
    expect(json.post_processor).toBeNull();
  });
});
