/**
 * Votes simulated from SQuAD's gold answers, as a server's readers would give them: each question
 * is asked of the SQuAD index and its answer is voted 👍 when the first sentence shown holds a gold
 * answer, 👎 when it does not. The votes are written as the bot's feedback lines and read back
 * through the same parser and refit as real votes, so the simulation tests that path, not a copy.
 */
import type { Answer, Answerer } from '../../answer/index.js';
import type { IndexedSquad, SquadQuestion } from '../squad-corpus.js';
import { feedbackRecordOf } from '../../service/feedback-record.js';
import { containsAnswer } from '../squad-evaluation.js';
import { parseVotes, refitFromVotes, voteLists } from './feedback-fit.js';
import { topOneShare, type CandidateList } from './fit.js';

/** The bot's feedback line for one simulated reader's vote on the answer to one question (src/bot/feedback.ts). */
export function simulatedVoteLine(answer: Answer, question: SquadQuestion, generation: string): string | undefined {
  if (answer.abstained || answer.sentences.length === 0) return undefined;
  const vote = containsAnswer(answer.sentences[0]!.text, question.answers) ? 'up' : 'down';
  return JSON.stringify(feedbackRecordOf(vote, { ...answer, generation }, new Date(0)));
}

/** What refitting from simulated votes did, judged on questions whose votes it never read. */
export interface VoteSimulationReport {
  votes: { fitting: number; heldOut: number; up: number; down: number };
  /** Agreement with the held-out votes, before and after (feedback-fit.ts). */
  agreementBefore: number;
  agreementAfter: number;
  /** Share of the held-out questions whose best candidate holds a gold answer, before and after. */
  heldOutTop1Before: number;
  heldOutTop1After: number;
  /** The refitted ranking weights, by feature. */
  weights: Record<string, number>;
}

/**
 * Simulates votes on every answerable question, refits the ranking from the votes on the
 * articles `isFitting` picks, and judges the refit on the other articles' questions: against
 * their votes, and against SQuAD's gold answers, which the refit never saw.
 */
export async function simulateVoteRefit(input: {
  answerer: Answerer;
  squad: IndexedSquad;
  /** The ranking features the refit may move (the others are priors). */
  features: readonly string[];
  current: readonly number[];
  isFitting: (docId: string) => boolean;
  refit?: { fromCurrent?: boolean; prior?: number };
}): Promise<VoteSimulationReport> {
  const { answerer, squad, features, current, isFitting } = input;
  const fittingLines: string[] = [];
  const heldOutLines: string[] = [];
  const heldOutGold: CandidateList[] = [];
  for (const question of squad.questions) {
    // One trace per question: the vote reads its answer, the held-out measure its candidates.
    const { answer, ranked } = await answerer.trace(question.question);
    const line = simulatedVoteLine(answer, question, squad.generation.name);
    if (isFitting(question.docId)) {
      if (line) fittingLines.push(line);
      continue;
    }
    if (line) heldOutLines.push(line);
    heldOutGold.push({ rows: ranked.map((s) => features.map((f) => s.features[f] ?? 0)), gold: ranked.map((s) => containsAnswer(s.sentence.text, question.answers)) });
  }
  const fitting = await voteLists(answerer, parseVotes(fittingLines.join('\n')).votes, features);
  const heldOut = await voteLists(answerer, parseVotes(heldOutLines.join('\n')).votes, features);
  const refit = refitFromVotes(fitting, heldOut, features, current, input.refit);
  const all = [...fitting, ...heldOut];
  return {
    votes: { fitting: fitting.length, heldOut: heldOut.length, up: all.filter((l) => l.vote === 'up').length, down: all.filter((l) => l.vote === 'down').length },
    agreementBefore: refit.before.all,
    agreementAfter: refit.after.all,
    heldOutTop1Before: round(topOneShare(current, heldOutGold)),
    heldOutTop1After: round(topOneShare(refit.weights, heldOutGold)),
    weights: Object.fromEntries(features.map((f, j) => [f, refit.weights[j]!])),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
