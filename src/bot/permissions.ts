/** Who may run moderator commands (`/reindex`, `/add`, `/remove`, `/stats`, Add article to Verbatim). */
export interface ModeratorPolicy {
  moderatorRoleIds: readonly string[];
  /** Empty means every guild the bot is in. */
  allowedGuildIds: readonly string[];
}

export interface Requester {
  guildId: string | null;
  hasManageGuild: boolean;
  roleIds: readonly string[];
}

/**
 * Why `requester` may not run a moderator command, or null when they may. Discord's
 * `default_member_permissions` only hides the command; server owners can override it, so this
 * check runs again on every invocation. One index serves every guild, hence the guild allow-list.
 */
export function moderatorRefusal(requester: Requester, policy: ModeratorPolicy): string | null {
  if (!requester.guildId) return 'This command only works in a server.';
  if (policy.allowedGuildIds.length > 0 && !policy.allowedGuildIds.includes(requester.guildId)) {
    return 'Moderator commands are not enabled in this server.';
  }
  if (requester.hasManageGuild) return null;
  if (requester.roleIds.some((role) => policy.moderatorRoleIds.includes(role))) return null;
  return 'Only moderators can do that: you need the Manage Server permission or a moderator role.';
}
