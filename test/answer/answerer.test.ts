/**
 * The answerer over invented articles it was never tuned on, with the real embedded model:
 * the right sentence first, verbatim offsets, one numbered citation per document, antecedents
 * for sentences that lean on the one before, and abstention with related reading.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Answerer, QuestionError, type Answer } from '../../src/answer/index.js';
import { createEmbedder, type Embedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, loadServedGeneration } from '../../src/index/index.js';
import { nonVerbatimSpans, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';

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
let texts: Map<string, string>;

function allSpans(answer: Answer) {
  return [...answer.sentences, ...answer.citations.map((c) => ({ text: c.quote, docId: c.docId, start: c.start, end: c.end }))];
}

beforeAll(async () => {
  const { corpusDir, indexDir } = await tempWorkspace({ withSeeds: false });
  for (const [name, text] of Object.entries(ARTICLES)) await writeFile(path.join(corpusDir, `${name}.txt`), text);
  embedder = await createEmbedder({ model: 'embedded', modelsDir: path.resolve('models'), allowRemoteModels: false });
  await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
  answerer = new Answerer(await loadServedGeneration(indexDir, embedder), embedder, { maxQuestionChars: 500 });
  texts = await readCorpusTexts(corpusDir);
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
    expect(nonVerbatimSpans(allSpans(answer), texts)).toEqual([]);
  });

  it('brings the antecedent of a sentence that starts with a pronoun', async () => {
    const answer = await answerer.answer('How often will students get observing time?');
    expect(answer.sentences[0]!.text).toMatch(/^He added/);
    expect(answer.sentences.map((s) => s.text).join(' ')).toContain('Dr. Samuel Lindqvist');
    // The answer reads in document order: the antecedent comes first.
    expect(answer.answer.indexOf('Lindqvist')).toBeLessThan(answer.answer.indexOf('He added'));
    expect(nonVerbatimSpans(allSpans(answer), texts)).toEqual([]);
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
      expect(nonVerbatimSpans(allSpans(answer), texts)).toEqual([]);
    },
  );

  it('rejects a question with no words before doing any work', async () => {
    await expect(answerer.answer('?!…')).rejects.toBeInstanceOf(QuestionError);
  });
});
