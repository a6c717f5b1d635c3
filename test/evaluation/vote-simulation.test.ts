/**
 * Votes simulated from SQuAD-style gold answers, through the real answer stage: the lines are the
 * bot's feedback records, each vote says whether the shown sentence holds the gold answer, and the
 * refit reads them back by the path real votes take. The articles are written for this test.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, shippedAnswerModel, type Answerer } from '../../src/answer/index.js';
import { summarizeFeedback } from '../../src/bot/feedback.js';
import { createEmbedder } from '../../src/embedding/index.js';
import { containsAnswer } from '../../src/evaluation/squad-evaluation.js';
import { indexSquadCorpus, type IndexedSquad, type SquadFile } from '../../src/evaluation/squad-corpus.js';
import { parseVotes } from '../../src/evaluation/tuning/feedback-fit.js';
import { simulatedVoteLine, simulateVoteRefit } from '../../src/evaluation/tuning/vote-simulation.js';

const qa = (id: string, question: string, answer: string) => ({ id, question, answers: [{ text: answer }] });

const SQUAD: SquadFile = {
  data: [
    {
      title: 'Harbour',
      paragraphs: [
        {
          context:
            'The new harbour at Calvera opened in March 2024 after six years of building. It cost 410 million euros, most of it lent by a regional bank. The mayor, Ines Portal, cut the ribbon in front of a crowd of fishermen.',
          qas: [qa('h1', 'When did the Calvera harbour open?', 'March 2024'), qa('h2', 'How much did the harbour cost?', '410 million euros'), qa('h3', 'Who cut the ribbon at the harbour?', 'Ines Portal')],
        },
        {
          context:
            'Fishermen had asked for a deeper channel for decades. Larger trawlers could not enter the old port at low tide, so catches were landed at Sorra instead. The channel is now twelve metres deep.',
          qas: [qa('h4', 'Why were catches landed at Sorra?', 'Larger trawlers could not enter the old port at low tide'), qa('h5', 'How deep is the channel now?', 'twelve metres')],
        },
      ],
    },
    {
      title: 'Orchestra',
      paragraphs: [
        {
          context:
            'The Velmont Youth Orchestra toured four countries last summer. Its conductor, Tomas Reyl, founded the orchestra in 1991 with twenty students. The tour ended with a concert in Lisbon.',
          qas: [qa('o1', 'Who founded the Velmont Youth Orchestra?', 'Tomas Reyl'), qa('o2', 'Where did the tour end?', 'Lisbon'), qa('o3', 'How many countries did the orchestra tour?', 'four')],
        },
        {
          context:
            'Tickets sold out within an hour in every city. The orchestra plays mostly music by living composers. Next year it will perform at the Aldern festival for the first time.',
          qas: [qa('o4', 'What music does the orchestra mostly play?', 'music by living composers'), qa('o5', 'Which festival will the orchestra play next year?', 'the Aldern festival')],
        },
      ],
    },
    {
      title: 'Drought',
      paragraphs: [
        {
          context:
            'Rainfall in the Marren valley was forty percent below average this spring. Farmers have switched from maize to sorghum, which needs less water. The valley supplies a third of the country’s vegetables.',
          qas: [qa('d1', 'How far below average was the rainfall?', 'forty percent'), qa('d2', 'What crop did farmers switch to?', 'sorghum'), qa('d3', 'What share of the vegetables does the valley supply?', 'a third')],
        },
        {
          context:
            'The water authority has limited irrigation to three days a week. Its director, Paula Ostend, said the limit would stay until the reservoirs are half full. Reservoirs now hold a quarter of their capacity.',
          qas: [qa('d4', 'Who directs the water authority?', 'Paula Ostend'), qa('d5', 'How often may farmers irrigate?', 'three days a week')],
        },
      ],
    },
    {
      title: 'Railway',
      paragraphs: [
        {
          context:
            'The night train between Brena and Kostal returned in October after a gap of nine years. The service was cut in 2015 because too few passengers used it. A private operator, Lunar Rail, now runs it with sleeper cars bought from Austria.',
          qas: [qa('r1', 'When did the night train return?', 'October'), qa('r2', 'Why was the service cut in 2015?', 'too few passengers used it'), qa('r3', 'Who runs the night train now?', 'Lunar Rail')],
        },
        {
          context:
            'A one-way ticket costs 89 euros with a bed. The journey takes eleven hours. Lunar Rail plans a second route to the coast next spring.',
          qas: [qa('r4', 'How long does the journey take?', 'eleven hours'), qa('r5', 'How much is a ticket with a bed?', '89 euros')],
        },
      ],
    },
  ],
};

let squad: IndexedSquad;
let answerer: Answerer;
const model = shippedAnswerModel();
const features = model.features.filter((f) => !(f in model.ranking.priors));

beforeAll(async () => {
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.resolve('models'), allowRemoteModels: false });
  squad = await indexSquadCorpus(SQUAD, await mkdtemp(path.join(os.tmpdir(), 'verbatim-votes-')), embedder);
  answerer = createAnswerer(squad.generation, embedder, { maxQuestionChars: 1000, model });
}, 60_000);

describe('votes simulated from gold answers', () => {
  it('are the bot’s feedback lines, 👍 exactly when the sentence shown holds the gold answer', async () => {
    const lines: string[] = [];
    let checked = 0;
    for (const question of squad.questions) {
      const line = await simulatedVoteLine(answerer, question, squad.generation.name);
      if (!line) continue;
      lines.push(line);
      const record = JSON.parse(line) as { vote: string; answer: { docId: string; start: number; end: number }[] };
      const shown = (await answerer.answer(question.question)).sentences[0]!;
      expect(record.answer[0]).toEqual({ docId: shown.docId, start: shown.start, end: shown.end });
      expect(record.vote).toBe(containsAnswer(shown.text, question.answers) ? 'up' : 'down');
      checked++;
    }
    expect(checked).toBeGreaterThan(squad.questions.length / 2);
    const summary = summarizeFeedback(lines.join('\n'));
    expect(summary.unreadable).toBe(0);
    expect(summary.total).toBe(lines.length);
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
