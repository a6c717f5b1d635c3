import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, MessageFlags, type MessageContextMenuCommandInteraction } from 'discord.js';
import { askAndRender } from '../ask-flow.js';
import type { BotContext } from '../context.js';
import { truncatePlain } from '../render/markdown.js';
import { messageOptions, replyEphemeral } from '../respond.js';

/** Right-click a message → Apps → Check with Verbatim. Everyone may use it (no default permissions). */
export const data = new ContextMenuCommandBuilder()
  .setName('Check with Verbatim')
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);

/** Mentions and custom emoji say nothing a search could use. */
function claimOf(content: string): string {
  return content.replace(/<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Takes the message's text as a claim and answers, only to the person who asked, with the corpus
 * sentences that bear on it, or "the corpus does not say"; a Share button posts it for everyone.
 * Discord sends the target message's content with this interaction, Message Content intent or not.
 */
export async function execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  const target = interaction.targetMessage;
  const claim = truncatePlain(claimOf(target.content ?? ''), context.settings.maxQuestionChars);
  if (claim.length === 0) return replyEphemeral(interaction, 'That message has no text I can check (only images, embeds or mentions).');
  const wait = context.cooldown.take(interaction.user.id);
  if (wait > 0) return replyEphemeral(interaction, `Please wait ${wait} s before asking again.`);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { message } = await askAndRender(context, {
    question: claim,
    userId: interaction.user.id,
    channelId: interaction.channelId,
    claimMessage: { channelId: target.channelId, messageId: target.id },
  });
  await interaction.editReply(messageOptions(message));
}
