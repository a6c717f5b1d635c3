import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { NO_MENTIONS } from './context.js';
import type { RenderedMessage } from './render/limits.js';

/** A rendered message as discord.js options, always with mentions disabled. */
export function messageOptions(message: RenderedMessage) {
  return { content: message.content ?? '', embeds: message.embeds, components: message.components, allowedMentions: NO_MENTIONS };
}

/**
 * A short message only the user sees. Works whether or not the interaction was already answered:
 * a public deferred reply is removed first so that the error is not left public and empty.
 */
export async function replyEphemeral(interaction: RepliableInteraction, text: string): Promise<void> {
  const body = { content: text.slice(0, 2000), allowedMentions: NO_MENTIONS };
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply({ ...body, embeds: [], components: [] });
      return;
    }
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.replied) {
    await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
}
