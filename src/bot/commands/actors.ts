import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { renderActorsPage } from '../render/listings.js';
import { messageOptions } from '../respond.js';

export const data = new SlashCommandBuilder().setName('actors').setDescription('The people, organisations and countries the articles mention most.');

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply();
  const actors = await context.service.actors();
  await interaction.editReply(messageOptions(renderActorsPage(actors, 0)));
}
