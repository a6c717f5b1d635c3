import type { Answer } from '../answer/index.js';
import type { RememberedReply } from './answer-memory.js';
import type { BotContext } from './context.js';
import { renderAnswer } from './render/answer.js';
import { renderClaimCheck } from './render/claim.js';
import type { RenderedMessage } from './render/limits.js';

/** One question, from `/ask`, a mention, a reply to the bot or a direct message. */
export interface AskRequest {
  /** The question to answer (a follow-up already read in context). */
  question: string;
  /** Who asked: follow-ups are read in the context of the same person's previous question. */
  userId: string;
  /** Where it was asked (channel, thread or DM); null when Discord did not say. */
  channelId: string | null;
  /** Set when the question was rewritten from a follow-up: shown above the answer. */
  takenAs?: string;
  /**
   * Set for "Check with Verbatim": the question is the text of this message, taken as a claim. It
   * is rendered as a claim check (privately, with Share), is not recorded as an unanswered
   * question (someone else wrote it) and does not start a conversation.
   */
  claimMessage?: { channelId: string; messageId: string };
  /** An abstention in one line (forum threads the bot answers on its own: never a wall there). */
  quietAbstention?: boolean;
}

export interface AskedReply {
  answer: Answer;
  /** The answer's key in the reply memory (the buttons carry it). */
  key: string;
  message: RenderedMessage;
}

/**
 * The one path from a question (or a claim to check) to a Discord message: ask the service, remember the reply for its
 * buttons, render it, and record the question for this person's follow-ups. A {@link UserError}
 * from the service (an empty or wordless question…) propagates unchanged for the caller's
 * one-place mapping.
 */
export async function askAndRender(context: BotContext, request: AskRequest): Promise<AskedReply> {
  const claim = request.claimMessage;
  if (claim) {
    const answer = await context.service.ask(request.question, { recordIfWithheld: false });
    const { key, reply } = rememberAnswer(context, answer, request.question, { claimMessage: claim });
    return { answer, key, message: renderClaimCheck(reply, { key, shareable: true }) };
  }
  const answer = await context.service.ask(request.question);
  const { key, reply } = rememberAnswer(context, answer, answer.question || request.question);
  const message = renderAnswer(answer, {
    key,
    generation: reply.generation,
    ...(request.takenAs ? { takenAs: request.takenAs } : {}),
    ...(request.quietAbstention ? { oneLineAbstention: true } : {}),
  });
  if (request.channelId) context.conversations.record(request.channelId, request.userId, request.question);
  return { answer, key, message };
}

/**
 * Remembers an answer for the buttons under it (Show quotes, votes, Share): what was asked, the
 * generation that answered (the serving one when the answer does not say), its sentences and
 * citations, and `extra` (e.g. the message a claim check is about).
 */
export function rememberAnswer(
  context: BotContext,
  answer: Answer,
  question: string,
  extra: Pick<RememberedReply, 'claimMessage'> = {},
): { key: string; reply: RememberedReply } {
  const reply: RememberedReply = {
    question,
    abstained: answer.abstained,
    generation: answer.generation ?? context.service.currentGeneration(),
    sentences: answer.sentences,
    citations: answer.citations,
    ...extra,
  };
  return { key: context.replies.remember(reply), reply };
}
