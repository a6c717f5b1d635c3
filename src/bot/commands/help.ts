import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { renderHelp } from '../render/listings.js';
import { messageOptions } from '../respond.js';

export const data = new SlashCommandBuilder().setName('help').setDescription('How Verbatim answers, and its commands.');

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.reply({ ...messageOptions(renderHelp(context.settings.maxQuestionChars)), flags: MessageFlags.Ephemeral });
}
