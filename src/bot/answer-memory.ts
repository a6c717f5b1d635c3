import { randomBytes } from 'node:crypto';
import type { Citation, CitedSentence } from '../evidence/index.js';

/** What the buttons under a reply need: the quotes to reveal and what a vote is about. */
export interface RememberedReply {
  question: string;
  abstained: boolean;
  generation: string | null;
  sentences: CitedSentence[];
  citations: Citation[];
}

/**
 * Recent replies by a short random key carried in the buttons' custom ids (Discord allows only
 * 100 characters there). Bounded: the oldest entries are forgotten first.
 */
export interface ReplyMemory {
  remember(reply: RememberedReply): string;
  recall(key: string): RememberedReply | undefined;
}

export function createReplyMemory(capacity = 500): ReplyMemory {
  const entries = new Map<string, RememberedReply>();
  return {
    remember(reply) {
      const key = randomBytes(6).toString('hex');
      entries.set(key, reply);
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return key;
    },
    recall(key) {
      return entries.get(key);
    },
  };
}
