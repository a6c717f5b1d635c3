/**
 * The QuestionReader: every rule about a question's wording, read once into the question that
 * retrieval, the ranker, the judge and the short-answer step read.
 */
import { describe, expect, it } from 'vitest';
import { analyseQuestion, QuestionReader, readQuestion } from '../../src/answer/index.js';
import { holdsAmountAsked } from '../../src/answer/sentence-features.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { REASON_CUE, stem } from '../../src/text/index.js';

/** Corpus statistics over a tiny vocabulary: every term is common, but "zorblat" is in no document. */
const statistics = {
  inverseDocumentFrequency: (term: string) => (term === stem('zorblat') ? 5 : 1),
  documentFrequency: (term: string) => (term === stem('zorblat') ? 0 : 3),
};

describe('QuestionReader', () => {
  it('reads the answer type of the whole question and of its asking clause', () => {
    const read = readQuestion('Who was the chief executive when the service began?');
    expect(read.type).toBe('date');
    expect(read.askedType).toBe('person');
    expect(readQuestion('What is the population of Valmont?').askedType).toBe('number');
  });

  it('reads whether a when-question asks about what is still to come', () => {
    for (const q of ['When will the bridge reopen?', 'When should the gas plant be back up?', 'When is the plant expected to restart?', 'When are the talks due to resume?', 'When can residents go back?']) {
      expect(readQuestion(q).asksWhen).toBe(true);
      expect(readQuestion(q).asksWhenNext).toBe(true);
    }
    for (const q of ['When did the plant trip?', 'When was the bridge built?', 'When is the vote?', 'When the bridge reopens, who will pay?']) {
      expect(readQuestion(q).asksWhenNext).toBe(false);
    }
  });

  it('reads a sum asked by any form of its verb', () => {
    for (const q of ['How much is the council spending on hotel rooms?', 'How much is the club paying for him?', 'How much is the firm investing in robots?', 'How much will the repairs end up costing?']) {
      expect(readQuestion(q).amountAsked, q).toBe('money');
    }
  });

  it('reads a sum asked by its size', () => {
    for (const q of ['How big was the fine?', 'How large is the payout?', 'How high was the bill?']) {
      expect(readQuestion(q).valueAsked).toBe('amount');
      expect(readQuestion(q).amountAsked).toBe('money');
    }
    expect(readQuestion('How large was the crowd?').valueAsked).toBeUndefined();
    expect(readQuestion('How big a problem is the leak?').amountAsked).toBeUndefined();
  });

  it('reads whether a when-question asks about an end', () => {
    for (const q of ['When will the hosepipe ban end?', 'When will the ban be lifted?', 'When did the strike finally end in the north?', 'When will the outage be over?']) {
      expect(readQuestion(q).asksWhenEnds).toBe(true);
    }
    for (const q of ['When will the ban start?', 'When did the end of the line open?', 'Who ended the strike?', 'When did the fight over the dam begin?']) {
      expect(readQuestion(q).asksWhenEnds).toBe(false);
    }
  });

  it('reads the class of a question and what it asks about', () => {
    expect(readQuestion('Who is Ada Morrow?').questionClass).toEqual({ class: 'identity', subject: ['ada', 'morrow'], namesAsked: false });
    expect(readQuestion('Why did the talks collapse?').questionClass?.class).toBe('reason');
    expect(readQuestion('When did the strike start?').questionClass).toBeUndefined();
    // An excuse or an explanation asked for is a reason asked for.
    expect(readQuestion('What excuse did the company give for the delays?').type).toBe('reason');
    expect(readQuestion('What explanation did the council offer?').type).toBe('reason');
    expect(readQuestion('What did the company give the tenants?').type).not.toBe('reason');
  });

  it('takes a cause named as a reason given', () => {
    expect(REASON_CUE.test('Investigators said a disposable barbecue left on dry grass was the most likely cause.')).toBe(true);
    expect(REASON_CUE.test('Officials are still trying to establish the cause of the blaze.')).toBe(true);
    expect(REASON_CUE.test('The company said rising costs were to blame.')).toBe(true);
    expect(REASON_CUE.test('The cause célèbre drew crowds.')).toBe(false);
  });

  it('reads the focus, the word after the question word, and the names', () => {
    const read = readQuestion("What was Venezuela's inflation rate in 2025?");
    expect(read.focusWords).toEqual(['inflation', 'rate']);
    expect(read.focusNamed).toBe(true);
    expect(readQuestion('What river flows through Valmont?').focusHead).toBe(stem('river'));
    expect(read.namePhrases).toEqual([[stem('venezuela')]]);
    expect(readQuestion('Who heads the Cartel de los Soles?').mainEntity).toBe('Cartel de los Soles');
  });

  it('reads the value an answer must hold and the kind of amount asked', () => {
    expect(readQuestion('How many barrels does the port ship?').valueAsked).toBe('amount');
    expect(readQuestion('At what time does the port open?').valueAsked).toBe('clock time');
    expect(readQuestion('What year did the siege end?').valueAsked).toBe('year');
    expect(readQuestion('Who runs the port?').valueAsked).toBeUndefined();
    expect(readQuestion('What share of the revenue went to the firms?').amountAsked).toBe('share');
    expect(readQuestion('How much of the budget goes to defence?').amountAsked).toBe('share');
    expect(readQuestion('How much did the bridge cost?').amountAsked).toBe('money');
    expect(readQuestion('How long was the network offline?').amountAsked).toBe('extent');
    expect(readQuestion('How far is the port from the city?').amountAsked).toBe('extent');
    expect(readQuestion('How long ago did the siege end?').amountAsked).toBeUndefined();
  });

  it.each([
    ['How old is the striker?', 'amountAsked', 'age of a person'],
    ['How old is the bridge?', 'amountAsked', 'age'],
    ['How old is the new champion?', 'amountAsked', 'age of a person'],
    ['How old was the bridge when it collapsed?', 'amountAsked', 'age'],
    ['When do the new fines come into force?', 'asksWhenNext', true],
    ['When does the ban take effect?', 'asksWhenNext', true],
    ['When did the ban take effect?', 'asksWhenNext', false],
    ['Who found the panda?', 'asksWho', true],
    ['And whom did the court clear?', 'asksWho', true],
    ['Whose campaign spent the most?', 'asksWho', false],
    ['How old is the striker?', 'valueAsked', 'amount'],
    ['How long did the strike last?', 'valueAsked', 'amount'],
    // A rise or fall asked by "how far" is no distance.
    ['How far did salaries fall?', 'valueAsked', undefined],
    ['How far did salaries fall?', 'amountAsked', undefined],
    // A depth, height or width is a length; "how far" may be told in hours' drive.
    ['How deep is the water at the buoy?', 'amountAsked', 'distance'],
    ['How tall is the new tower?', 'amountAsked', 'distance'],
    ['What did the minister say about the vote?', 'asksWhatSaid', true],
    ['Where was the body found?', 'asksWhere', true],
    // A standing is no place: "fourth", "top of the table".
    ['Where did the team finish last season?', 'asksWhere', false],
    ['On what date did the train derail?', 'valueAsked', 'day'],
    ['What day does the market open?', 'valueAsked', 'day'],
    ['Since what year have readings been taken?', 'asksSince', true],
    ['When were readings taken?', 'asksSince', false],
    ['What was the previous record for demand?', 'asksEarlierOne', true],
    ["What was the club's old record signing?", 'asksEarlierOne', true],
    ['How many channels were available prior to October?', 'asksEarlierOne', false],
    ['What did Old Norse traditions merge with?', 'asksEarlierOne', false],
    ['How old is the striker?', 'asksEarlierOne', false],
  ] as const)('reads "%s": %s is %s', (question, field, expected) => {
    expect(readQuestion(question)[field]).toBe(expected);
  });

  it('does not take the verb that closes "how long" as a word the answer must share', () => {
    const terms = [...analyseQuestion('How long does the battery last?').terms.keys()];
    expect(terms).toContain(stem('battery'));
    expect(terms).not.toContain(stem('last'));
    expect([...analyseQuestion('When was the last eruption?').terms.keys()]).toContain(stem('last'));
  });

  it('reads what a how-many question counts: its noun phrase up to the verb, past "of the"', () => {
    expect(readQuestion('How many dock jobs does the union think will go?').countedWords).toEqual(['dock', 'jobs']);
    expect(readQuestion('How many patients died during the trial?').countedWords).toEqual(['patients']);
    expect(readQuestion('How many of the crew survived?').countedWords).toEqual(['crew']);
    expect(readQuestion('How many more troops will be sent?').countedTerms).toEqual([stem('troops')]);
    expect(readQuestion('How much did it cost?').countedWords).toBeUndefined();
  });

  it('takes an extent (how long, how far) from a count of days or kilometres, not from a year', () => {
    expect(holdsAmountAsked('The group shut down its network for four days.', 'extent')).toBe(true);
    expect(holdsAmountAsked('The line runs 6.2 kilometres east.', 'extent')).toBe(true);
    expect(holdsAmountAsked('It imposed a two-year ban.', 'extent')).toBe(true);
    expect(holdsAmountAsked('The July 2025 designation named 12 officials.', 'extent')).toBe(false);
    expect(holdsAmountAsked('It could take 9,000 car journeys a day off the roads.', 'extent')).toBe(false);
  });

  it('tells a question asked of its subject and one asking about reporting', () => {
    expect(readQuestion('Who founded the company?').asksForSubject).toBe(true);
    expect(readQuestion('Who did the company hire?').asksForSubject).toBe(false);
    expect(readQuestion('Which newspaper reported the strike?').asksForOutlet).toBe(true);
    expect(readQuestion('Who said the talks had failed?').asksForOutlet).toBe(false);
  });

  it('tells a yes-or-no question and a how-question from one that asks for a thing', () => {
    expect(readQuestion('Did the hospital pay the ransom?').asksWhether).toBe(true);
    expect(readQuestion('Is the airline getting new planes?').asksWhether).toBe(true);
    expect(readQuestion("And hasn't the mayor resigned?").asksWhether).toBe(true);
    // A choice between things the question names is answered by one of them.
    expect(readQuestion('Was the ransom paid in euros or in bitcoin?').asksWhether).toBe(false);
    expect(readQuestion('Who paid the ransom?').asksWhether).toBe(false);
    expect(readQuestion('How did Maduro react to the threats?').asksManner).toBe(true);
    expect(readQuestion('How are the ministers chosen?').asksManner).toBe(true);
    expect(readQuestion('How many ministers are there?').asksManner).toBe(false);
    expect(readQuestion('How long did the strike last?').asksManner).toBe(false);
  });

  it('resolves a follow-up against the previous question', () => {
    const reader = new QuestionReader(new HashingEmbedder(), statistics);
    expect(reader.resolveFollowUp('What about Cabello?', 'What did Maduro say about the strikes?')).toEqual({ question: 'What did Cabello say about the strikes?', rewritten: true });
    expect(reader.resolveFollowUp('What did he say?', 'Who is Diosdado Cabello?').question).toBe('What did Diosdado Cabello say?');
  });

  it('prepares one frozen question, weighed by the corpus and embedded, carrying everything it read', async () => {
    const embedder = new HashingEmbedder();
    const reader = new QuestionReader(embedder, statistics);
    const prepared = await reader.prepare('Why did the zorblat close the Valmont port?');
    expect(Object.isFrozen(prepared)).toBe(true);
    expect(prepared.vector.length).toBe(embedder.dims);
    expect(prepared.questionClass?.class).toBe('reason');
    expect(prepared.unseenTerms.has(stem('zorblat'))).toBe(true);
    expect(prepared.terms.get(stem('zorblat'))).toBe(5);
    expect(prepared).toMatchObject(readQuestion('Why did the zorblat close the Valmont port?'));
  });

  it('does not count the words that complete its asking words as unseen: "how old", "how many people", "what kind", "done"', () => {
    const seenOnly = (...known: string[]) => (term: string) => known.map(stem).includes(term);
    expect(analyseQuestion('How old is the lock?', () => 1, seenOnly('lock')).unseenWeight).toBe(0);
    expect(analyseQuestion('How many people signed the petition?', () => 1, seenOnly('signed', 'petition')).unseenWeight).toBe(0);
    expect(analyseQuestion('In how many hospitals was the study done?', () => 1, seenOnly('hospitals', 'study')).unseenWeight).toBe(0);
    expect(analyseQuestion('What kind of weapons has Moscow supplied?', () => 1, seenOnly('weapons', 'Moscow', 'supplied')).unseenWeight).toBe(0);
    // A word the corpus lacks that names what is asked still counts, and every unseen term is listed.
    const injured = analyseQuestion('How many people were injured at the lock?', () => 1, seenOnly('lock'));
    expect(injured.unseenWeight).toBeCloseTo(1 / 3);
    expect([...injured.unseenTerms].sort()).toEqual([stem('injured'), stem('people')].sort());
  });

  it('reads the same question the same way however often it is asked', () => {
    expect(readQuestion('Who is Ada Morrow?')).toEqual(readQuestion('Who is Ada Morrow?'));
  });
});
