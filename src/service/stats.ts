/**
 * What moderators read (`/stats`, `npm run stats`): the questions the corpus could not answer,
 * most asked first; the answers voted down; and the vote totals. Made from the unanswered file and
 * the feedback file; neither holds who asked or who voted.
 */
import { readFile } from 'node:fs/promises';
import type { FeedbackRecord } from './feedback-record.js';
import type { WithheldQuestion } from './unanswered.js';

export interface UnansweredQuestion {
  /** The most recent wording of the question. */
  question: string;
  /** How often it was asked (case, spacing and the final punctuation aside). */
  count: number;
  lastAskedAt: string;
}

export interface DownvotedAnswer {
  question: string;
  down: number;
  up: number;
  lastVotedAt: string;
}

export interface VoteTotals {
  up: number;
  down: number;
  total: number;
  /** Lines of the feedback and unanswered files that were not records. */
  unreadable: number;
}

/** The shape of `npm run stats -- --json` (docs/CONTRACT.md). */
export interface ModeratorStats {
  unanswered: UnansweredQuestion[];
  downvoted: DownvotedAnswer[];
  votes: VoteTotals;
}

/** Most entries listed in each part; the files may hold thousands. */
export const STATS_LIMIT = 50;

/** "Who won the World Cup?" and "who won the world cup" are the same question. */
function questionKey(question: string): string {
  return question.toLowerCase().replace(/\s+/g, ' ').replace(/[\s?.!]+$/u, '').trim();
}

/** The unanswered questions, grouped, most asked first (then most recent). */
export function unansweredQuestions(records: readonly WithheldQuestion[], limit = STATS_LIMIT): UnansweredQuestion[] {
  const byKey = new Map<string, UnansweredQuestion>();
  for (const record of records) {
    const key = questionKey(record.question);
    const entry = byKey.get(key);
    if (!entry) byKey.set(key, { question: record.question, count: 1, lastAskedAt: record.time });
    else {
      entry.count++;
      if (record.time >= entry.lastAskedAt) Object.assign(entry, { question: record.question, lastAskedAt: record.time });
    }
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt)).slice(0, limit);
}

/** Counts votes in the text of a feedback file; bad lines are counted, not fatal. */
export function summarizeVotes(text: string, limit = STATS_LIMIT): { downvoted: DownvotedAnswer[]; votes: VoteTotals } {
  const byQuestion = new Map<string, DownvotedAnswer>();
  let up = 0;
  let down = 0;
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: Partial<FeedbackRecord>;
    try {
      record = JSON.parse(line) as Partial<FeedbackRecord>;
    } catch {
      unreadable++;
      continue;
    }
    if ((record.vote !== 'up' && record.vote !== 'down') || typeof record.question !== 'string') {
      unreadable++;
      continue;
    }
    const time = typeof record.time === 'string' ? record.time : '';
    const counts = byQuestion.get(record.question) ?? { question: record.question, down: 0, up: 0, lastVotedAt: time };
    counts[record.vote]++;
    if (time > counts.lastVotedAt) counts.lastVotedAt = time;
    byQuestion.set(record.question, counts);
    if (record.vote === 'up') up++;
    else down++;
  }
  const downvoted = [...byQuestion.values()]
    .filter((counts) => counts.down > 0)
    .sort((a, b) => b.down - a.down || a.up - b.up || b.lastVotedAt.localeCompare(a.lastVotedAt))
    .slice(0, limit);
  return { downvoted, votes: { up, down, total: up + down, unreadable } };
}

export async function readTextOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** The moderators' statistics from the two files' contents. */
export function moderatorStats(unanswered: { records: readonly WithheldQuestion[]; unreadable: number }, feedbackText: string): ModeratorStats {
  const { downvoted, votes } = summarizeVotes(feedbackText);
  return { unanswered: unansweredQuestions(unanswered.records), downvoted, votes: { ...votes, unreadable: votes.unreadable + unanswered.unreadable } };
}
