import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { UserError } from '../config/index.js';
import { describeError, type Logger } from './logger.js';

/** What the person is told when something failed that they cannot fix. */
const FAILURE_MESSAGE = 'Sorry, something went wrong while answering. It has been logged; please try again later.';

/** Shown when a channel refuses the bot (its permission overrides deny it). */
export const CHANNEL_REFUSED_MESSAGE =
  'I am not allowed to post in this channel (its permissions deny me View Channel or Send Messages). Ask a moderator to allow me here, or use `/ask private:true`.';

/** Discord refused because the channel's permissions do not let the bot see it or post in it. */
export function isChannelRefusal(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions);
}

/** The interaction expired (answered after 3 s, or its token is older than 15 minutes): nothing can be sent on it. */
function isExpiredInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownInteraction || error.code === RESTJSONErrorCodes.InvalidWebhookToken);
}

/** A reply to a message that was deleted meanwhile. */
export function isUnknownReferencedMessage(error: unknown): boolean {
  if (!(error instanceof DiscordAPIError)) return false;
  if (error.code === RESTJSONErrorCodes.UnknownMessage) return true;
  return error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType && /message_reference/i.test(JSON.stringify(error.rawError));
}

/**
 * The one mapping of a failure to what the person sees and what the log says, for interactions
 * and chat messages alike: a {@link UserError} is its own one-line message, logged at info
 * without a stack; a channel that refuses the bot is one warning and an explanation; an expired
 * interaction is one warning and nothing to send; anything else is an internal fault, logged with
 * its stack and answered with {@link FAILURE_MESSAGE}. Returns null when nothing can be sent.
 */
export function explainFailure(error: unknown, logger: Logger, faultEvent: 'interaction_failed' | 'message_failed', where: Record<string, unknown>): string | null {
  if (error instanceof UserError) {
    logger.info('user_error', { ...where, code: error.code, message: error.message });
    return error.message;
  }
  if (isChannelRefusal(error)) {
    logger.warn('channel_refused', { ...where, code: (error as DiscordAPIError).code, message: (error as DiscordAPIError).message });
    return CHANNEL_REFUSED_MESSAGE;
  }
  if (isExpiredInteraction(error)) {
    logger.warn('interaction_expired', { ...where, code: (error as DiscordAPIError).code });
    return null;
  }
  logger.error(faultEvent, { ...where, error: describeError(error, true) });
  return FAILURE_MESSAGE;
}
