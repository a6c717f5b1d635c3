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

/**
 * `value` with each of `secrets` (exact values of 6 characters or more) replaced by `[redacted]`
 * in every string in it, object fields and list items at any depth. Only the exact values: a
 * pattern could match ordinary words ("Bearer bonds") inside a quote and change it.
 */
export function redactSecretsDeep<T>(value: T, secrets: readonly string[]): T {
  const values = secrets.filter((secret) => secret && secret.length >= 6);
  const redact = (item: unknown): unknown => {
    if (typeof item === 'string') return values.reduce((text, secret) => text.split(secret).join('[redacted]'), item);
    if (Array.isArray(item)) return item.map(redact);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, field]) => [key, redact(field)]));
    return item;
  };
  return values.length > 0 ? (redact(value) as T) : value;
}

/** A settings line that assigns the bot token, as in `.env` or a shell profile. */
const TOKEN_ASSIGNMENT = /\bDISCORD_TOKEN\s*[=:]\s*\S/;

/** Characters that draw nothing: put after each dot of a token, they hide it from a plain search. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/gu;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source, 'u');
/** A percent-encoded byte, as a token pasted into a URL carries its dots (`%2E`). */
const PERCENT_ESCAPE = /%([0-9A-Fa-f]{2})/g;
/** A run of base64 long enough to hold a whole bot token (59+ characters encode to 80). */
const BASE64_RUN = /[A-Za-z0-9+/]{80,}={0,2}/g;
/**
 * A bot-token-shaped run in a string whose spaces were taken out (see `splitToken`). Anchored at
 * the start of a run, as BOT_TOKEN_SHAPE is: without it, every position of a long run would be
 * tried (quadratic on a fuzzed file). The token's own start, inside a run of joined words, is
 * found by `endsInEncodedUserId`.
 */
const ANY_TOKEN_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/g;

/**
 * Whether `part` ends in the first part of a real bot token: the bot's user id (a snowflake of
 * 17–20 digits) in base64. That test is what lets a search run over text with its white space
 * removed, where ordinary words join into token-like runs.
 */
function endsInEncodedUserId(part: string): boolean {
  for (let length = 22; length <= 28 && length <= part.length; length++) {
    const decoded = Buffer.from(part.slice(-length).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
    if (/^\d{17,20}$/.test(decoded)) return true;
  }
  return false;
}

/** A bot token cut by line breaks or spaces ("MTIz…\n.GhIj…"): found in the text with its white space removed. */
function splitToken(text: string): boolean {
  const compact = text.replace(/\s+/gu, '').replace(INVISIBLE, '');
  for (const match of compact.matchAll(ANY_TOKEN_SHAPE)) {
    if (endsInEncodedUserId(match[0].slice(0, match[0].indexOf('.')))) return true;
  }
  return false;
}

/**
 * Which disguise hides a bot token in `text`, or null: invisible characters after its dots, its
 * dots percent-encoded, line breaks or spaces inside it, or the token base64-encoded as a whole.
 */
function disguisedToken(text: string): string | null {
  if (HAS_INVISIBLE.test(text) && BOT_TOKEN_SHAPE.test(text.replace(INVISIBLE, ''))) return 'a Discord bot token hidden by invisible characters';
  if (text.includes('%')) {
    const decoded = text.replace(PERCENT_ESCAPE, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (BOT_TOKEN_SHAPE.test(decoded) || TOKEN_ASSIGNMENT.test(decoded)) return 'a percent-encoded Discord bot token';
  }
  for (const [run] of text.matchAll(BASE64_RUN)) {
    const decoded = Buffer.from(run, 'base64').toString('latin1');
    if (BOT_TOKEN_SHAPE.test(decoded) || TOKEN_ASSIGNMENT.test(decoded)) return 'a base64-encoded Discord bot token';
  }
  if (splitToken(text)) return 'a Discord bot token split across lines or spaces';
  return null;
}

/**
 * What in `text` looks like a secret, as a short description for a skip reason or a log line
 * (never the secret itself), or null. `known` are exact values to look for (the configured
 * DISCORD_TOKEN); values shorter than 6 characters are ignored, as they would match ordinary text.
 */
export function findSecret(text: string, known: readonly (string | undefined)[] = []): string | null {
  for (const secret of known) if (secret && secret.trim().length >= 6 && text.includes(secret.trim())) return 'the configured DISCORD_TOKEN';
  if (TOKEN_ASSIGNMENT.test(text)) return 'a DISCORD_TOKEN= setting';
  if (BOT_TOKEN_SHAPE.test(text)) return 'a string shaped like a Discord bot token';
  return disguisedToken(text);
}
