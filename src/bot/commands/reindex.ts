import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { BuildRefusedError } from '../../index/index.js';
import type { BuildProgress } from '../../index/types.js';
import { isReportableBuildError } from '../../service.js';
import type { BotContext } from '../context.js';
import { requesterOf } from '../interaction-requester.js';
import { moderatorRefusal } from '../permissions.js';
import { renderReindexProgress, renderReindexReport } from '../render/listings.js';
import { messageOptions, replyEphemeral } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the index from the corpus folder (moderators).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addBooleanOption((option) =>
    option.setName('force').setDescription('Accept a build that would serve far fewer documents than before').setRequired(false),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const refusal = moderatorRefusal(requesterOf(interaction), context.settings);
  if (refusal) {
    context.logger.info('reindex_refused', { guildId: interaction.guildId, reason: refusal });
    await replyEphemeral(interaction, refusal);
    return;
  }
  if (context.reindex.running) {
    await replyEphemeral(interaction, 'A reindex is already running; wait for it to finish.');
    return;
  }
  context.reindex.running = true;
  try {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const force = interaction.options.getBoolean('force') ?? false;
    let lastEdit = 0;
    let edits: Promise<unknown> = Promise.resolve();
    const onProgress = (progress: BuildProgress) => {
      const now = Date.now();
      if (progress.phase !== 'done' && now - lastEdit < context.settings.reindexProgressIntervalMs) return;
      lastEdit = now;
      // Edits are chained so they reach Discord in order; a failed edit only loses that progress line.
      edits = edits.then(() => interaction.editReply(messageOptions(renderReindexProgress(progress)))).catch((error: unknown) => {
        context.logger.warn('reindex_progress_edit_failed', { error });
      });
    };
    context.logger.info('reindex_started', { guildId: interaction.guildId, force });
    let report;
    try {
      report = await context.service.reindex({ requestedBy: interaction.user.id, force, onProgress });
    } catch (error) {
      // The old index keeps serving; the moderator is told why in the message being edited.
      if (!isReportableBuildError(error)) throw error;
      await edits;
      context.logger.warn('reindex_not_done', { reason: (error as Error).name, message: (error as Error).message });
      const advice = error instanceof BuildRefusedError ? ' Use the `force` option to rebuild anyway.' : '';
      await interaction.editReply(messageOptions({ content: `Reindex not done: ${(error as Error).message}${advice}`.slice(0, 2000), embeds: [], components: [] }));
      return;
    }
    await edits;
    context.logger.info('reindex_finished', { generation: report.generation, documents: report.documents, passages: report.passages, tookMs: report.tookMs });
    await interaction.editReply(messageOptions(renderReindexReport(report)));
  } finally {
    context.reindex.running = false;
  }
}
