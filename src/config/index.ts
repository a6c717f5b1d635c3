import { configSchema, storeConfigProblem, type VerbatimConfig } from './schema.js';
import { UserError } from './user-error.js';

export { configSchema, storeConfigProblem, type VerbatimConfig } from './schema.js';
export { UserError } from './user-error.js';

/** A configuration problem a user can fix; its message is one line that names the variable. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  constructor(message: string) {
    super('config', message);
  }
}

/**
 * Validates the environment into a typed configuration. Empty strings count as unset so that a
 * `.env` copied from `.env.example` with blank values behaves like the defaults.
 */
export function loadConfig(env: Record<string, string | undefined>): VerbatimConfig {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) {
    const problem = storeConfigProblem(parsed.data);
    if (problem) throw new ConfigError(`${problem} Fix it in .env or the environment (see .env.example).`);
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'configuration');
  // Never echo the value: it may be a secret such as DISCORD_TOKEN.
  throw new ConfigError(`Invalid ${variable}: ${issue.message}. Fix it in .env or the environment (see .env.example).`);
}
