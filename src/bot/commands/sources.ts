import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { renderSourcesPage } from '../render/listings.js';
import { messageOptions } from '../respond.js';

export const data = new SlashCommandBuilder().setName('sources').setDescription('The articles in the index, with outlet, date and link.');

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply();
  const sources = await context.service.sources();
  await interaction.editReply(messageOptions(renderSourcesPage(sources, 0)));
}
