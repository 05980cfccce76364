import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './keyedLock.js';
import { createLogger } from './logger.js';
import { connectRedis } from './redis.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A read-modify-write that loses updates unless calls are serialised. */
function racyCounter() {
  let value = 0;
  return {
    get: () => value,
    async increment() {
      const read = value;
      await pause(2);
      value = read + 1;
    },
  };
}

describe('createKeyedLock', () => {
  it('serialises critical sections per key within a process', async () => {
    const lock = createKeyedLock();
    const counter = racyCounter();
    await Promise.all(Array.from({ length: 20 }, () => lock.run('k', () => counter.increment())));
    expect(counter.get()).toBe(20);
  });

  it('the same racy code loses updates without it (the test above can fail)', async () => {
    const counter = racyCounter();
    await Promise.all(Array.from({ length: 20 }, () => counter.increment()));
    expect(counter.get()).toBeLessThan(20);
  });

  it('serialises across two lock instances (two processes) through Redis', async () => {
    const logger = createLogger('silent');
    const prefix = `relaydesk-test:lock-${Date.now()}:`;
    const [redisA, redisB] = await Promise.all([
      connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: prefix, logger }),
      connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: prefix, logger }),
    ]);
    const a = createKeyedLock({ redis: redisA });
    const b = createKeyedLock({ redis: redisB });
    const counter = racyCounter();
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).run('shared', () => counter.increment())));
    expect(counter.get()).toBe(10);
    expect(await redisA.client!.exists(redisA.key('lock', 'shared'))).toBe(0);
    await Promise.all([redisA.close(), redisB.close()]);
  });

  it('releases the lock when the section throws', async () => {
    const lock = createKeyedLock();
    await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 'next')).resolves.toBe('next');
  });
});
