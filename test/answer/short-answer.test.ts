/**
 * Short answers: inside an answer sentence, the phrase that answers, verbatim at document offsets,
 * inside the sentence and not a repeat of the question. Sentences written for these tests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseQuestion, askedAnswerType, shortAnswerOf } from '../../src/answer/index.js';

import { shortAnswerCandidates } from '../../src/answer/short-answer.js';
import { words } from '../../src/text/index.js';

const analysed = (question: string) => analyseQuestion(question);

/** The sentence placed at an offset of a made-up document, so offsets are document offsets. */
function inDocument(sentence: string, offset = 57) {
  const document = `${'x'.repeat(offset)}${sentence} And more text follows.`;
  return { document, sentence: { text: sentence, start: offset } };
}

describe('shortAnswerOf', () => {
  it.each([
    ['a person', 'Who founded the bakery?', 'The bakery was founded in 1931 by Agnes Whitcombe, a miller’s daughter from Leeds.', 'Agnes Whitcombe'],
    ['a date', 'When will the new terminal open?', 'Officials said the new terminal would open on 14 September 2027 after two delays.', '14 September 2027'],
    ['an amount with its currency', 'How much did the council pay for the site?', 'The council paid €2.4 million for the site, records show.', '€2.4 million'],
    ['an amount with its unit', 'How long is the new tunnel?', 'The new tunnel is a 5.7-kilometre bore under the estuary.', '5.7-kilometre'],
    ['a distance given as a duration', 'How far is the village from the station?', 'The mayor of Ullby said the nearest station was four hours away by road.', 'four hours'],
    ['a count', 'How many homes lost power?', 'About 12,500 homes lost power when the storm hit the coast.', '12,500'],
    ['a place', 'Where did the ferry run aground?', 'The ferry ran aground near Skerrick Point on Sunday evening.', 'Skerrick Point'],
    ['a reason', 'Why did the museum close?', 'The museum closed because its roof had begun to leak.', 'its roof had begun to leak'],
    ['a person asked with a later "when"', 'Who was the harbour master when the ferry sank?', 'The ferry sank in 1962, when the harbour master was Oskar Lindqvist.', 'Oskar Lindqvist'],
    ['a list that closes with "and"', 'Which towns lost power?', 'Power failed in Arden, Brill and Coltham on Monday, officials said.', 'Arden, Brill and Coltham'],
    ['a measure of a name, narrowed by other words', "What is Valmont's benchmark interest rate?", "Valmont's central bank raised its benchmark interest rate to 4.5 percent on Monday.", '4.5 percent'],
    ['the phrase in the clause that repeats the question', 'What did the council approve?', 'After months of debate, the council approved a new cycle lane, and residents welcomed the decision.', 'new cycle lane'],
    ['the name an appositive calls the asked thing', 'Which newspaper reported that the plant will close?', '“The plant will close — there is no buyer; now it is up to the state,” a manager told Il Giornale, a national daily newspaper based in Turin, Italy, describing the owners’ stance.', 'Il Giornale'],
    ['the name after the asked thing and a comma', 'Which bank lent the money?', 'The money was lent by the bank, Harrow Mutual, in 2019.', 'Harrow Mutual'],
    ['a range whole, not one of its ends', 'How long will the repairs take?', 'Engineers said the repairs to the dam would take three to four months, starting in May.', 'three to four months'],
    ['a range between two numbers whole', 'How many jobs could be lost?', 'The union warned that between 300 and 450 jobs could be lost at the mill.', '300 and 450'],
    ['a date with a word before its month', 'When will the ferry sail again?', 'The Orkney ferry will not sail again until early June, the operator confirmed on Friday.', 'early June'],
    ['the day it was said, when that is asked', 'When did the council announce the reopening?', 'The covered market will reopen after the repairs, the council announced on Tuesday.', 'Tuesday'],
    ['a point in time, not a bare duration beside it', 'When will the second review report?', 'The council plans a second review covering accidents over ten years, with findings expected in 2030.', '2030'],
    ['an hour, not the year beside it, when the time is asked', 'What time did police shut the road?', 'Police shut both approaches at 11:15 p.m., and the city said the 1967 structure would stay closed.', '11:15 p.m.'],
    ['an amount alone, not with a piece of its compound', 'How much of the cables had rusted?', "Inspectors found that several of the bridge's 64 suspender cables had lost up to a fifth of their steel.", 'a fifth'],
    ['a measure, not a count cut inside its compound', 'How much battery capacity is the government rushing through?', 'The minister said the government would fast-track approval for two grid-scale battery projects totalling 800 megawatts.', '800 megawatts'],
    ['the date that ends it, when how long is asked', 'How long will the island be without its ferry?', 'The only ferry serving Hallam Island will not sail again until at least March 12 after one of its two engines failed.', 'March 12'],
    ['a name with a possessive inside it', 'Which hospital ran on its own generators?', "St. Brendan's Hospital in Sennet said it ran on backup generators for two hours.", "St. Brendan's Hospital"],
  ])('finds %s', (_kind, question, sentence, expected) => {
    const { document, sentence: placed } = inDocument(sentence);
    const span = shortAnswerOf(analysed(question), placed);
    expect(span?.text).toBe(expected);
    expect(document.slice(span!.start, span!.end)).toBe(span!.text);
  });

  it('offers a phrase that leads with a word of the question as a candidate', () => {
    const sentence = 'Historians credit Alan Turing with the Turing machine, a model of computation.';
    const texts = shortAnswerCandidates(analysed('What device is credited to Alan Turing?'), sentence).map((c) => sentence.slice(c.start, c.end));
    expect(texts).toContain('Turing machine');
    expect(texts).toContain('machine');
  });

  it('takes items joined by commas alone for an apposition, not a list', () => {
    const sentence = 'The scrambling system is owned by NDS, a Cisco company, and by nobody else.';
    const lists = shortAnswerCandidates(analysed('Who owns the system?'), sentence).filter((c) => c.kind === 'list').map((c) => sentence.slice(c.start, c.end));
    expect(lists.some((text) => text.startsWith('NDS'))).toBe(false);
  });

  it('reads a word of the question in another form as an echo ("Californian", "California")', () => {
    const sentence = 'California growers export almonds to Japan.';
    const candidates = shortAnswerCandidates(analysed('What do Californian growers export?'), sentence);
    const california = candidates.find((c) => sentence.slice(c.start, c.end) === 'California');
    expect(california?.features.questionShare).toBe(1);
  });

  it('keeps a name with two connectors whole and does not answer with a piece of it', () => {
    const question = 'Who designated the cartel as a terrorist organization?';
    const sentence = 'The Treasury’s July 2025 designation of Cartel de los Soles as a terrorist organization was expected.';
    const names = shortAnswerCandidates(analysed(question), sentence).filter((c) => c.kind === 'name').map((c) => sentence.slice(c.start, c.end));
    expect(names).toContain('Cartel de los Soles');
    expect(names).not.toContain('Soles');
    expect(shortAnswerOf(analysed(question), { text: sentence, start: 0 })?.text).toBe('Treasury');
  });

  it('marks a piece of a longer name, left when the question’s word is cut from its end', () => {
    const sentence = 'The centre-left Australian Labor Party won most seats in the city.';
    const candidates = shortAnswerCandidates(analysed('Which party won most seats?'), sentence);
    const piece = candidates.find((c) => sentence.slice(c.start, c.end) === 'Australian Labor');
    const whole = candidates.find((c) => sentence.slice(c.start, c.end) === 'Australian Labor Party');
    expect(piece?.features.insideName).toBe(1);
    expect(whole?.features.insideName).toBe(0);
    expect(shortAnswerOf(analysed('Which party won most seats?'), { text: sentence, start: 0 })?.text).toBe('Australian Labor Party');
  });

  it('reads a name after its title as whole: "President Anna Berg" answers with "Anna Berg"', () => {
    const question = 'Who is the president of Freedonia?';
    const sentence = 'Freedonia’s President Anna Berg opened the session in Port Vale on Monday.';
    const name = shortAnswerCandidates(analysed(question), sentence).find((c) => sentence.slice(c.start, c.end) === 'Anna Berg');
    expect(name?.features.insideName).toBe(0);
    expect(shortAnswerOf(analysed(question), { text: sentence, start: 0 })?.text).toBe('Anna Berg');
  });

  it('gives a why-question no short answer when the sentence states no reason', () => {
    const sentence = 'On Sunday, the mayor told reporters the bridge would stay closed until further notice.';
    expect(shortAnswerOf(analysed('Why did the mayor close the bridge?'), { text: sentence, start: 0 })).toBeUndefined();
  });

  it('gives a yes-or-no question and a how-question no short answer, and the same sentence one for a question of a thing', () => {
    const sentence = 'The hospital said on Monday that it had not paid the 2 million euro ransom demanded by Black Heron.';
    expect(shortAnswerOf(analysed('Did the hospital pay the ransom?'), { text: sentence, start: 0 })).toBeUndefined();
    expect(shortAnswerOf(analysed('How did the hospital respond to the ransom demand?'), { text: sentence, start: 0 })).toBeUndefined();
    const { document, sentence: placed } = inDocument(sentence);
    const span = shortAnswerOf(analysed('Who demanded the ransom?'), placed);
    expect(span?.text).toBe('Black Heron');
    expect(document.slice(span!.start, span!.end)).toBe(span!.text);
  });

  it('does not answer "when" with the day a thing was said, nor "who" with weekdays', () => {
    const bold = (question: string, sentence: string) => {
      const span = shortAnswerOf(analysed(question), { text: sentence, start: 0 });
      if (span) expect(sentence.slice(span.start, span.end)).toBe(span.text);
      return span?.text ?? '';
    };
    expect(bold('When will the bridge reopen?', 'The Kellan bridge will reopen once the new bearings are fitted, the council said on Monday.')).not.toBe('Monday');
    expect(bold('When does the market reopen?', 'The covered market will reopen after the repairs, the council announced on Tuesday.')).not.toBe('Tuesday');
    expect(bold('Who leads the nurses’ union?', 'The nurses’ union, which represents about 9,000 nurses, wants a promise that nobody works more than two Saturdays a month.')).not.toMatch(/Saturdays/);
  });

  it('answers who with a phrase only when its noun can name people', () => {
    const bold = (question: string, sentence: string) => {
      const span = shortAnswerOf(analysed(question), { text: sentence, start: 0 });
      if (span) expect(sentence.slice(span.start, span.end)).toBe(span.text);
      return span?.text;
    };
    expect(bold('Who runs the trial?', 'The trial is run at 38 hospitals under a protocol agreed in June.')).toBeUndefined();
    expect(bold('Who brought the appeal?', 'The appeal was brought by a group of tenants from the old mill.')).toBe('group of tenants');
  });

  it('reads "from 5 to 7 percent" as a change, not a range', () => {
    const span = shortAnswerOf(analysed('What is the tax rate?'), { text: 'The tax rate rose from 5 to 7 percent on Monday.', start: 0 });
    expect(span?.text).not.toBe('5 to 7 percent');
  });

  it('gives a question of what someone did, or what happened, no short answer', () => {
    const sentence = 'After the flood, the Brackwell council moved 40 families into the old Linton Hotel.';
    expect(shortAnswerOf(analysed('What did the council do after the flood?'), { text: sentence, start: 0 })).toBeUndefined();
    expect(shortAnswerOf(analysed('What happened to the families after the flood?'), { text: sentence, start: 0 })).toBeUndefined();
    expect(shortAnswerOf(analysed('What year did the council set out to do it?'), { text: 'The council set out to do it in 2019.', start: 0 })?.text).toBe('2019');
    const span = shortAnswerOf(analysed('How many families did the council move?'), { text: sentence, start: 0 });
    expect(span?.text).toBe('40');
  });

  it('answers who or where with no amount, nor a phrase around one, and "what caused" with a reason or nothing', () => {
    const sentence = 'The survey costs 2.2 million dollars, paid by the state geology office and two universities.';
    const { document, sentence: placed } = inDocument(sentence);
    const span = shortAnswerOf(analysed('Who is paying for the survey?'), placed);
    expect(span?.text ?? '').not.toMatch(/\d|dollars/);
    if (span) expect(document.slice(span.start, span.end)).toBe(span.text);
    const flooded = 'The Drina burst its banks in Kostovo on Tuesday, flooding 300 homes.';
    expect(shortAnswerOf(analysed('What caused the homes to flood?'), { text: flooded, start: 0 })).toBeUndefined();
  });

  it('reads the answer type from the clause that asks', () => {
    const typed = (question: string) => askedAnswerType(question);
    expect(typed('Who was the chief executive when the service began?')).toBe('person');
    expect(typed('What satellite was used when the service was launched?')).toBe('other');
    expect(typed('When the storm hit, which town flooded first?')).toBe('place');
    expect(typed('When did the service begin?')).toBe('date');
    expect(typed('What is the population of the town?')).toBe('number');
    expect(typed('What was the year of the flood?')).toBe('date');
    expect(typed('What is the magnitude of the earthquake?')).toBe('number');
    expect(typed('Which river burst its banks?')).toBe('place');
    expect(typed('Which hospital ran the trial?')).toBe('person');
    expect(typed('Which firm built the bridge?')).toBe('person');
    expect(typed('Which newspaper first reported the leak?')).toBe('person');
  });

  it('does not answer with the question’s own words', () => {
    const question = 'Who did the Harbour Commission appoint as pilot?';
    const span = shortAnswerOf(analysed(question), { text: 'The Harbour Commission appointed Ines Varga as pilot.', start: 0 });
    expect(span?.text).toBe('Ines Varga');
    const asked = new Set(words(question));
    expect(words(span!.text).every((w) => asked.has(w))).toBe(false);
  });

  it('returns a verbatim span inside the sentence for any sentence and question', () => {
    const piece = fc.constantFrom(...'Ab c1 9,.$%-’é\'"?()Ü新 '.split(''), ' Maria', ' the', ' in 1998', ' million', ' because', ' is', ' Who');
    const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, text, fc.nat(500), (question, sentence, offset) => {
        fc.pre(/\p{L}/u.test(question));
        const { document, sentence: placed } = inDocument(sentence, offset);
        const span = shortAnswerOf(analysed(question), placed);
        if (!span) return;
        expect(span.start).toBeGreaterThanOrEqual(placed.start);
        expect(span.end).toBeLessThanOrEqual(placed.start + sentence.length);
        expect(span.end).toBeGreaterThan(span.start);
        expect(document.slice(span.start, span.end)).toBe(span.text);
      }),
      // A case fast-check found once: an amount whose every word the question repeats, trimmed to nothing.
      { numRuns: 200, examples: [[' million%', ' million%', 0]] },
    );
  });
});
