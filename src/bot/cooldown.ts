/** Per-user cooldown between questions. */
export interface Cooldown {
  /** Seconds the user must still wait (0 = may ask now, and the ask is recorded). */
  take(userId: string): number;
}

export function createCooldown(seconds: number, now: () => number = Date.now): Cooldown {
  const lastAsk = new Map<string, number>();
  return {
    take(userId) {
      if (seconds <= 0) return 0;
      const time = now();
      const last = lastAsk.get(userId);
      if (last !== undefined && time - last < seconds * 1000) return Math.ceil((seconds * 1000 - (time - last)) / 1000);
      lastAsk.set(userId, time);
      // Forget old entries so the map does not grow with every user ever seen.
      if (lastAsk.size > 10_000) {
        for (const [id, at] of lastAsk) if (time - at >= seconds * 1000) lastAsk.delete(id);
      }
      return 0;
    },
  };
}
