/**
 * The custom ids of the bot's buttons and menus, made and read in this one place (Discord allows
 * 100 characters). `key` names a reply in the bot's memory (src/bot/answer-memory.ts).
 */

const PREFIX = 'verbatim';

/** What a button or menu under one of the bot's messages asks for. */
export type ButtonAction =
  | { action: 'quotes'; key: string }
  | { action: 'reading'; key: string }
  | { action: 'vote'; vote: 'up' | 'down'; key: string }
  | { action: 'page'; listing: 'sources' | 'actors'; page: number }
  | { action: 'actorPage'; page: 'more' | 'said'; key: string }
  | { action: 'relatedActor'; key: string }
  | { action: 'share'; key: string };

export const buttonIds = {
  quotes: (key: string) => `${PREFIX}:quotes:${key}`,
  /** The related reading under a short abstention, shown only to whoever clicks. */
  reading: (key: string) => `${PREFIX}:reading:${key}`,
  vote: (vote: 'up' | 'down', key: string) => `${PREFIX}:vote:${vote}:${key}`,
  page: (listing: 'sources' | 'actors', page: number) => `${PREFIX}:${listing}:${page}`,
  actorPage: (page: 'more' | 'said', key: string) => `${PREFIX}:actor:${page}:${key}`,
  relatedActor: (key: string) => `${PREFIX}:related:${key}`,
  share: (key: string) => `${PREFIX}:share:${key}`,
};

/**
 * Reads a custom id back: the action it asks for, or null when it is not one of the bot's (another
 * app's, or an id an older version made that no longer means anything).
 */
export function parseButtonId(customId: string): ButtonAction | null {
  const [prefix, action, first = '', second = ''] = customId.split(':');
  if (prefix !== PREFIX) return null;
  switch (action) {
    case 'quotes':
    case 'reading':
    case 'share':
      return first ? { action, key: first } : null;
    case 'related':
      return first ? { action: 'relatedActor', key: first } : null;
    case 'vote':
      return (first === 'up' || first === 'down') && second ? { action: 'vote', vote: first, key: second } : null;
    case 'sources':
    case 'actors': {
      const page = Number(first);
      return Number.isInteger(page) && page >= 0 ? { action: 'page', listing: action, page } : null;
    }
    case 'actor':
      return (first === 'more' || first === 'said') && second ? { action: 'actorPage', page: first, key: second } : null;
    default:
      return null;
  }
}

/** The reply key a button carries, when it carries one (a reply to the bot's message continues that reply). */
export function replyKeyOf(customId: string): string | null {
  const parsed = parseButtonId(customId);
  return parsed && 'key' in parsed ? parsed.key : null;
}

/** A short name of what an id does, for the log (never the key). */
export function buttonLogName(customId: string): string {
  return parseButtonId(customId) ? customId.split(':').slice(0, 2).join(':') : 'unknown button';
}
