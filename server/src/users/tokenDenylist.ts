import type { Logger } from '../platform/logger.js';
import { currentReadAhead } from '../platform/readAhead.js';
import type { RedisHandle } from '../platform/redis.js';

/**
 * Access tokens signed out before they run out, by `jti`, each kept only until its
 * own expiry. Written to Redis, so every process refuses it, and to this process's
 * memory, which answers when Redis does not.
 */
export function createTokenDenylist({ redis, logger, timeoutMs }: { redis: RedisHandle; logger: Logger; timeoutMs: number }) {
  const local = new Map<string, number>();
  const keyOf = (jti: string) => redis.key('revoked-token', jti);
  const client = () => (redis.isUp() ? redis.client : null);

  function prune(now: number): void {
    for (const [jti, until] of local) if (until <= now) local.delete(jti);
  }

  return {
    /** Refuses the token `jti` from now until `expiresAtMs`. */
    async add(jti: string, expiresAtMs: number): Promise<void> {
      const now = Date.now();
      const ttlMs = expiresAtMs - now;
      if (ttlMs <= 0) return;
      prune(now);
      local.set(jti, expiresAtMs);
      try {
        await client()?.set(keyOf(jti), '1', 'PX', ttlMs);
      } catch (err) {
        logger.warn({ err }, 'could not record a signed-out token in Redis; only this process refuses it');
      }
    },

    /** The Redis key `has(jti)` asks about, so a request can read it ahead (see platform/readAhead.ts). */
    readAheadKey: keyOf,

    async has(jti: string): Promise<boolean> {
      const until = local.get(jti);
      if (until !== undefined && until > Date.now()) return true;
      const redisClient = client();
      if (!redisClient) return false;
      const readAhead = currentReadAhead()?.takeExists(keyOf(jti));
      if (readAhead !== undefined) return readAhead;
      // A slow Redis must not hold every request up: past the wait, this process's memory answers.
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<number>((resolve) => {
        timer = setTimeout(() => resolve(0), timeoutMs);
      });
      try {
        return (await Promise.race([redisClient.exists(keyOf(jti)), gaveUp])) > 0;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type TokenDenylist = ReturnType<typeof createTokenDenylist>;
