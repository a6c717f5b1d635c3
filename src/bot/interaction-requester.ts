import { GuildMember, PermissionFlagsBits, type CommandInteraction } from 'discord.js';
import type { Requester } from './permissions.js';

/** The guild, permissions and roles of whoever ran a command, from a cached or an API member. */
export function requesterOf(interaction: CommandInteraction): Requester {
  const member = interaction.member;
  let roleIds: string[] = [];
  if (member instanceof GuildMember) roleIds = [...member.roles.cache.keys()];
  else if (member && Array.isArray(member.roles)) roleIds = member.roles;
  return {
    guildId: interaction.guildId,
    hasManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds,
  };
}
