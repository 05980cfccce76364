import type { RedisHandle } from '../platform/redis.js';

/** Decides whether a typing signal is relayed; at most one per person and ticket per window. */
export interface TypingThrottle {
  shouldRelay(userId: string, ticketId: string): Promise<boolean>;
}

const PRUNE_ABOVE = 10_000;

/**
 * A local window first (free), then Redis `SET NX PX` when it is up, so a person typing
 * in two tabs connected to two processes is still relayed once per window.
 */
export function createTypingThrottle({
  redis,
  windowMs,
  now = Date.now,
}: {
  redis: RedisHandle;
  windowMs: number;
  now?: () => number;
}): TypingThrottle {
  const quietUntil = new Map<string, number>();

  function prune(at: number) {
    if (quietUntil.size < PRUNE_ABOVE) return;
    for (const [key, until] of quietUntil) if (until <= at) quietUntil.delete(key);
  }

  return {
    async shouldRelay(userId, ticketId) {
      if (windowMs <= 0) return true;
      const at = now();
      const key = `${userId}:${ticketId}`;
      if ((quietUntil.get(key) ?? 0) > at) return false;
      prune(at);
      quietUntil.set(key, at + windowMs);
      const client = redis.isUp() ? redis.client : null;
      if (!client) return true;
      try {
        return (await client.set(redis.key('typing', key), '1', 'PX', windowMs, 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
  };
}
