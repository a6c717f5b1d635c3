/**
 * `npm run deploy-commands [-- --dry-run --json | --clear-guild]`: registers the commands with
 * Discord, guild-scoped when DISCORD_GUILD_ID is set. Registration is a separate step from
 * `npm start` because Discord rate-limits command updates. `--dry-run --json` prints the bodies it
 * would send and needs no token. `--clear-guild` removes the per-server copies from
 * DISCORD_GUILD_ID (after going global, a server would otherwise list every command twice).
 */
import { commandBodies, describeDeployFailure, registerCommands } from '../src/bot/deploy.js';
import { configAndTokenOrExit, fail } from '../src/bot/entry.js';
import { commandLineOrHelp, type CommandLineSpec, type ParsedCommandLine } from '../src/cli/arguments.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run deploy-commands [-- --dry-run --json | --clear-guild]',
  summary: 'Registers the slash commands with Discord (guild-scoped when DISCORD_GUILD_ID is set); needs DISCORD_TOKEN and DISCORD_CLIENT_ID unless --dry-run.',
  flags: {
    'dry-run': { type: 'boolean', description: 'send nothing; say what would be registered (needs no token)' },
    json: { type: 'boolean', description: 'print JSON: the command bodies with --dry-run, else the registration summary' },
    'clear-guild': { type: 'boolean', description: 'remove the commands registered in DISCORD_GUILD_ID (after going global)' },
  },
  words: 'none',
};

async function main(): Promise<void> {
  let commandLine: ParsedCommandLine | null;
  try {
    commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  } catch (error) {
    fail((error as Error).message, 1);
  }
  if (!commandLine) return;
  const values = commandLine.values as { 'dry-run'?: boolean; json?: boolean; 'clear-guild'?: boolean };
  const clearGuild = values['clear-guild'] === true;
  const bodies = clearGuild ? [] : commandBodies();
  if (values['dry-run']) {
    if (values.json) process.stdout.write(`${JSON.stringify(bodies, null, 2)}\n`);
    else process.stdout.write(`Would register ${bodies.length} commands: ${bodies.map((body) => `/${body.name}`).join(', ')}\n`);
    return;
  }
  const { config, token } = configAndTokenOrExit();
  if (!config.DISCORD_CLIENT_ID) fail('DISCORD_CLIENT_ID is not set: copy the Application ID from the Developer Portal (General Information) into .env.', 1);
  if (clearGuild && !config.DISCORD_GUILD_ID) fail('--clear-guild needs DISCORD_GUILD_ID: the server whose own copies of the commands to remove.', 1);
  try {
    const result = await registerCommands({
      token,
      applicationId: config.DISCORD_CLIENT_ID,
      apiUrl: config.DISCORD_API_URL,
      ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    }, bodies);
    const summary = { registered: result.count, scope: result.scope, commands: bodies.map((body) => body.name) };
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (clearGuild) process.stdout.write(`Removed the commands registered in server ${config.DISCORD_GUILD_ID}; the global ones remain.\n`);
    else
      process.stdout.write(
        `Registered ${result.count} commands ${result.scope === 'guild' ? `in server ${config.DISCORD_GUILD_ID} (available now)` : 'globally (may take up to an hour to appear)'}.\n`,
      );
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) fail('Discord rejected DISCORD_TOKEN: copy the token again from the Developer Portal (Bot > Reset Token).', 1, [token]);
    if (status === 403 || status === 404) fail('Discord refused: check DISCORD_CLIENT_ID, and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope.', 1, [token]);
    fail(describeDeployFailure(error, config.DISCORD_API_URL), 2, [token]);
  }
}

void main();
