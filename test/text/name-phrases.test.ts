import { describe, expect, it } from 'vitest';
import { namePhrasesOf } from '../../src/text/analysis.js';

describe('the names of a question', () => {
  it.each([
    ['How many Labour MPs have backed the call for a U-turn?', [['labor', 'mps']]],
    ['Did the firm ban T-shirts at the Arden office?', [['arden']]],
    ['What did the X-Men film make?', [['x', 'men']]],
    ['Who runs Hartwell & Pryce?', [['hartwel', 'pryce']]],
  ])('"%s" names %j', (question, names) => {
    expect(namePhrasesOf(question)).toEqual(names);
  });
});
