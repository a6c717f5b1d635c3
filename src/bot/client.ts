import { Client, GatewayIntentBits, Partials } from 'discord.js';
import { NO_MENTIONS } from './context.js';

/**
 * The discord.js client with only the intents the bot needs. Messages that mention the bot and
 * direct messages carry their content without the privileged MessageContent intent. DM channels
 * arrive uncached, hence the Channel partial.
 */
export function createDiscordClient(options: { apiUrl: string; messageContentIntent?: boolean }): Client {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  // Privileged and off by default: only needed to read replies to the bot that do not ping it.
  if (options.messageContentIntent) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    intents,
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: { api: options.apiUrl },
  });
}
