import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import { rememberActor } from './commands/actor.js';
import { renderActorPage } from './render/actor.js';
import { renderQuotes, renderRelatedReading } from './render/answer.js';
import { parseButtonId } from './button-ids.js';
import { renderClaimCheck } from './render/claim.js';
import { renderActorsPage, renderSourcesPage } from './render/listings.js';
import { messageOptions, postInChannel, replyEphemeral } from './respond.js';
import { feedbackRecordOf } from '../service/feedback-record.js';

const FORGOTTEN = 'That answer is no longer in my memory (it is too old). Please ask again.';

/**
 * Votes already counted, by user and answer, so a double click does not count twice. Kept in
 * memory only: the feedback file never holds who voted.
 */
const MAX_VOTERS = 20_000;

/**
 * Buttons and select menus under the bot's messages. Discord allows 3 s for the first response:
 * anything that awaits the service or a file acknowledges first (`deferUpdate` to change the
 * message in place, or a private `deferReply`), then edits.
 */
export function createComponentHandler(context: BotContext) {
  const voted = new Set<string>();
  return async function handleComponent(interaction: MessageComponentInteraction): Promise<void> {
    const parsed = parseButtonId(interaction.customId);
    if (!parsed) {
      if (interaction.customId.startsWith('verbatim:')) return replyEphemeral(interaction, 'That button no longer does anything.');
      return;
    }
    switch (parsed.action) {
      case 'quotes': {
        const reply = await context.replies.recall(parsed.key);
        if (!reply) return replyEphemeral(interaction, FORGOTTEN);
        await interaction.reply({ ...messageOptions(renderQuotes(reply.citations, reply.sentences, reply.generation)), flags: MessageFlags.Ephemeral });
        return;
      }
      case 'reading': {
        const reply = await context.replies.recall(parsed.key);
        if (!reply) return replyEphemeral(interaction, FORGOTTEN);
        await interaction.reply({ ...messageOptions(renderRelatedReading(reply)), flags: MessageFlags.Ephemeral });
        return;
      }
      case 'vote': {
        const { vote, key } = parsed;
        const reply = await context.replies.recall(key);
        if (!reply) return replyEphemeral(interaction, FORGOTTEN);
        const voter = `${interaction.user.id}:${key}`;
        if (voted.has(voter)) return replyEphemeral(interaction, 'You already voted on this answer. Thank you!');
        voted.add(voter);
        if (voted.size > MAX_VOTERS) voted.delete(voted.values().next().value!);
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await context.feedback.append(feedbackRecordOf(vote, reply));
        context.logger.info('feedback_recorded', { vote });
        return replyEphemeral(interaction, vote === 'up' ? 'Thanks for the 👍, recorded.' : 'Thanks for the 👎, recorded. It helps improve the answers.');
      }
      case 'page': {
        await interaction.deferUpdate();
        const rendered =
          parsed.listing === 'sources' ? renderSourcesPage(await context.service.sources(), parsed.page) : renderActorsPage(await context.service.actors(), parsed.page);
        await interaction.editReply(messageOptions(rendered));
        return;
      }
      case 'actorPage': {
        const reply = await context.replies.recall(parsed.key);
        if (!reply?.actor) return replyEphemeral(interaction, FORGOTTEN);
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const summary = await context.service.actor(reply.actor);
        await interaction.editReply(messageOptions(renderActorPage(summary, parsed.page)));
        return;
      }
      case 'relatedActor': {
        const name = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
        if (!name) return replyEphemeral(interaction, 'Pick a name from the menu.');
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const { message } = await rememberActor(context, name);
        await interaction.editReply(messageOptions(message));
        return;
      }
      case 'share': {
        const key = parsed.key;
        const check = await context.replies.recall(key);
        if (!check) return replyEphemeral(interaction, FORGOTTEN);
        await interaction.deferUpdate();
        const channelId = check.claimMessage?.channelId ?? interaction.channelId;
        await postInChannel(interaction.client, channelId, renderClaimCheck(check, { key, shareable: false }), check.claimMessage?.messageId);
        await interaction.editReply({ content: 'Shared in the channel, under the message you checked.', components: [] });
        return;
      }
    }
  };
}
