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
/** Every bot-token-shaped run of a text, for redaction. */
const BOT_TOKENS = new RegExp(BOT_TOKEN_SHAPE.source, 'g');
/** Interaction and webhook tokens travel in REST paths. */
const TOKEN_IN_PATH = /(\/(?:interactions\/\d+|webhooks\/\d+)\/)([A-Za-z0-9_.-]{20,})/g;
/** An Authorization header's credentials, as a library's error message may quote them. */
const AUTH_HEADER = /(Bot|Bearer)\s+[A-Za-z0-9_.-]{10,}/g;

/**
 * `text` with the given secrets (values shorter than 6 characters are ignored) and anything shaped
 * like a Discord bot token, an interaction token in a REST path or an Authorization header's
 * credentials replaced by `[redacted]`: what a log line or an error message may safely carry.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) result = result.split(secret).join('[redacted]');
  }
  return result.replace(BOT_TOKENS, '[redacted]').replace(TOKEN_IN_PATH, '$1[redacted]').replace(AUTH_HEADER, '$1 [redacted]');
}

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
