import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { runModeratorRebuild } from '../moderator-rebuild.js';
import { renderReindexReport } from '../render/listings.js';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the index from the corpus folder (moderators).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addBooleanOption((option) =>
    option.setName('force').setDescription('Accept a build that would serve far fewer documents than before').setRequired(false),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const force = interaction.options.getBoolean('force') ?? false;
  await runModeratorRebuild(interaction, context, {
    action: 'reindex',
    notDone: 'Reindex not done',
    details: { force },
    async run(onProgress) {
      const report = await context.service.reindex({ requestedBy: interaction.user.id, force, onProgress });
      context.logger.info('reindex_report', { generation: report.generation, documents: report.documents, passages: report.passages, tookMs: report.tookMs });
      return renderReindexReport(report);
    },
  });
}
