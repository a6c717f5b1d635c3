import type { BotContext } from './context.js';

/**
 * What `lookup` finds, or nothing when it takes longer than the bot may wait (autocomplete must be
 * answered within 3 s and cannot be deferred) or fails; a failure is logged, never shown.
 */
export async function lookupWithinAutocompleteTime<T>(lookup: Promise<T[]>, context: BotContext, command: string): Promise<T[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T[]>((resolve) => {
    timer = setTimeout(() => resolve([]), context.settings.autocompleteTimeoutMs);
  });
  try {
    return await Promise.race([lookup, timeout]);
  } catch (error) {
    context.logger.warn('autocomplete_failed', { command, error });
    return [];
  } finally {
    clearTimeout(timer);
  }
}
