import { ChannelType, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import { askAndRender } from './ask-flow.js';
import { replyKeyOf } from './button-ids.js';
import type { BotContext } from './context.js';
import { isChannelRefusal } from './failures.js';
import { resolveFollowUp } from './followup.js';
import { truncatePlain } from './render/markdown.js';
import { postInChannel } from './respond.js';

/** `<@id>`, `<@!id>` and `<@&role>` mentions of the bot, removed from the question. */
function withoutMentions(content: string, botId: string, botRoleIds: readonly string[]): string {
  const ids = [botId, ...botRoleIds].join('|');
  return content.replace(new RegExp(`<@[!&]?(?:${ids})>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** The key of the bot's answer a message replies to, from the buttons under that answer. */
async function repliedAnswerKey(message: Message, botId: string): Promise<string | null> {
  if (!message.reference?.messageId) return null;
  const referenced = await message.fetchReference().catch(() => null);
  if (!referenced || referenced.author.id !== botId) return null;
  for (const row of referenced.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      const key = 'customId' in component && component.customId ? replyKeyOf(component.customId) : null;
      if (key) return key;
    }
  }
  return null;
}

/**
 * Answers chat messages addressed to the bot: a mention of the bot or of its managed role, a
 * reply to one of its answers (a follow-up on that answer, with or without a ping), or a direct
 * message. A short follow-up is read in the context of the same person's previous question (or
 * of the answer replied to), and the reply says how it was taken. With ANSWER_IN_THREADS, a
 * mention in a server channel is answered in a new thread on the question.
 */
export function createChatHandler(context: BotContext) {
  return async function handleMessage(message: Message): Promise<void> {
    const botId = message.client.user?.id;
    if (!botId || message.author.bot || message.author.id === botId) return;
    const isDirect = message.guildId === null;
    const botRoleIds = message.mentions.roles.filter((role) => role.tags?.botId === botId).map((role) => role.id);
    const mentioned = message.mentions.users.has(botId) || botRoleIds.length > 0;
    const repliedKey = await repliedAnswerKey(message, botId);
    if (!isDirect && !mentioned && repliedKey === null) return;

    const asked = withoutMentions(message.content ?? '', botId, botRoleIds);
    if (asked.length === 0) {
      // A reply without a ping arrives without its text unless the Message Content intent is on.
      if (!mentioned && !isDirect) {
        context.logger.debug('reply_without_content', { channelId: message.channelId });
        return;
      }
      await postInChannel(message.client, message.channelId, { content: 'Ask me a question about the news articles, e.g. “Who heads the Cartel de los Soles?”. `/help` lists what I can do.', embeds: [], components: [] }, message.id);
      return;
    }
    const wait = context.cooldown.take(message.author.id);
    if (wait > 0) {
      await postInChannel(message.client, message.channelId, { content: `Please wait ${wait} s before asking again.`, embeds: [], components: [] }, message.id);
      return;
    }
    const answered = repliedKey ? context.replies.recall(repliedKey)?.question : undefined;
    const previous = answered ?? context.conversations.previous(message.channelId, message.author.id, context.settings.followUpWindowSeconds);
    const resolved = resolveFollowUp(asked, previous ?? null);
    if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => undefined);
    const { message: rendered } = await askAndRender(context, {
      question: resolved.question,
      userId: message.author.id,
      channelId: message.channelId,
      ...(resolved.rewritten ? { takenAs: resolved.question } : {}),
    });

    const inChannel = !isDirect && message.channel.type !== ChannelType.PublicThread && message.channel.type !== ChannelType.PrivateThread;
    if (context.settings.answerInThreads && inChannel && repliedKey === null) {
      try {
        const thread = await message.startThread({ name: truncatePlain(resolved.question, 100) || 'Question', autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
        await postInChannel(message.client, thread.id, rendered);
        // Follow-ups continue in the thread: read them in the context of this question.
        context.conversations.record(thread.id, message.author.id, resolved.question);
        return;
      } catch (error) {
        // No permission to create threads here: answer in the channel instead, and say so once in the log.
        if (!isChannelRefusal(error)) throw error;
        context.logger.warn('thread_refused', { channelId: message.channelId });
      }
    }
    await postInChannel(message.client, message.channelId, rendered, message.id);
  };
}
