import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { requesterOf } from '../interaction-requester.js';
import { moderatorRefusal } from '../permissions.js';
import { renderModeratorStats } from '../render/listings.js';
import { messageOptions, replyEphemeral } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('stats')
  .setDescription('Questions nobody could answer, answers voted down, and votes (moderators).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const refusal = moderatorRefusal(requesterOf(interaction), context.settings);
  if (refusal) {
    await replyEphemeral(interaction, refusal);
    return;
  }
  // Reading the files can take a while once they are large: acknowledge first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply(messageOptions(renderModeratorStats(await context.service.stats())));
}
