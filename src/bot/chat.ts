import type { Message } from 'discord.js';
import type { BotContext } from './context.js';
import { NO_MENTIONS } from './context.js';
import { resolveFollowUp } from './followup.js';
import { renderAnswer } from './render/answer.js';
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
    if (asked.length > context.settings.maxQuestionChars) {
      await reply(`Questions can be at most ${context.settings.maxQuestionChars} characters long.`);
      return;
    }
    const wait = context.cooldown.take(message.author.id);
    if (wait > 0) {
      await reply(`Please wait ${wait} s before asking again.`);
      return;
    }
    const previous = context.conversations.previous(message.channelId, context.settings.followUpWindowSeconds);
    const resolved = resolveFollowUp(asked, previous);
    if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => undefined);
    const answer = await context.service.ask(resolved.question);
    const generation = answer.generation ?? context.service.currentGeneration();
    const key = context.replies.remember({
      question: resolved.question,
      abstained: answer.abstained,
      generation,
      sentences: answer.sentences,
      citations: answer.citations,
    });
    const rendered = renderAnswer(answer, { key, generation, ...(resolved.rewritten ? { takenAs: resolved.question } : {}) });
    await message.reply(messageOptions(rendered));
    context.conversations.record(message.channelId, resolved.question);
  };
}
