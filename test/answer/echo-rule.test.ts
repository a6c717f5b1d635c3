/**
 * The echo rule: an article's own question is never the answer; the sentence after it, often in
 * the next paragraph, is. Invented articles, the real embedded model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, isQuestionShaped, type Answerer } from '../../src/answer/index.js';
import { generationOfArticles, nonVerbatimSpans, quotedSpansOf } from '../helpers/temp-corpus.js';

const ARTICLES: Record<string, string> = {
  guild:
    'The Ferrow Guild and the river trade\n' +
    'Officials in Dunmarch have named the Ferrow Guild in a new report on smuggling along the river.\n' +
    'So, what exactly is the Ferrow Guild?\n' +
    'It began as a society of barge pilots in the 1880s and today controls most cargo moving through the northern locks.\n' +
    'Members pay dues each spring.\n',
  mill:
    'Mill reopens in Harrowgate\n' +
    'Why did the old paper mill in Harrowgate close?\n' +
    'Why does it matter now?\n' +
    'The mill shut in 2009 because the river dam that powered it failed after a winter flood.\n' +
    'A cooperative bought it last year.\n',
};

let answerer: Answerer;
let texts: Map<string, string>;

beforeAll(async () => {
  const built = await generationOfArticles(ARTICLES);
  answerer = createAnswerer(built.generation, built.embedder, { maxQuestionChars: 500 });
  texts = built.texts;
});

describe('isQuestionShaped', () => {
  it.each([
    'So, what exactly is the Ferrow Guild?',
    'Why does it matter now?',
    'Is the treaty still in force?',
    '“Who will pay for the bridge?”',
    'And how long can the talks last?',
  ])('takes "%s" for a question', (sentence) => {
    expect(isQuestionShaped(sentence)).toBe(true);
  });

  it.each([
    'Asked whether the talks had failed, the minister said: why would they?',
    'What the council decided was to raise the levy by 3 percent.',
    'The guild asked: “Who will pay for the bridge?” and got no reply.',
    'He wondered why.',
  ])('does not take "%s" for a question', (sentence) => {
    expect(isQuestionShaped(sentence)).toBe(false);
  });
});

describe('an article that asks the reader’s question itself', () => {
  it('answers with the sentence after the article’s question, in the next paragraph', async () => {
    const answer = await answerer.answer('What is the Ferrow Guild?');
    expect(answer.abstained).toBe(false);
    expect(answer.sentences[0]!.text).toMatch(/^It began as a society of barge pilots/);
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
  });

  it('skips a run of questions to the sentence that answers them', async () => {
    const answer = await answerer.answer('Why did the paper mill in Harrowgate close?');
    expect(answer.sentences[0]!.text).toMatch(/^The mill shut in 2009 because/);
  });

  it.each(['What is the Ferrow Guild?', 'Why did the paper mill in Harrowgate close?', 'Why does the mill matter now?', 'What exactly is the Ferrow Guild?'])(
    'never quotes a question as the answer, also relevant or its antecedent ("%s")',
    async (question) => {
      const answer = await answerer.answer(question);
      for (const sentence of [...answer.sentences, ...(answer.alsoRelevant ?? [])]) expect(isQuestionShaped(sentence.text), sentence.text).toBe(false);
      expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
    },
  );
});
