/**
 * The answerer over invented articles it was never tuned on, with the real embedded model:
 * the right sentence first, verbatim offsets, one numbered citation per document, antecedents
 * for sentences that lean on the one before, and abstention with related reading.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, QuestionError, shippedAnswerModel, type Answerer } from '../../src/answer/index.js';
import { isNearDuplicate } from '../../src/evidence/index.js';
import type { Embedder } from '../../src/embedding/index.js';
import { generationOfArticles, nonVerbatimSpans, quotedSpansOf, quotesOutsideTheirCitations } from '../helpers/temp-corpus.js';

const ARTICLES: Record<string, string> = {
  harbour:
    'Harbour Workers End Strike in Eastby\n' +
    'Dock workers in the port town of Eastby ended a nine-day strike on Tuesday after the regional council agreed to raise wages by 6 percent.\n' +
    'The union leader, Marta Okafor, said members had voted 412 to 88 to accept the offer. She called the deal "a fair end to a hard fortnight."\n' +
    'Shipping companies estimated that the stoppage cost them about $14 million in delayed cargo.\n',
  observatory:
    'New Telescope Opens on Mount Keral\n' +
    'The Keral Observatory opened its largest telescope on Saturday, a 4.1-metre instrument built over six years.\n' +
    'Its director, Dr. Samuel Lindqvist, said the telescope would study the atmospheres of distant planets.\n' +
    'He added that students from three universities would share one night of observing time each week.\n' +
    'Funding came from a national science foundation and a private donor who asked not to be named.\n',
};

let embedder: Embedder;
let answerer: Answerer;
let focusAnswerer: Answerer;
let texts: Map<string, string>;



beforeAll(async () => {
  const built = await generationOfArticles(ARTICLES);
  embedder = built.embedder;
  const generation = built.generation;
  answerer = createAnswerer(generation, embedder, { maxQuestionChars: 500 });
  // The shipped model leaves the focus check off (on SQuAD it withheld right answers); it is tested switched on.
  const evidenceChecks = { focusSimilarity: 0.4, namedFocus: true, names: 'document', answerValue: true } as const;
  focusAnswerer = createAnswerer(generation, embedder, { maxQuestionChars: 500, model: { ...shippedAnswerModel(), evidenceChecks } });
  texts = built.texts;
});

describe('Answerer', () => {
  it.each([
    ['By how much will the wages of the dock workers rise?', 'harbour', '6 percent'],
    ['How much did the strike cost shipping companies?', 'harbour', '$14 million'],
    ['Who leads the union?', 'harbour', 'Marta Okafor'],
    ['How large is the new telescope?', 'observatory', '4.1-metre'],
    ['What will the telescope study?', 'observatory', 'atmospheres of distant planets'],
  ])('answers "%s" with the sentence that holds the fact', async (question, docId, fragment) => {
    const answer = await answerer.answer(question);
    expect(answer.abstained).toBe(false);
    expect(answer.sentences[0]!.docId).toBe(docId);
    expect(answer.sentences[0]!.text).toContain(fragment);
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
  });

  it('brings the antecedent of a sentence that starts with a pronoun', async () => {
    const answer = await answerer.answer('How often will students get observing time?');
    expect(answer.sentences[0]!.text).toMatch(/^He added/);
    expect(answer.sentences.map((s) => s.text).join(' ')).toContain('Dr. Samuel Lindqvist');
    // The answer reads in document order: the antecedent comes first.
    expect(answer.answer.indexOf('Lindqvist')).toBeLessThan(answer.answer.indexOf('He added'));
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
  });

  it('numbers one citation per document and ties every sentence to its document’s number', async () => {
    const answer = await answerer.answer('Who said what about the telescope and the strike?');
    const numbers = answer.citations.map((c) => c.n);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(new Set(answer.citations.map((c) => c.docId)).size).toBe(answer.citations.length);
    for (const sentence of answer.sentences) {
      expect(answer.citations.find((c) => c.n === sentence.citation)!.docId).toBe(sentence.docId);
    }
  });

  it.each(['What is the capital of Australia?', 'How do I bake sourdough bread?', 'When was the Eiffel Tower painted?'])(
    'abstains on "%s" and offers related reading instead',
    async (question) => {
      const answer = await answerer.answer(question);
      expect(answer.abstained).toBe(true);
      expect(answer.answer).toBe('');
      expect(answer.confidence).toBeLessThan(0.5);
      expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
    },
  );

  // Each question shares the articles' topic words but asks for what they do not hold (Eastby is a
  // name the corpus knows, from the other article); with the
  // check disabled the judge falls through to the confidence model (reason "answered" or "low-confidence").
  it.each([
    ['What colour is the new telescope on Mount Keral?', 'focus-not-covered'],
    ['When did the Keral Observatory open its telescope in Eastby?', 'name-not-in-document'],
    ['How much did the private donor give to the observatory?', 'no-answer-value'],
  ])('abstains on "%s" (%s): the quotes do not hold what it asks', async (question, reason) => {
    const { answer, judgement } = await focusAnswerer.trace(question);
    expect(judgement.reason).toBe(reason);
    expect(answer.abstained).toBe(true);
    expect(answer.confidence).toBeLessThan(0.5);
  });

  // The shipped model checks that a question asking for an hour or a year is answered with one.
  it.each(['What time did the Keral Observatory open its largest telescope?', 'In which year did the dock workers of Eastby end their strike?'])(
    'withholds, with the shipped model, an answer to "%s" whose sentence names no such value',
    async (question) => {
      const { answer, judgement } = await answerer.trace(question);
      expect(judgement.reason).toBe('no-answer-value');
      expect(answer.abstained).toBe(true);
    },
  );

  // A name or year the corpus never mentions, and that is no misspelling of a word of the answer's
  // article, names something the corpus does not hold: the nearest article's sentence is no answer.
  it.each(['How much did the strike in Rotterdam cost shipping companies?', 'How large is the telescope that opened in 2019?'])(
    'withholds, with the shipped model, an answer to "%s", which names what no article mentions',
    async (question) => {
      const { answer, judgement } = await answerer.trace(question);
      expect(judgement.reason).toBe('name-not-in-document');
      expect(answer.abstained).toBe(true);
      expect(answer.possibleAnswer).toBeFalsy();
    },
  );

  it('still answers when the unknown name is a misspelling of one in the article', async () => {
    const answer = await answerer.answer('What did Dr. Lindqvsit say the telescope would study?');
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('atmospheres of distant planets');
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
  });

  it('withholds, with the shipped model, an answer to "What was X\'s Y Z?" whose quotes lack the words that narrow Z', async () => {
    // "inflation rate" is not covered by a sentence about wages rising by a rate of 6 percent.
    const { answer, judgement } = await answerer.trace("What was Eastby's inflation rate?");
    expect(judgement.reason).toBe('focus-not-covered');
    expect(answer.abstained).toBe(true);
  });

  it('rejects a question with no words before doing any work', async () => {
    await expect(answerer.answer('?!…')).rejects.toBeInstanceOf(QuestionError);
  });
});

describe('Answerer with the same wire copy in two outlets', () => {
  // Two outlets ran the same agency sentence, one lightly edited; a third article is unrelated.
  const OUTLETS: Record<string, string> = {
    gazette:
      'Bridge Reopens After Repairs\n' +
      'The Lowmoor bridge reopened to traffic on Friday after eleven months of repairs costing $38 million, the transport ministry said.\n' +
      'Local shops welcomed the news.\n',
    herald:
      'Lowmoor Traffic Returns\n' +
      'The Lowmoor bridge reopened to traffic on Friday after eleven months of repairs costing $38 million, the ministry said.\n' +
      'Commuters said the detour had added an hour to their day.\n',
    almanac: 'Tide Tables for the Coast\nHigh tide at Saltby falls at 6.40 in the morning this week.\n',
  };
  let copies: Answerer;
  let copyTexts: Map<string, string>;

  beforeAll(async () => {
    const built = await generationOfArticles(OUTLETS);
    copies = createAnswerer(built.generation, built.embedder, { maxQuestionChars: 500 });
    copyTexts = built.texts;
  });

  it('shows the sentence once and cites both outlets, each copy verbatim at its own offsets', async () => {
    const answer = await copies.answer('How much did the repairs of the Lowmoor bridge cost?');
    expect(answer.abstained).toBe(false);
    const withFact = answer.sentences.filter((s) => s.text.includes('$38 million'));
    expect(withFact).toHaveLength(1);
    const [sentence] = withFact;
    expect(sentence!.copies).toHaveLength(1);
    const copy = sentence!.copies![0]!;
    expect(new Set([sentence!.docId, copy.docId])).toEqual(new Set(['gazette', 'herald']));
    expect(copy.text).not.toBe(sentence!.text);
    // Each source has its own numbered citation, and the copy points at its own.
    expect(answer.citations.find((c) => c.n === copy.citation)!.docId).toBe(copy.docId);
    expect(answer.citations.find((c) => c.n === sentence!.citation)!.docId).toBe(sentence!.docId);
    expect(answer.answer.match(/\$38 million/g)).toHaveLength(1);
    expect(nonVerbatimSpans(quotedSpansOf(answer), copyTexts)).toEqual([]);
    // The copy sits in another document than the sentence: its citation lists its range too.
    expect(quotesOutsideTheirCitations(answer)).toEqual([]);
  });

  it('lets the sentence that names an hour answer a what-time question', async () => {
    const { answer, judgement } = await copies.trace('What time is high tide at Saltby this week?');
    expect(judgement.reason).not.toBe('no-answer-value');
    expect(answer.sentences[0]?.text ?? answer.alsoRelevant?.[0]?.text).toContain('6.40 in the morning');
    expect(nonVerbatimSpans(quotedSpansOf(answer), copyTexts)).toEqual([]);
  });

  it('lists a wire sentence once in related reading when it abstains', async () => {
    const answer = await copies.answer('Which architect designed the new Lowmoor bridge lighting?');
    expect(answer.abstained).toBe(true);
    const bridge = answer.sentences.filter((s) => s.text.includes('Lowmoor bridge reopened'));
    expect(bridge).toHaveLength(1);
    expect(bridge[0]!.copies).toHaveLength(1);
    expect(nonVerbatimSpans(quotedSpansOf(answer), copyTexts)).toEqual([]);
    expect(quotesOutsideTheirCitations(answer)).toEqual([]);
  });

  it('does not let the copy count as a rival answer when judging confidence', async () => {
    const { question, ranked } = await copies.trace('How much did the repairs of the Lowmoor bridge cost?');
    // The copy is the runner-up by score; the margin is taken over the best other sentence instead.
    expect(isNearDuplicate(ranked[0]!.sentence.text, ranked[1]!.sentence.text)).toBe(true);
    expect(copies.stages.judge.confidenceFeatures(question, ranked).margin).toBeGreaterThan(ranked[0]!.score - ranked[1]!.score);
  });
});
