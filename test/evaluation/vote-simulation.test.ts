/**
 * Votes simulated from SQuAD-style gold answers, through the real answer stage: the lines are the
 * bot's feedback records, each vote says whether the shown sentence holds the gold answer, and the
 * refit reads them back by the path real votes take. The articles are written for the tests (squad-fixture.ts).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, shippedAnswerModel, type Answerer } from '../../src/answer/index.js';
import { summarizeVotes } from '../../src/service/stats.js';
import { createEmbedder } from '../../src/embedding/index.js';
import { containsAnswer } from '../../src/evaluation/squad-evaluation.js';
import { indexSquadCorpus, type IndexedSquad } from '../../src/evaluation/squad-corpus.js';
import { SQUAD } from './squad-fixture.js';
import { parseVotes } from '../../src/evaluation/tuning/feedback-fit.js';
import { simulatedVoteLine, simulateVoteRefit } from '../../src/evaluation/tuning/vote-simulation.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

let squad: IndexedSquad;
let answerer: Answerer;
const model = shippedAnswerModel();
const features = model.features.filter((f) => !(f in model.ranking.priors));

beforeAll(async () => {
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.resolve('models'), allowRemoteModels: false });
  squad = await indexSquadCorpus(SQUAD, await temporaryFolder('votes'), embedder);
  answerer = createAnswerer(squad.generation, embedder, { maxQuestionChars: 1000, model });
}, 60_000);

describe('votes simulated from gold answers', () => {
  it('are the bot’s feedback lines, 👍 exactly when the sentence shown holds the gold answer', async () => {
    const lines: string[] = [];
    let checked = 0;
    for (const question of squad.questions) {
      const line = simulatedVoteLine(await answerer.answer(question.question), question, squad.generation.name);
      if (!line) continue;
      lines.push(line);
      const record = JSON.parse(line) as { vote: string; answer: { docId: string; start: number; end: number }[] };
      const shown = (await answerer.answer(question.question)).sentences[0]!;
      expect(record.answer[0]).toEqual({ docId: shown.docId, start: shown.start, end: shown.end });
      expect(record.vote).toBe(containsAnswer(shown.text, question.answers) ? 'up' : 'down');
      checked++;
    }
    expect(checked).toBeGreaterThan(squad.questions.length / 2);
    const { votes } = summarizeVotes(lines.join('\n'));
    expect(votes.unreadable).toBe(0);
    expect(votes.total).toBe(lines.length);
    expect(parseVotes(lines.join('\n')).votes).toHaveLength(lines.length);
  });

  it('refit on some articles and judged on the others, with the counts and weights the refit used', async () => {
    const current = features.map((f) => (f === 'coverage' ? 1 : 0));
    const report = await simulateVoteRefit({ answerer, squad, features, current, isFitting: (docId) => Number(docId.slice(-3)) % 2 === 0, refit: { fromCurrent: true, prior: 0.05 } });
    const questionsOf = (even: boolean) => squad.questions.filter((q) => (Number(q.docId.slice(-3)) % 2 === 0) === even).length;
    expect(report.votes.fitting).toBeGreaterThan(0);
    expect(report.votes.fitting).toBeLessThanOrEqual(questionsOf(true));
    expect(report.votes.heldOut).toBeLessThanOrEqual(questionsOf(false));
    expect(report.votes.up + report.votes.down).toBe(report.votes.fitting + report.votes.heldOut);
    expect(Object.keys(report.weights).sort()).toEqual([...features].sort());
    // Scaled so coverage weighs 1, like the SQuAD fit.
    expect(report.weights.coverage).toBe(1);
    for (const share of [report.heldOutTop1Before, report.heldOutTop1After, report.agreementBefore, report.agreementAfter]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
  });
});
