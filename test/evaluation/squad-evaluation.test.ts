/**
 * `npm run eval`'s measures over a small SQuAD-format file written for the tests: each figure is
 * checked against what it claims to count, candidate recall recomputed from the answer stage's own
 * candidates over an index of the same file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/index.js';
import { createEmbedder, type Embedder } from '../../src/embedding/index.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import { indexSquadCorpus, writeSquadCorpus } from '../../src/evaluation/squad-corpus.js';
import { containsAnswer, evaluateSquad, type SquadReport } from '../../src/evaluation/squad-evaluation.js';
import { SQUAD } from './squad-fixture.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

let embedder: Embedder;
let report: SquadReport;

beforeAll(async () => {
  embedder = await createEmbedder({ model: 'embedded', modelsDir: path.resolve('models'), allowRemoteModels: false });
  report = await evaluateSquad(SQUAD, { dataset: 'fixture', embedder, maxQuestionChars: 1000 });
}, 60_000);

describe('npm run eval over a SQuAD-format file', () => {
  it('counts answerable and impossible questions apart, and every question once in the reliability table', () => {
    const all = SQUAD.data.flatMap((a) => a.paragraphs.flatMap((p) => p.qas));
    const impossible = all.filter((q) => q.is_impossible).length;
    expect(report.questions).toBe(all.length - impossible);
    expect(report.unanswerableQuestions).toBe(impossible);
    expect(report.reliability.reduce((sum, bin) => sum + bin.count, 0)).toBe(all.length);
    // Each question under one label, answerable and impossible apart; answers to impossible ones are never right.
    expect(report.labels.reduce((sum, l) => sum + l.answerable, 0)).toBe(report.questions);
    expect(report.labels.reduce((sum, l) => sum + l.unanswerable, 0)).toBe(impossible);
    for (const l of report.labels) {
      expect(l.count).toBe(l.answerable + l.unanswerable);
      expect(l.answerableRight * l.answerable).toBeCloseTo(l.right * l.count, 0);
    }
    const withheld = report.labels.find((l) => l.label === 'no match')!;
    expect(withheld.answerable).toBeCloseTo(report.abstainedAnswerable * report.questions, 0);
  });

  it('reports candidate recall as the share of questions whose gold answer is among the ranked candidates', async () => {
    const indexed = await indexSquadCorpus(SQUAD, await temporaryFolder('eval'), embedder);
    const answerer = createAnswerer(indexed.generation, embedder, { maxQuestionChars: 1000 });
    let recalled = 0;
    for (const q of indexed.questions) if ((await answerer.trace(q.question)).ranked.some((s) => containsAnswer(s.sentence.text, q.answers))) recalled++;
    expect(report.candidateRecall).toBeCloseTo(recalled / indexed.questions.length, 3);
    // Written as direct questions about short articles: retrieval brings nearly every answer in.
    expect(report.candidateRecall).toBeGreaterThanOrEqual(0.9);
  });

  it('orders its measures as their definitions do, each a share', () => {
    expect(report.sentenceTop3).toBeGreaterThanOrEqual(report.sentenceTop1);
    expect(report.candidateRecall).toBeGreaterThanOrEqual(report.sentenceTop3);
    expect(report.shownTop3).toBeGreaterThanOrEqual(report.sentenceTop1);
    expect(report.shortAnswerF1).toBeGreaterThanOrEqual(report.shortAnswerEM);
    expect(report.paragraphRecallAt5).toBeGreaterThanOrEqual(report.paragraphRecallAt1);
    // A possible answer is a withheld one: never more of them than abstentions.
    expect(report.possibleAnswers.answerable).toBeLessThanOrEqual(report.abstainedAnswerable);
    expect(report.possibleAnswers.unanswerable).toBeLessThanOrEqual(report.abstainedUnanswerable);
    for (const share of [report.abstainedAnswerable, report.abstainedUnanswerable, report.possibleAnswers.answerable, report.possibleAnswers.right, report.possibleAnswers.unanswerable, report.calibrationError, report.discrimination, report.shortAnswerEM]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
  });
});

describe('a news article written as a SQuAD context', () => {
  it('keeps its headline and paragraphs apart, so a headline with no full stop is no part of the lede', async () => {
    const folder = await temporaryFolder('squad-news-');
    const context = 'Council votes to shut libraries\n\nCouncillors in Eastmere have voted to close three\nbranch libraries.\n\nThe vote was six to three.';
    await writeSquadCorpus({ data: [{ title: 'Eastmere', paragraphs: [{ context, qas: [] }] }] }, folder);
    const written = await readFile(path.join(folder, 'squad_000.txt'), 'utf8');
    // Blank lines stay paragraph breaks; a line break inside a paragraph is a space.
    expect(written).toBe('Council votes to shut libraries\n\nCouncillors in Eastmere have voted to close three branch libraries.\n\nThe vote was six to three.\n');
    expect(splitSentences(written.split('\n\n')[1]!).map((s) => s.text)).toEqual(['Councillors in Eastmere have voted to close three branch libraries.']);
  });
});
