import { Client, GatewayIntentBits, Partials } from 'discord.js';
import { NO_MENTIONS } from './context.js';

/**
 * The discord.js client with only the intents the bot needs. Messages that mention the bot and
 * direct messages carry their content without the privileged MessageContent intent. DM channels
 * arrive uncached, hence the Channel partial.
 */
export function createDiscordClient(options: { apiUrl: string }): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: { api: options.apiUrl },
  });
}
