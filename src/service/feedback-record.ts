/**
 * The 👍/👎 record, one JSON line per vote: what the bot appends (src/bot/feedback.ts) and what
 * `npm run tune -- --feedback` and its SQuAD simulation read and write (src/evaluation/tuning).
 * One definition, so the writer and the readers cannot drift apart. No user name or id is ever
 * recorded.
 */
import { z } from 'zod';

const spanSchema = z.object({ docId: z.string(), start: z.number(), end: z.number() });

/** A complete record, as the bot writes it. */
export const feedbackRecordSchema = z.object({
  time: z.string(),
  vote: z.enum(['up', 'down']),
  question: z.string().min(1),
  abstained: z.boolean(),
  generation: z.string().nullable(),
  /** The answer sentences the vote is about, by document and character span. */
  answer: z.array(spanSchema),
  docIds: z.array(z.string()),
});

export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;

/** What a vote is about: a reply as the bot remembers it, or an answer. */
export interface VotedReply {
  question: string;
  abstained: boolean;
  generation?: string | null;
  sentences: readonly { docId: string; start: number; end: number }[];
  citations: readonly { docId: string }[];
}

/** The record of one vote on one reply. */
export function feedbackRecordOf(vote: 'up' | 'down', reply: VotedReply, time: Date = new Date()): FeedbackRecord {
  return {
    time: time.toISOString(),
    vote,
    question: reply.question,
    abstained: reply.abstained,
    generation: reply.generation ?? null,
    answer: reply.sentences.map(({ docId, start, end }) => ({ docId, start, end })),
    docIds: [...new Set(reply.citations.map((citation) => citation.docId))],
  };
}
