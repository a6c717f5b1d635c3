import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { requesterOf } from '../interaction-requester.js';
import { moderatorRefusal } from '../permissions.js';
import { renderHelp } from '../render/listings.js';
import { messageOptions } from '../respond.js';

export const data = new SlashCommandBuilder().setName('help').setDescription('How Verbatim answers, and its commands.');

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  // The same check the moderator commands run: /help lists them only to those who may use them.
  const forModerator = moderatorRefusal(requesterOf(interaction), context.settings) === null;
  await interaction.reply({ ...messageOptions(renderHelp(context.settings.maxQuestionChars, { forModerator })), flags: MessageFlags.Ephemeral });
}
