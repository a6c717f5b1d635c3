/**
 * The last question each person asked in each channel (or thread, or DM), for reading their
 * follow-ups in context. Keyed by person as well as channel: in a busy channel, "What about
 * Cabello?" continues what *that* person asked, not whoever spoke last.
 */
export interface ConversationMemory {
  record(channelId: string, userId: string, question: string): void;
  /** The person's last question in the channel if it was asked within `windowSeconds`, else null. */
  previous(channelId: string, userId: string, windowSeconds: number): string | null;
}

export function createConversationMemory(now: () => number = Date.now, capacity = 5000): ConversationMemory {
  const last = new Map<string, { question: string; at: number }>();
  const keyOf = (channelId: string, userId: string) => `${channelId}:${userId}`;
  return {
    record(channelId, userId, question) {
      const key = keyOf(channelId, userId);
      last.delete(key);
      last.set(key, { question, at: now() });
      while (last.size > capacity) last.delete(last.keys().next().value!);
    },
    previous(channelId, userId, windowSeconds) {
      const entry = last.get(keyOf(channelId, userId));
      if (!entry || windowSeconds <= 0) return null;
      return now() - entry.at <= windowSeconds * 1000 ? entry.question : null;
    },
  };
}
