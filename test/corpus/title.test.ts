import { describe, expect, it } from 'vitest';
import { buildCorpusDocument, looksLikeHeadline, shortenTitle } from '../../src/corpus/index.js';

const titleOf = (text: string, file = 'doc.txt') => buildCorpusDocument({ docId: 'doc', file, text }).meta.title;

describe('titles', () => {
  it('takes a first line that reads as a headline, including one ending in a question mark', () => {
    expect(titleOf('Oil Output Falls Again\nProduction fell 5% in May.')).toBe('Oil Output Falls Again');
    expect(titleOf('Will Maduro Leave?\nNobody knows.')).toBe('Will Maduro Leave?');
  });

  it('uses the first sentence, shortened at a word boundary with an ellipsis, when the first line is prose', () => {
    const title = titleOf(
      'The government of Venezuela announced on Tuesday that it would hold talks with several neighbouring countries about the border crisis. More text follows.',
    );
    expect(title).toBe('The government of Venezuela announced on Tuesday that it would hold talks with several…');
    expect(title.length).toBeLessThanOrEqual(100);
    expect(titleOf('Short prose sentence. Another.')).toBe('Short prose sentence.');
  });

  it('skips captions, credits and navigation before choosing', () => {
    expect(titleOf('Previous post\nTOPSHOT – A crowd in Caracas. (Photo by X / AFP via Getty Images)\nAFP via Getty Images\nThe Real Headline\nBody.')).toBe(
      'The Real Headline',
    );
  });

  it('prefers the metadata title and falls back to the docId when there is no article text', () => {
    expect(buildCorpusDocument({ docId: 'doc', file: 'doc.txt', text: 'Headline\nBody.', meta: { title: 'Given' } }).meta.title).toBe('Given');
    expect(titleOf('Leave a Reply\n© 2025 X. All rights reserved.')).toBe('doc');
  });

  it('judges headlines by length and final period', () => {
    expect(looksLikeHeadline('Maduro’s Inner Circle Holds')).toBe(true);
    expect(looksLikeHeadline('This is a sentence.')).toBe(false);
    expect(looksLikeHeadline('word '.repeat(30))).toBe(false);
    expect(shortenTitle('a'.repeat(150))).toHaveLength(100);
  });
});
