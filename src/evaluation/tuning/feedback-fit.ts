import { z } from 'zod';
import type { Answerer } from '../../answer/index.js';
import { feedbackRecordSchema } from '../../service/feedback-record.js';
import { bestRow, fitListwise, type CandidateList } from './fit.js';

/** What the refit reads of a 👍/👎 record: the question and the sentences shown (older lines may lack the rest). */
const voteSchema = feedbackRecordSchema.pick({ vote: true, question: true, answer: true }).extend({ abstained: z.boolean().optional() });

export type Vote = z.infer<typeof voteSchema>;

/** The votes of a feedback file (JSON lines); unreadable lines and votes on abstentions are counted, not fatal. */
export function parseVotes(text: string): { votes: Vote[]; skipped: number } {
  const votes: Vote[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: ReturnType<typeof voteSchema.safeParse>;
    try {
      parsed = voteSchema.safeParse(JSON.parse(line));
    } catch {
      skipped++;
      continue;
    }
    if (!parsed.success || parsed.data.abstained || parsed.data.answer.length === 0) skipped++;
    else votes.push(parsed.data);
  }
  return { votes, skipped };
}

/** A vote as a ranking example: the question's candidates, and which one was shown. */
export interface VoteList extends CandidateList {
  vote: 'up' | 'down';
  /** Position among the candidates of the sentence the vote is about. */
  shown: number;
}

/**
 * Re-asks each voted question and finds the voted sentence among its candidates. A 👍 makes it the
 * target of the listwise fit; a 👎 spreads the target over the other candidates. Votes whose
 * sentence is no longer a candidate (the corpus changed) are left out.
 */
export async function voteLists(answerer: Answerer, votes: readonly Vote[], features: readonly string[]): Promise<VoteList[]> {
  const lists: VoteList[] = [];
  for (const vote of votes) {
    const { ranked } = await answerer.trace(vote.question);
    const first = vote.answer[0]!;
    const shown = ranked.findIndex((s) => s.sentence.docId === first.docId && s.sentence.start === first.start);
    if (shown < 0 || ranked.length < 2) continue;
    const rows = ranked.map((s) => features.map((f) => s.features[f] ?? 0));
    const gold = ranked.map((_, i) => (vote.vote === 'up' ? i === shown : i !== shown));
    lists.push({ rows, gold, vote: vote.vote, shown });
  }
  return lists;
}

/** How far a ranking agrees with votes: 👍 sentences it ranks first, 👎 sentences it no longer ranks first. */
export function voteAgreement(weights: readonly number[], lists: readonly VoteList[]): { up: number; down: number; all: number } {
  const firstOf = (rows: number[][]) => bestRow(weights, rows);
  const ups = lists.filter((l) => l.vote === 'up');
  const downs = lists.filter((l) => l.vote === 'down');
  const agreeUp = ups.filter((l) => firstOf(l.rows) === l.shown).length;
  const agreeDown = downs.filter((l) => firstOf(l.rows) !== l.shown).length;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    up: round(agreeUp / Math.max(1, ups.length)),
    down: round(agreeDown / Math.max(1, downs.length)),
    all: round((agreeUp + agreeDown) / Math.max(1, lists.length)),
  };
}

/**
 * Refits ranking weights from votes and reports agreement with the held-out votes before and
 * after. From nowhere (no `start`), the votes alone decide; from the current weights, the fit is
 * pulled toward them with strength `prior`, so few votes change little. Scaled so `coverage`
 * weighs 1, like the SQuAD fit.
 */
export function refitFromVotes(
  fitting: readonly VoteList[],
  heldOut: readonly VoteList[],
  features: readonly string[],
  current: readonly number[],
  options: { fromCurrent?: boolean; prior?: number } = {},
) {
  const raw = options.fromCurrent ? fitListwise(fitting, { start: current, l2: options.prior ?? 0.05 }) : fitListwise(fitting);
  const scale = Math.abs(raw[features.indexOf('coverage')] ?? 1) || 1;
  const weights = raw.map((w) => Math.round((w / scale) * 100) / 100);
  return { weights, before: voteAgreement(current, heldOut), after: voteAgreement(weights, heldOut), fitting: fitting.length, heldOut: heldOut.length };
}

/** Every other vote to fit on, the rest to judge the refit by. */
export function alternateVotes<T>(lists: readonly T[]): { fitting: T[]; heldOut: T[] } {
  return { fitting: lists.filter((_, i) => i % 2 === 0), heldOut: lists.filter((_, i) => i % 2 === 1) };
}
