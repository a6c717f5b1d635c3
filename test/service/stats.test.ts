/**
 * The moderators' statistics: the unanswered file (bounded, text and time only) and the grouping
 * of questions and votes that `/stats` and `npm run stats` show.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moderatorStats, unansweredQuestions } from '../../src/service/stats.js';
import { createUnansweredLog, defaultUnansweredFile } from '../../src/service/unanswered.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

describe('the unanswered file', () => {
  it('lies beside the feedback file by default', () => {
    expect(defaultUnansweredFile('/srv/verbatim/data/feedback.jsonl')).toBe('/srv/verbatim/data/unanswered.jsonl');
  });

  it('keeps text and time only, and stays bounded: at twice its capacity it keeps the newest', async () => {
    const file = path.join(await temporaryFolder('unanswered'), 'nested', 'unanswered.jsonl');
    const log = createUnansweredLog(file, { capacity: 3 });
    for (let i = 1; i <= 5; i++) await log.record(`question ${i}?`, new Date(Date.UTC(2026, 11, 6, 9, i)));
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(5);
    await log.record('question 6?', new Date(Date.UTC(2026, 11, 6, 9, 6)));
    const { records } = await log.read();
    expect(records.map((record) => record.question)).toEqual(['question 4?', 'question 5?', 'question 6?']);
    expect(Object.keys(records[0]!).sort()).toEqual(['question', 'time']);
  });

  it('counts a line that is not a record instead of failing', async () => {
    const file = path.join(await temporaryFolder('unanswered'), 'unanswered.jsonl');
    await writeFile(file, '{"time": "2026-12-06T09:00:00.000Z", "question": "Who won?"}\nnot json\n{"question": 3}\n');
    const read = await createUnansweredLog(file).read();
    expect(read.records).toHaveLength(1);
    expect(moderatorStats(read, 'garbage\n').votes.unreadable).toBe(3);
  });
});

describe('grouping', () => {
  it('groups a question asked again (case, spacing and final punctuation aside), most asked first, showing the latest wording', () => {
    const grouped = unansweredQuestions([
      { time: '2026-12-06T09:00:00.000Z', question: 'Who won the World Cup?' },
      { time: '2026-12-06T09:05:00.000Z', question: 'What is the capital of Peru?' },
      { time: '2026-12-06T09:10:00.000Z', question: 'who won  the world cup' },
    ]);
    expect(grouped).toEqual([
      { question: 'who won  the world cup', count: 2, lastAskedAt: '2026-12-06T09:10:00.000Z' },
      { question: 'What is the capital of Peru?', count: 1, lastAskedAt: '2026-12-06T09:05:00.000Z' },
    ]);
  });

  it('lists the answers voted down, most 👎 first, with the vote totals', () => {
    const vote = (question: string, vote: 'up' | 'down', minute: number) =>
      JSON.stringify({ time: `2026-12-06T09:0${minute}:00.000Z`, vote, question, abstained: false, generation: null, answer: [], docIds: [] });
    const text = [vote('a', 'down', 1), vote('b', 'down', 2), vote('b', 'down', 3), vote('b', 'up', 4), vote('c', 'up', 5)].join('\n');
    const stats = moderatorStats({ records: [], unreadable: 0 }, text);
    expect(stats.downvoted).toEqual([
      { question: 'b', down: 2, up: 1, lastVotedAt: '2026-12-06T09:04:00.000Z' },
      { question: 'a', down: 1, up: 0, lastVotedAt: '2026-12-06T09:01:00.000Z' },
    ]);
    expect(stats.votes).toEqual({ up: 2, down: 3, total: 5, unreadable: 0 });
  });
});
