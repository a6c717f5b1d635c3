import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import { renderQuotes } from './render/answer.js';
import { renderActorsPage, renderSourcesPage } from './render/listings.js';
import { messageOptions, replyEphemeral } from './respond.js';

const FORGOTTEN = 'That answer is no longer in my memory (I may have restarted). Please ask again.';

/**
 * Votes already counted, by user and answer, so a double click does not count twice. Kept in
 * memory only: the feedback file never holds who voted.
 */
const MAX_VOTERS = 20_000;

export function createButtonHandler(context: BotContext) {
  const voted = new Set<string>();
  return async function handleButton(interaction: ButtonInteraction): Promise<void> {
    const [prefix, action, ...rest] = interaction.customId.split(':');
    if (prefix !== 'verbatim') return;
    switch (action) {
      case 'quotes': {
        const reply = context.replies.recall(rest[0] ?? '');
        if (!reply) return replyEphemeral(interaction, FORGOTTEN);
        await interaction.reply({ ...messageOptions(renderQuotes(reply.citations, reply.sentences)), flags: MessageFlags.Ephemeral });
        return;
      }
      case 'vote': {
        const vote = rest[0] === 'up' ? 'up' : rest[0] === 'down' ? 'down' : null;
        const key = rest[1] ?? '';
        const reply = context.replies.recall(key);
        if (!vote || !reply) return replyEphemeral(interaction, FORGOTTEN);
        const voter = `${interaction.user.id}:${key}`;
        if (voted.has(voter)) return replyEphemeral(interaction, 'You already voted on this answer. Thank you!');
        await context.feedback.append({
          time: new Date().toISOString(),
          vote,
          question: reply.question,
          abstained: reply.abstained,
          generation: reply.generation,
          answer: reply.sentences.map(({ docId, start, end }) => ({ docId, start, end })),
          docIds: [...new Set(reply.citations.map((citation) => citation.docId))],
        });
        voted.add(voter);
        if (voted.size > MAX_VOTERS) voted.delete(voted.values().next().value!);
        context.logger.info('feedback_recorded', { vote });
        return replyEphemeral(interaction, vote === 'up' ? 'Thanks for the 👍, recorded.' : 'Thanks for the 👎, recorded. It helps improve the answers.');
      }
      case 'sources': {
        const page = Number(rest[0]);
        const sources = await context.service.sources();
        await interaction.update(messageOptions(renderSourcesPage(sources, page, context.service.currentGeneration())));
        return;
      }
      case 'actors': {
        const page = Number(rest[0]);
        const actors = await context.service.actors();
        await interaction.update(messageOptions(renderActorsPage(actors, page, context.service.currentGeneration())));
        return;
      }
      default:
        return replyEphemeral(interaction, 'That button no longer does anything.');
    }
  };
}
