/** The last question asked in each channel (or thread, or DM), for reading follow-ups in context. */
export interface ConversationMemory {
  record(channelId: string, question: string): void;
  /** The last question in the channel if it was asked within `windowSeconds`, else null. */
  previous(channelId: string, windowSeconds: number): string | null;
}

export function createConversationMemory(now: () => number = Date.now, capacity = 5000): ConversationMemory {
  const last = new Map<string, { question: string; at: number }>();
  return {
    record(channelId, question) {
      last.delete(channelId);
      last.set(channelId, { question, at: now() });
      while (last.size > capacity) last.delete(last.keys().next().value!);
    },
    previous(channelId, windowSeconds) {
      const entry = last.get(channelId);
      if (!entry || windowSeconds <= 0) return null;
      return now() - entry.at <= windowSeconds * 1000 ? entry.question : null;
    },
  };
}
