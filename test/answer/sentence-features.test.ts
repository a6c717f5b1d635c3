import { describe, expect, it } from 'vitest';
import { analyseQuestion, sentenceEvidence } from '../../src/answer/index.js';

/** Every term weighs the same here, so shares are plain counts. */
function analysed(question: string) {
  return analyseQuestion(question);
}

describe('sentenceEvidence', () => {
  it('tells the question’s own word forms from other forms of the same stem', () => {
    const question = analysed('When was the abbey founded?');
    const sameForm = sentenceEvidence('The abbey was founded in 1050.', question);
    const otherForm = sentenceEvidence('The founding of the abbey came in 1050.', question);
    expect(sameForm.coverage).toBe(1);
    expect(otherForm.coverage).toBe(1);
    expect(sameForm.exactCoverage).toBe(1);
    expect(otherForm.exactCoverage).toBe(0.5);
  });

  it('counts a name of the question as named by a pronoun that opens the sentence after it', () => {
    const question = analysed('What became of Gaddafi?');
    const previous = 'Gaddafi declared he would never leave the country.';
    expect(sentenceEvidence('He was eventually captured and killed.', question, { previous }).nameCoverage).toBe(1);
    // No pronoun, or none before it: the name is not there.
    expect(sentenceEvidence('The rebels were eventually beaten.', question, { previous }).nameCoverage).toBe(0);
    expect(sentenceEvidence('He was eventually captured and killed.', question).nameCoverage).toBe(0);
    // Only names are carried over, never the question's other words.
    const topic = analysed('Why did Gaddafi leave Libya?');
    const carried = sentenceEvidence('He fled in a convoy.', topic, { previous: 'Gaddafi would never leave Libya, he said.' });
    expect(carried.topicCoverage).toBe(0);
    expect(carried.nameCoverage).toBe(1);
  });

  it('credits a sentence whose predecessor sets up the question’s topic', () => {
    const question = analysed('What is the hypothesis about efficient algorithms called?');
    const answer = 'This hypothesis is called the Cobham thesis.';
    const setUp = sentenceEvidence(answer, question, { previous: 'Class P holds the problems with efficient algorithms.' });
    const alone = sentenceEvidence(answer, question, { previous: 'The weather was mild that year.' });
    expect(setUp.previousCoverage).toBeGreaterThan(0);
    expect(alone.previousCoverage).toBe(0);
    expect(sentenceEvidence(answer, question).previousCoverage).toBe(0);
  });
});

describe('the headline feature', () => {
  const question = analysed('What did the port authority announce?');
  const headline = (text: string) => sentenceEvidence(text, question).headline;

  it('marks a line without closing punctuation, and no sentence that closes, with quote or footnote marks after', () => {
    expect(headline('Port authority announces new night shifts')).toBe(1);
    expect(headline('The port authority announced new night shifts.')).toBe(0);
    expect(headline('The port authority announced “new night shifts.”')).toBe(0);
    expect(headline('The port authority announced new night shifts.[3]')).toBe(0);
    expect(headline('The port authority announced new night shifts.[citation needed]')).toBe(0);
  });
});
