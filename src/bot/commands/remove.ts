import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { lookupWithinAutocompleteTime } from '../autocomplete.js';
import type { BotContext } from '../context.js';
import { runModeratorRebuild } from '../moderator-rebuild.js';
import { renderRemoveReport, sourceChoice } from '../render/articles.js';
import { DISCORD_LIMITS } from '../render/limits.js';

export const data = new SlashCommandBuilder()
  .setName('remove')
  .setDescription('Remove an article from the corpus and the index (moderators).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option.setName('source').setDescription('The article: start typing its title or docId').setRequired(true).setMaxLength(100).setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const docId = interaction.options.getString('source', true).trim();
  await runModeratorRebuild(interaction, context, {
    action: 'remove',
    notDone: 'Not removed',
    details: { docId },
    async run(onProgress) {
      return renderRemoveReport(await context.service.remove([docId], { requestedBy: interaction.user.id, onProgress }));
    },
  });
}

/** The served sources whose title, outlet or docId contains what is typed; most recent first when nothing is typed. */
export async function autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = interaction.options.getFocused().trim().toLowerCase().slice(0, 100);
  const sources = await lookupWithinAutocompleteTime(context.service.sources(), context, 'remove');
  const matching = sources.filter((source) => typed === '' || `${source.title} ${source.source ?? ''} ${source.docId}`.toLowerCase().includes(typed));
  matching.sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
  await interaction.respond(matching.filter((source) => source.docId.length <= 100).slice(0, DISCORD_LIMITS.autocompleteChoices).map(sourceChoice));
}
