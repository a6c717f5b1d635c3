import { describe, expect, it } from 'vitest';
import { answerF1, exactMatch } from '../../src/evaluation/squad-evaluation.js';

describe('SQuAD short-answer metrics', () => {
  it('matches exactly after SQuAD normalisation (case, punctuation, articles, spaces)', () => {
    expect(exactMatch('The  Walt Disney Company.', ['Walt Disney Company'])).toBe(1);
    expect(exactMatch('Walt Disney', ['Walt Disney Company'])).toBe(0);
    expect(exactMatch('Disney', ['ABC', 'disney'])).toBe(1);
  });

  it('scores word overlap as F1 against the best gold answer', () => {
    expect(answerF1('Walt Disney', ['Walt Disney Company'])).toBeCloseTo(0.8);
    expect(answerF1('in the 10th century', ['10th century', 'the first half of the 10th century'])).toBeCloseTo(0.8);
    expect(answerF1('Norway', ['Denmark'])).toBe(0);
    expect(answerF1('', ['Denmark'])).toBe(0);
  });
});
