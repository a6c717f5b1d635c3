import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { commandBodies } from './commands/index.js';

export { commandBodies };

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in one server only (instant); otherwise globally (may take up to an hour to appear). */
  guildId?: string;
  apiUrl: string;
  /** How long to wait for Discord's answer; discord.js's default (15 s) when absent. */
  timeoutMs?: number;
}

/** Replaces the application's slash commands with `bodies` through Discord's bulk overwrite route. */
export async function registerCommands(
  options: DeployOptions,
  bodies: RESTPostAPIApplicationCommandsJSONBody[] = commandBodies(),
): Promise<{ scope: 'guild' | 'global'; count: number }> {
  const rest = new REST({ api: options.apiUrl, ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}) }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const registered = (await rest.put(route, { body: bodies })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: Array.isArray(registered) ? registered.length : bodies.length };
}

/**
 * One line saying what happened when registering failed for a reason other than Discord's refusal
 * (401/403/404 are explained by the caller): a timeout or an answer that is not JSON, which
 * discord.js reports as "This operation was aborted" or a raw parser message.
 */
export function describeDeployFailure(error: unknown, apiUrl: string): string {
  const name = (error as Error)?.name;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (name === 'AbortError' || name === 'TimeoutError' || /operation was aborted/i.test(message)) {
    return `Discord did not answer in time, so the commands were not registered: check the network connection and DISCORD_API_URL (${apiUrl}), then run it again.`;
  }
  if (error instanceof SyntaxError) {
    return `The answer from ${apiUrl} was not JSON, so it is probably not Discord's API: check DISCORD_API_URL (or a proxy in between), then run it again.`;
  }
  return `Could not register the commands: ${message}`;
}
