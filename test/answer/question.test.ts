import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedAnswerType, QuestionError, validateQuestion } from '../../src/answer/index.js';
import { nameTermShares, stem } from '../../src/text/index.js';

describe('validateQuestion', () => {
  it('rejects an empty or whitespace-only question with a line that says what to do', () => {
    for (const raw of ['', '   ', '\n\t  ']) {
      expect(() => validateQuestion(raw, 500)).toThrow(QuestionError);
      expect(() => validateQuestion(raw, 500)).toThrow(/empty/);
    }
  });

  it('rejects a question over the limit and names the limit', () => {
    expect(() => validateQuestion('why '.repeat(200), 500)).toThrow(/limit is 500/);
  });

  it('rejects a question of only emoji or punctuation', () => {
    for (const raw of ['🤔🤔', '???!!', '— … —']) expect(() => validateQuestion(raw, 500)).toThrow(/words/);
  });

  it('collapses white space and keeps the words as typed', () => {
    expect(validateQuestion('  Who   heads\nthe cartel? ', 500)).toBe('Who heads the cartel?');
  });

  it('either accepts a string or throws a QuestionError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 700 }), (raw) => {
        try {
          const question = validateQuestion(raw, 500);
          return question.length <= 500 && question.length > 0;
        } catch (error) {
          return error instanceof QuestionError && !(error as Error).message.includes('\n');
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('expectedAnswerType', () => {
  it.each([
    ['Who heads the Cartel de los Soles?', 'person'],
    ['When did Carvajal plead guilty?', 'date'],
    ['In what year was the election disputed?', 'date'],
    ['How many individuals has the Treasury sanctioned?', 'number'],
    ['How much is the bounty on Maduro?', 'number'],
    ['Where did Maduro hold the rally?', 'place'],
    ['Which country supplies intelligence officers?', 'place'],
    ['Why has the inner circle not cracked?', 'reason'],
    ['What did Rubio announce?', 'other'],
    // A reason asked without "why", and a measure asked with "how" and an adjective.
    ['What set off the walkout?', 'reason'],
    ['What sparked the protests?', 'reason'],
    ["What's behind the price rise?", 'reason'],
    ['What was the reason for the delay?', 'reason'],
    ['How come the bridge shut?', 'reason'],
    ['What forced the closure?', 'reason'],
    ['How hot did it get?', 'number'],
    ['How deep is the mine?', 'number'],
    ['What made the headlines on Monday?', 'other'],
    ['How severe was the damage?', 'other'],
  ])('reads %s as %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });
});

describe('nameTermShares', () => {
  it('lets the words of a multi-word name share one term’s weight, connectors included', () => {
    const shares = nameTermShares('Who heads the Cartel de los Soles in the United States?');
    expect(shares.get(stem('united'))).toBeCloseTo(1 / 2);
    expect(shares.get(stem('states'))).toBeCloseTo(1 / 2);
    // "cartel", "de", "los", "soles": four terms of one name.
    expect(shares.get(stem('cartel'))).toBeCloseTo(1 / 4);
    expect(shares.has(stem('heads'))).toBe(false);
  });

  it('leaves single-word names and the question’s first word alone', () => {
    expect(nameTermShares('Where did Maduro hold a rally?').size).toBe(0);
    expect(nameTermShares('Maduro met Cabello in Caracas').size).toBe(0);
  });
});
