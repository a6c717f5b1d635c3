import { PermissionFlagsBits } from 'discord.js';

/**
 * The permissions the bot asks for in its invite link (docs/discord.md), each for something the
 * code does; a test keeps the documented number equal to this sum.
 */
export const INVITE_PERMISSIONS = {
  /** See the channels it is asked in. */
  ViewChannel: PermissionFlagsBits.ViewChannel,
  /** Reply to mentions, forum posts and follow-ups. */
  SendMessages: PermissionFlagsBits.SendMessages,
  /** Answers are embeds (quotes, sources, links). */
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
  /** Reply *to* a message (a reply references it). */
  ReadMessageHistory: PermissionFlagsBits.ReadMessageHistory,
  /** ANSWER_IN_THREADS: a thread on the question (src/bot/chat.ts, startThread). */
  CreatePublicThreads: PermissionFlagsBits.CreatePublicThreads,
  /** Answer inside threads and forum posts. */
  SendMessagesInThreads: PermissionFlagsBits.SendMessagesInThreads,
} as const;

/** The `permissions=` value of the invite link. */
export function invitePermissions(): bigint {
  return Object.values(INVITE_PERMISSIONS).reduce((sum, bit) => sum | bit, 0n);
}
