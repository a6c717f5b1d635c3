import { describe, expect, it } from 'vitest';
import { readFocus } from '../../src/answer/index.js';

const questionFocus = (question: string) => readFocus(question).words;

describe('questionFocus: the common nouns a question asks about', () => {
  it('reads the noun phrase after "what / which", past a possessive name', () => {
    expect(questionFocus("What is Venezuela's national currency called?")).toEqual(['currency']);
    expect(questionFocus("What was Venezuela's inflation rate in 2025?")).toEqual(['inflation', 'rate']);
    expect(questionFocus('What air defense systems does Venezuela have?')).toEqual(['air', 'defense', 'systems']);
  });

  it('reads the counted noun after "how many", and the noun after "who is the"', () => {
    expect(questionFocus('How many barrels of oil does Saudi Arabia produce per day?')).toEqual(['barrels']);
    expect(questionFocus('Who is the president of Colombia?')).toEqual(['president']);
  });

  it('skips nouns that frame the answer type, reading past "kind of"', () => {
    expect(questionFocus('What kind of car is it?')).toEqual(['car']);
    expect(questionFocus('Which countries recognised Guaido?')).toEqual([]);
    expect(questionFocus('What year did the siege end?')).toEqual([]);
    expect(questionFocus("How much money does Maduro's regime owe?")).toEqual([]);
  });

  it('finds no focus in a question led by a verb or a name', () => {
    expect(questionFocus('What did Rubio announce?')).toEqual([]);
    expect(questionFocus('Who is Evan Ellis?')).toEqual([]);
    expect(questionFocus('How much did it cost?')).toEqual([]);
    expect(questionFocus('What did Gaddafi call his opponents?')).toEqual([]);
    expect(questionFocus('When was Hugo Chávez born?')).toEqual([]);
  });

  it('tells a focus that names the thing asked ("What was…") from a category of answer ("Which…")', () => {
    expect(readFocus("What was Venezuela's inflation rate in 2025?").named).toBe(true);
    expect(readFocus('Who is the president of Colombia?').named).toBe(true);
    expect(readFocus('Which mountain range influenced the split?').named).toBe(false);
    expect(readFocus('How many barrels of oil does it produce?').named).toBe(false);
    expect(readFocus('What is Evan Ellis?').named).toBe(false);
  });
});
