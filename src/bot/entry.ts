import dotenv from 'dotenv';
import { ConfigError, loadConfig, type VerbatimConfig } from '../config/index.js';
import { redactSecrets } from '../text/index.js';

/** Ends an entry point with one line on stderr (secrets redacted) and an exit status. */
export function fail(line: string, status: number, secrets: string[] = []): never {
  process.stderr.write(`${redactSecrets(line, secrets)}\n`);
  process.exit(status);
}

/**
 * Reads .env and the environment into the configuration and the bot token, for `npm start` and
 * `npm run deploy-commands`. A bad setting or a missing token is one line and exit status 1.
 */
export function configAndTokenOrExit(): { config: VerbatimConfig; token: string } {
  dotenv.config({ quiet: true });
  let config: VerbatimConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  const token = config.DISCORD_TOKEN?.trim();
  if (!token) fail('DISCORD_TOKEN is not set: put your bot token in .env or the environment (see .env.example and docs/discord.md).', 1);
  return { config, token };
}
