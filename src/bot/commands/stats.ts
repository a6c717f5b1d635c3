import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { requesterOf } from '../interaction-requester.js';
import { moderatorRefusal } from '../permissions.js';
import { renderFeedbackSummary } from '../render/listings.js';
import { messageOptions, replyEphemeral } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('stats')
  .setDescription('A summary of the 👍/👎 feedback on answers (moderators).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const refusal = moderatorRefusal(requesterOf(interaction), context.settings);
  if (refusal) {
    await replyEphemeral(interaction, refusal);
    return;
  }
  // Reading the feedback file can take a while once it is large: acknowledge first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const summary = await context.feedback.summarize();
  await interaction.editReply(messageOptions(renderFeedbackSummary(summary)));
}
