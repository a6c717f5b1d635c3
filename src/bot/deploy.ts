import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { commandBodies } from './commands/index.js';

export { commandBodies };

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in one server only (instant); otherwise globally (may take up to an hour to appear). */
  guildId?: string;
  apiUrl: string;
}

/** Replaces the application's slash commands with `bodies` through Discord's bulk overwrite route. */
export async function registerCommands(
  options: DeployOptions,
  bodies: RESTPostAPIApplicationCommandsJSONBody[] = commandBodies(),
): Promise<{ scope: 'guild' | 'global'; count: number }> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: bodies })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: Array.isArray(registered) ? registered.length : bodies.length };
}
