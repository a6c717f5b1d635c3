/**
 * What this project's own secrets look like, so that no stage ever quotes one: a Discord bot token
 * (three base64url parts separated by dots), a `DISCORD_TOKEN=…` line as `.env` holds it, and the
 * configured token's exact value. A news article holds none of these; a `.env` linked or copied
 * into the corpus folder does.
 */

/**
 * A Discord bot token: a base64 user id, a timestamp and an HMAC, separated by dots. Matched only
 * from the start of a run of token characters: tried at every position, a long run without dots
 * (a fuzzed or binary-ish file) would take quadratic time.
 */
const BOT_TOKEN_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/;
/** A settings line that assigns the bot token, as in `.env` or a shell profile. */
const TOKEN_ASSIGNMENT = /\bDISCORD_TOKEN\s*[=:]\s*\S/;

/**
 * What in `text` looks like a secret, as a short description for a skip reason or a log line
 * (never the secret itself), or null. `known` are exact values to look for (the configured
 * DISCORD_TOKEN); values shorter than 6 characters are ignored, as they would match ordinary text.
 */
export function findSecret(text: string, known: readonly (string | undefined)[] = []): string | null {
  for (const secret of known) if (secret && secret.trim().length >= 6 && text.includes(secret.trim())) return 'the configured DISCORD_TOKEN';
  if (TOKEN_ASSIGNMENT.test(text)) return 'a DISCORD_TOKEN= setting';
  if (BOT_TOKEN_SHAPE.test(text)) return 'a string shaped like a Discord bot token';
  return null;
}
