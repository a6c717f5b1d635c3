import { MessageFlags, Routes, type Client, type MessageComponentInteraction, type RepliableInteraction } from 'discord.js';
import { NO_MENTIONS } from './context.js';
import { isUnknownReferencedMessage } from './failures.js';
import type { RenderedMessage } from './render/limits.js';

/** A rendered message as discord.js options, always with mentions disabled. */
export function messageOptions(message: RenderedMessage) {
  return { content: message.content ?? '', embeds: message.embeds, components: message.components, allowedMentions: NO_MENTIONS };
}

/**
 * A short message (or a rendered one, e.g. "no actor matches") only the user sees. Works whether or not the interaction was already answered:
 * a public deferred reply is removed first so that the error is not left public and empty. A
 * button that deferred its update is never deleted (the message is the answer it sits under):
 * the explanation is a private follow-up.
 */
export async function replyEphemeral(interaction: RepliableInteraction | MessageComponentInteraction, reply: string | RenderedMessage): Promise<void> {
  const body = typeof reply === 'string' ? { content: reply.slice(0, 2000), allowedMentions: NO_MENTIONS } : messageOptions(reply);
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply({ ...body, embeds: [], components: [] });
      return;
    }
    if (interaction.isMessageComponent()) {
      await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
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

/** A rendered message as a REST body (snake case), with mentions disabled. */
function restBody(message: RenderedMessage): Record<string, unknown> {
  return { content: message.content ?? '', embeds: message.embeds, components: message.components, allowed_mentions: { parse: [], replied_user: false } };
}

/**
 * Posts `message` in a channel, as a reply to `replyTo` when given. If that message was deleted
 * meanwhile, Discord refuses the reply: the message is then posted without the reference, so
 * nothing already answered is lost. A channel that refuses the bot (50013, 50001) rejects.
 */
export async function postInChannel(client: Client, channelId: string, message: RenderedMessage, replyTo?: string): Promise<{ id: string }> {
  const body = restBody(message);
  if (replyTo) {
    try {
      return (await client.rest.post(Routes.channelMessages(channelId), { body: { ...body, message_reference: { message_id: replyTo, fail_if_not_exists: true } } })) as { id: string };
    } catch (error) {
      if (!isUnknownReferencedMessage(error)) throw error;
    }
  }
  return (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
}
