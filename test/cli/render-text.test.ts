import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { renderAnswerText } from '../../src/cli/render-text.js';

const TEXT = 'The bridge reopened on Friday after eleven months of repairs.';

function answerWith(copies: boolean): Answer {
  return {
    question: 'When did the bridge reopen?',
    abstained: false,
    answer: TEXT,
    sentences: [
      { text: TEXT, docId: 'gazette', start: 0, end: TEXT.length, citation: 1, ...(copies ? { copies: [{ text: TEXT, docId: 'herald', start: 9, end: 9 + TEXT.length, citation: 2 }] } : {}) },
    ],
    citations: (copies ? [1, 2] : [1]).map((n) => ({ n, docId: n === 1 ? 'gazette' : 'herald', title: n === 1 ? 'Gazette' : 'Herald', source: null, url: null, published: null, quote: TEXT, start: 0, end: TEXT.length })),
    confidence: 0.9,
    tookMs: 1,
  };
}

describe('renderAnswerText', () => {
  it('prints the sentence once with its citation marker and the sources beneath', () => {
    const text = renderAnswerText(answerWith(false));
    expect(text.split('\n')[0]).toBe(`${TEXT} [1]`);
    expect(text).toContain('Sources:\n[1] Gazette');
  });

  it('prints a sentence that several outlets carry once, with a marker for each', () => {
    const text = renderAnswerText(answerWith(true));
    expect(text.split('\n')[0]).toBe(`${TEXT} [1][2]`);
    expect(text.split(TEXT)).toHaveLength(2);
    expect(text).toContain('[2] Herald');
  });
});

describe('renderAnswerText with also-relevant sentences', () => {
  const OTHER = 'Traffic had been diverted through Eastby for the whole year.';
  const answer: Answer = {
    ...answerWith(false),
    alsoRelevant: [{ text: OTHER, docId: 'herald', start: 4, end: 4 + OTHER.length, citation: 2 }],
    citations: [1, 2].map((n) => ({ n, docId: n === 1 ? 'gazette' : 'herald', title: n === 1 ? 'Gazette' : 'Herald', source: null, url: null, published: null, quote: TEXT, start: 0, end: TEXT.length })),
    confidence: 0.62,
    confidenceLabel: 'partial match',
  };

  it('lists the runners-up under "Also relevant", each with its citation, apart from the answer', () => {
    const text = renderAnswerText(answer);
    expect(text.split('\n')[0]).toBe(`${TEXT} [1]`);
    expect(text).toContain(`Also relevant:\n  – ${OTHER} [2]`);
    expect(text.indexOf('Also relevant:')).toBeLessThan(text.indexOf('Sources:'));
  });

  it('gives the confidence in words before the figure', () => {
    expect(renderAnswerText(answer)).toContain('partial match (confidence 0.62)');
  });

  it('shows no "Also relevant" section when there is none', () => {
    expect(renderAnswerText(answerWith(false))).not.toContain('Also relevant');
  });
});
