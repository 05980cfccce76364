import { randomUUID } from 'node:crypto';
import type { RedisHandle } from './redis.js';

/**
 * Runs critical sections one at a time per key.
 *
 * FerretDB applies updates by read-modify-write in its proxy, so two concurrent
 * `$inc` or conditional updates on one document can both pass. Writes that must
 * not race go through here: an in-process queue per key, plus a short Redis
 * lock (SET NX PX with an owner token) when Redis is up, so several server
 * processes serialise too. On MongoDB the conditional updates are atomic anyway;
 * this is the second belt.
 */
export interface KeyedLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface KeyedLockOptions {
  redis?: RedisHandle;
  /** How long a Redis lock lives if its holder dies without releasing it. */
  ttlMs?: number;
  /** How long to keep trying to take a Redis lock before giving up on it. */
  waitMs?: number;
}

const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createKeyedLock({ redis, ttlMs = 10_000, waitMs = 10_000 }: KeyedLockOptions = {}): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();

  async function withRedisLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const client = redis?.isUp() ? redis.client : null;
    if (!client || !redis) return fn();
    const lockKey = redis.key('lock', key);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let acquired = false;
    let delay = 5;
    while (!acquired) {
      try {
        acquired = (await client.set(lockKey, token, 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        // Redis went away: the in-process queue still serialises this process.
        return fn();
      }
      if (acquired) break;
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${key}`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 100);
    }
    try {
      return await fn();
    } finally {
      await client.eval(RELEASE_SCRIPT, 1, lockKey, token).catch(() => {});
    }
  }

  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.catch(() => {}).then(() => withRedisLock(key, fn));
      const tail = result.catch(() => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
