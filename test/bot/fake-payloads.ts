/** Gateway payloads of the fake Discord: the guild, a thread, a message the bot sent. */
import type { ChannelLock } from './fake-rest.js';

const bit = (n: number) => 1n << BigInt(n);
/** View channel, send messages, read history: an ordinary member. */
export const MEMBER_PERMISSIONS = (bit(10) | bit(11) | bit(16)).toString();

/** A full message object (as the gateway sends it) around a body the bot sent. */
export function botMessage(botUser: { id: string; username?: string }, defaultChannelId: string, body: any): Record<string, unknown> {
  return {
    id: body?.id ?? `${Date.now()}${Math.floor(Math.random() * 1000)}`,
    channel_id: body?.channel_id ?? defaultChannelId,
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    author: { id: botUser.id, username: botUser.username ?? 'Verbatim', discriminator: '0', avatar: null, bot: true },
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: body?.flags ?? 0,
    type: 0,
  };
}

export function threadPayload(thread: { id: string; parentId: string; name: string }, guildId: string, ownerId: string) {
  return {
    id: thread.id,
    type: 11,
    guild_id: guildId,
    parent_id: thread.parentId,
    name: thread.name,
    owner_id: ownerId,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    message_count: 0,
    member_count: 1,
    newly_created: true,
  };
}

export interface GuildSetup {
  guildId: string;
  moderatorRoleId: string;
  botRoleId: string;
  botId: string;
  channelIds: string[];
  /** Forum channels (type 15). */
  forumIds?: string[];
  locks: Map<string, ChannelLock>;
}

/** GUILD_CREATE: roles (the bot's managed role among them) and text channels with their overrides. */
export function guildPayload(setup: GuildSetup) {
  const role = (id: string, name: string, position: number, extra: Record<string, unknown> = {}) => ({
    id, name, color: 0, hoist: false, position, permissions: MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0, ...extra,
  });
  return {
    id: setup.guildId,
    name: 'Test Server',
    icon: null,
    owner_id: '1',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    premium_tier: 0,
    nsfw_level: 0,
    system_channel_flags: 0,
    preferred_locale: 'en-US',
    features: [],
    roles: [
      role(setup.guildId, '@everyone', 0),
      role(setup.moderatorRoleId, 'Moderators', 1),
      role(setup.botRoleId, 'Verbatim', 2, { managed: true, tags: { bot_id: setup.botId } }),
    ],
    emojis: [],
    stickers: [],
    channels: setup.channelIds.map((id, position) => ({
      id,
      type: 0,
      name: position === 0 ? 'general' : `channel-${position}`,
      position,
      permission_overwrites: setup.locks.has(id) ? [{ id: setup.botRoleId, type: 0, allow: '0', deny: setup.locks.get(id) === 'view' ? String(bit(10)) : String(bit(11)) }] : [],
      guild_id: setup.guildId,
    })).concat((setup.forumIds ?? []).map((id, index) => ({ id, type: 15, name: `forum-${index + 1}`, position: setup.channelIds.length + index, permission_overwrites: [], guild_id: setup.guildId, available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0 } as any))),
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: new Date(0).toISOString(),
  };
  }


/** MESSAGE_CREATE of a message a person wrote (content already blanked if the bot may not read it). */
export function userMessage(input: {
  id: string;
  channelId: string;
  guildId: string | null;
  user: { id: string; username: string };
  text: string;
  mentions: unknown[];
  mentionRoleId: string | undefined;
  inThread: boolean;
  replyTo: { id: string; channelId: string; message: Record<string, unknown> } | undefined;
}): Record<string, unknown> & { id: string; channel_id: string; content: string } {
  const { user, guildId, replyTo } = input;
  const message: Record<string, unknown> & { id: string; channel_id: string; content: string } = {
    id: input.id,
    channel_id: input.channelId,
    author: { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null, bot: false },
    content: input.text,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: input.mentions,
    mention_roles: input.mentionRoleId ? [input.mentionRoleId] : [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: replyTo ? 19 : 0,
    flags: 0,
    components: [],
    // Discord sends the channel type with every message; discord.js needs it for uncached DM channels.
    channel_type: guildId ? (input.inThread ? 11 : 0) : 1,
  };
  if (replyTo) {
    message.message_reference = { type: 0, message_id: replyTo.id, channel_id: replyTo.channelId, ...(guildId ? { guild_id: guildId } : {}) };
    message.referenced_message = replyTo.message;
  }
  if (guildId) {
    message.guild_id = guildId;
    message.member = { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
  }
  return message;
}
