/**
 * "Also relevant": close runners-up shown beside the answer, on sentences made up here (the
 * selection), and over an invented corpus whose evidence is split between two articles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AlsoRelevantSelector, createAnswerer, GenerationSentences, shippedAnswerModel, type Answer, type ScoredSentence } from '../../src/answer/index.js';
import type { Sentence } from '../../src/corpus/types.js';
import { generationOfArticles, nonVerbatimSpans, quotedSpansOf } from '../helpers/temp-corpus.js';

/** Sentences of made-up documents, in order, with the scores the ranking gave them. */
function ranking(entries: [docId: string, index: number, text: string, score: number][]) {
  const byDoc = new Map<string, Sentence[]>();
  const scored: ScoredSentence[] = entries.map(([docId, index, text, score]) => {
    const sentence: Sentence = { docId, index, paragraph: 0, start: index * 100, end: index * 100 + text.length, text };
    const list = byDoc.get(docId) ?? [];
    list[index] = sentence;
    byDoc.set(docId, list);
    return { sentence, evidence: {} as ScoredSentence['evidence'], similarity: 0, passageScore: 1, features: {}, score };
  });
  const sentences = new GenerationSentences({
    sentencesOf: (docId) => byDoc.get(docId) ?? [],
    sentencePosition: (docId, index) => (byDoc.get(docId)?.[index] ? index : undefined),
  });
  return { scored: scored.sort((a, b) => b.score - a.score), sentences };
}

describe('AlsoRelevantSelector', () => {
  it('shows up to two runners-up within the margin, best first, and none beyond it', () => {
    const { scored, sentences } = ranking([
      ['a', 0, 'The council approved the budget on Monday after a long debate.', 3.0],
      ['b', 5, 'The vote was close, with five members against the plan.', 2.8],
      ['c', 2, 'Spending on roads rises by a tenth under the new budget.', 2.7],
      ['d', 7, 'A further sentence about the same council meeting in spring.', 2.65],
      ['e', 1, 'The weather on Monday was cold and wet across the region.', 1.0],
    ]);
    const picked = new AlsoRelevantSelector(sentences, 0.5).select(scored).map((s) => s.sentence.docId);
    expect(picked).toEqual(['b', 'c']);
    expect(new AlsoRelevantSelector(sentences, 0.1).select(scored)).toEqual([]);
  });

  it('leaves out the best sentence’s neighbours and copies of a sentence already shown', () => {
    const wire = 'The Lowmoor bridge reopened to traffic on Friday after eleven months of repairs.';
    const { scored, sentences } = ranking([
      ['gazette', 3, wire, 3.0],
      ['gazette', 4, 'Local shops welcomed the news of the bridge reopening this week.', 2.9],
      ['herald', 8, `${wire.slice(0, -1)}, officials said.`, 2.9],
      ['almanac', 2, 'Repairs to the bridge deck cost the county far more than planned.', 2.8],
    ]);
    const picked = new AlsoRelevantSelector(sentences, 1).select(scored);
    expect(picked.map((s) => s.sentence.docId)).toEqual(['almanac']);
  });
});

describe('Answerer with the evidence split over two articles', () => {
  const ARTICLES: Record<string, string> = {
    ferry:
      'Ferry service returns to Saltby\n' +
      'The ferry between Saltby and Crane Island resumed on Thursday after the harbour wall was repaired.\n' +
      'Tickets cost the same as last year.\n',
    council:
      'Council meeting notes\n' +
      'The Saltby harbour wall was repaired by a firm from Eastby over the summer.\n' +
      'The council will review parking charges in May.\n',
    weather: 'Storm warning for the coast\nHigh winds are expected along the northern coast tonight.\n',
  };
  let answer: Answer;
  let texts: Map<string, string>;

  beforeAll(async () => {
    const built = await generationOfArticles(ARTICLES);
    // A wide margin: every close runner-up qualifies, so the test is about what is shown and how.
    answer = await createAnswerer(built.generation, built.embedder, {
      maxQuestionChars: 500,
      model: { ...shippedAnswerModel(), alsoRelevantMargin: 10 },
    }).answer('Who repaired the Saltby harbour wall, and when did the ferry resume?');
    texts = built.texts;
  });

  it('shows the other article’s sentence as also relevant, verbatim and cited in one numbering', () => {
    expect(answer.abstained).toBe(false);
    const shown = [...answer.sentences, ...answer.alsoRelevant!];
    expect(new Set(shown.map((s) => s.docId))).toEqual(new Set(['ferry', 'council']));
    expect(answer.alsoRelevant!.length).toBeGreaterThan(0);
    expect(answer.alsoRelevant!.length).toBeLessThanOrEqual(2);
    for (const sentence of answer.alsoRelevant!) {
      expect(answer.citations.find((c) => c.n === sentence.citation)!.docId).toBe(sentence.docId);
      expect(answer.sentences.some((s) => s.docId === sentence.docId && s.start === sentence.start)).toBe(false);
    }
    expect(answer.citations.map((c) => c.n)).toEqual(answer.citations.map((_, i) => i + 1));
    expect(nonVerbatimSpans(quotedSpansOf(answer), texts)).toEqual([]);
  });

  it('keeps the also-relevant sentences out of the answer text', () => {
    for (const sentence of answer.alsoRelevant!) expect(answer.answer).not.toContain(sentence.text);
  });
});
