import { ChannelType, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import { askAndRender } from './ask-flow.js';
import { replyKeyOf } from './button-ids.js';
import type { BotContext } from './context.js';
import { isChannelRefusal } from './failures.js';
import { resolveFollowUp } from '../answer/index.js';
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
    const forumThread = autoAnsweredForumThread(message, context);
    // A new post in a forum the bot answers: its title (and text, when readable) is the question.
    if (forumThread && message.id === message.channelId) return answerForumPost(message, context, botId);
    const isDirect = message.guildId === null;
    const botRoleIds = message.mentions.roles.filter((role) => role.tags?.botId === botId).map((role) => role.id);
    const mentioned = message.mentions.users.has(botId) || botRoleIds.length > 0;
    const repliedKey = await repliedAnswerKey(message, botId);
    // In an auto-answered forum thread, the poster's own follow-ups need no ping (when Discord sends their text).
    const posterFollowUp = forumThread !== null && forumThread.ownerId === message.author.id;
    if (!isDirect && !mentioned && repliedKey === null && !posterFollowUp) return;

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
    const answered = repliedKey ? (await context.replies.recall(repliedKey))?.question : undefined;
    // In a forum thread the bot answered, a follow-up reads the thread: the person's last question
    // there, else the thread's (whoever asked it, the post's own question first of all).
    const previous =
      answered ??
      context.conversations.previous(message.channelId, message.author.id, context.settings.followUpWindowSeconds) ??
      (forumThread ? context.conversations.previous(message.channelId, THREAD_WIDE, FORUM_THREAD_MEMORY_SECONDS) : null);
    const resolved = resolveFollowUp(asked, previous ?? null);
    if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => undefined);
    const { message: rendered } = await askAndRender(context, {
      question: resolved.question,
      userId: message.author.id,
      channelId: message.channelId,
      ...(resolved.rewritten ? { takenAs: resolved.question } : {}),
      ...(forumThread ? { quietAbstention: true } : {}),
    });
    if (forumThread) context.conversations.record(message.channelId, THREAD_WIDE, resolved.question);

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

/** The conversation-memory "person" under which a forum thread's own latest question is kept. */
const THREAD_WIDE = 'thread';
/** A forum thread keeps its question for follow-ups longer than a chat does: posts are read later. */
const FORUM_THREAD_MEMORY_SECONDS = 7 * 24 * 3600;

/** The thread `message` is in, when it is a post (or a reply in a post) of a forum the bot auto-answers. */
function autoAnsweredForumThread(message: Message, context: BotContext): { ownerId: string | null; name: string } | null {
  const channel = message.channel;
  if (!channel.isThread() || channel.parentId === null) return null;
  if (!context.settings.autoAnswerForumIds.includes(channel.parentId)) return null;
  return { ownerId: channel.ownerId, name: channel.name };
}

/**
 * Answers a new forum post in its thread. The question is the post's title, with its text after it
 * when Discord sends the text (Message Content intent) and the title is not a question itself. An
 * abstention is one line (and the related reading behind its button), never a wall in the forum.
 */
async function answerForumPost(message: Message, context: BotContext, botId: string): Promise<void> {
  const title = message.channel.isThread() ? message.channel.name.trim() : '';
  const body = withoutMentions(message.content ?? '', botId, []);
  const question = truncatePlain(/[?？]\s*$/u.test(title) || body.length === 0 ? title : `${title}. ${body}`, context.settings.maxQuestionChars);
  if (question.length === 0) return;
  context.logger.info('forum_post_answered', { channelId: message.channelId });
  const { message: rendered } = await askAndRender(context, { question, userId: message.author.id, channelId: message.channelId, quietAbstention: true });
  context.conversations.record(message.channelId, THREAD_WIDE, question);
  await postInChannel(message.client, message.channelId, rendered, message.id);
}
