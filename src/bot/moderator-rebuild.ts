import { MessageFlags, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from 'discord.js';
import { BuildRefusedError } from '../index/index.js';
import type { BuildProgress } from '../index/types.js';
import { isReportableBuildError } from '../service/index.js';
import type { BotContext } from './context.js';
import { requesterOf } from './interaction-requester.js';
import { moderatorRefusal } from './permissions.js';
import type { RenderedMessage } from './render/limits.js';
import { renderReindexProgress } from './render/listings.js';
import { messageOptions, replyEphemeral } from './respond.js';

export interface ModeratorRebuild {
  /** The log event's prefix, e.g. `reindex` gives `reindex_started`, `reindex_refused`. */
  action: string;
  /** The start of the one line a moderator reads when it could not be done, e.g. "Reindex not done". */
  notDone: string;
  /** What the log records at the start (no article text, no secrets). */
  details?: Record<string, unknown>;
  /**
   * Does the work (the service call that rebuilds) and renders the final message. A user error it
   * throws (a refused input, a busy or refused build) becomes the one-line reply.
   */
  run(onProgress: (progress: BuildProgress) => void): Promise<RenderedMessage>;
}

/**
 * Everything a moderator command that rebuilds the index shares (/reindex, /add, /remove, the
 * "Add article to Verbatim" context menu): the moderator check on every invocation, one rebuild
 * at a time, an ephemeral deferred reply edited with progress, and a one-line reason when the
 * service refuses; the old index keeps serving in that case.
 */
export async function runModeratorRebuild(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  context: BotContext,
  rebuild: ModeratorRebuild,
): Promise<void> {
  const refusal = moderatorRefusal(requesterOf(interaction), context.settings);
  if (refusal) {
    context.logger.info(`${rebuild.action}_refused`, { guildId: interaction.guildId, reason: refusal });
    await replyEphemeral(interaction, refusal);
    return;
  }
  if (context.reindex.running) {
    await replyEphemeral(interaction, 'A rebuild of the index is already running; wait for it to finish.');
    return;
  }
  context.reindex.running = true;
  try {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let lastEdit = 0;
    let edits: Promise<unknown> = Promise.resolve();
    const onProgress = (progress: BuildProgress) => {
      const now = Date.now();
      if (progress.phase !== 'done' && now - lastEdit < context.settings.reindexProgressIntervalMs) return;
      lastEdit = now;
      // Edits are chained so they reach Discord in order; a failed edit only loses that progress line.
      edits = edits.then(() => interaction.editReply(messageOptions(renderReindexProgress(progress)))).catch((error: unknown) => {
        context.logger.warn(`${rebuild.action}_progress_edit_failed`, { error });
      });
    };
    context.logger.info(`${rebuild.action}_started`, { guildId: interaction.guildId, userId: interaction.user.id, ...rebuild.details });
    let message: RenderedMessage;
    try {
      message = await rebuild.run(onProgress);
    } catch (error) {
      if (!isReportableBuildError(error)) throw error;
      await edits;
      context.logger.warn(`${rebuild.action}_not_done`, { reason: error.name, message: error.message });
      const advice = error instanceof BuildRefusedError ? ' Use the `force` option of /reindex to rebuild anyway.' : '';
      await interaction.editReply(messageOptions({ content: `${rebuild.notDone}: ${error.message}${advice}`.slice(0, 2000), embeds: [], components: [] }));
      return;
    }
    await edits;
    context.logger.info(`${rebuild.action}_finished`, { generation: context.service.currentGeneration() });
    await interaction.editReply(messageOptions(message));
  } finally {
    context.reindex.running = false;
  }
}
