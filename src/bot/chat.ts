import type { Message } from 'discord.js';
import type { BotContext } from './context.js';
import { NO_MENTIONS } from './context.js';
import { askAndRender } from './ask-flow.js';
import { resolveFollowUp } from './followup.js';
import { messageOptions } from './respond.js';

/** The mention pattern of the bot's user id, built once per id. */
let mentionPattern: { botId: string; pattern: RegExp } | null = null;

/** `<@id>` and `<@!id>` mentions of the bot, removed from the question. */
function withoutMention(content: string, botId: string): string {
  if (mentionPattern?.botId !== botId) mentionPattern = { botId, pattern: new RegExp(`<@!?${botId}>`, 'g') };
  return content.replace(mentionPattern.pattern, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Answers a message that mentions the bot, or a direct message, as a reply to that message.
 * A short follow-up is read in the context of the channel's previous question, and the reply
 * says how it was taken. (Without the privileged MessageContent intent, Discord sends the content
 * of exactly these messages.)
 */
export function createChatHandler(context: BotContext) {
  return async function handleMessage(message: Message): Promise<void> {
    const botId = message.client.user?.id;
    if (!botId || message.author.bot || message.author.id === botId) return;
    const isDirect = message.guildId === null;
    if (!isDirect && !message.mentions.users.has(botId)) return;
    const asked = withoutMention(message.content ?? '', botId);
    const reply = (text: string) => message.reply({ content: text, allowedMentions: NO_MENTIONS });
    if (asked.length === 0) {
      await reply('Ask me a question about the news articles, e.g. “Who heads the Cartel de los Soles?”. `/help` lists what I can do.');
      return;
    }
    const wait = context.cooldown.take(message.author.id);
    if (wait > 0) {
      await reply(`Please wait ${wait} s before asking again.`);
      return;
    }
    const previous = context.conversations.previous(message.channelId, message.author.id, context.settings.followUpWindowSeconds);
    const resolved = resolveFollowUp(asked, previous);
    if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => undefined);
    const { message: rendered } = await askAndRender(context, {
      question: resolved.question,
      userId: message.author.id,
      channelId: message.channelId,
      ...(resolved.rewritten ? { takenAs: resolved.question } : {}),
    });
    await message.reply(messageOptions(rendered));
  };
}
