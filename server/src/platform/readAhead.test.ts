import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOwnKeys } from '../test/harness.js';
import { createCache, entityTag, type CacheSpec } from './cache.js';
import { createLogger } from './logger.js';
import { parseReadAhead, readAheadArgs, runWithReadAhead, type ReadAheadPlan } from './readAhead.js';
import { connectRedis, type RedisHandle } from './redis.js';

const logger = createLogger('silent');
let redis: RedisHandle;

beforeAll(async () => {
  redis = await connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: `relaydesk-test:readahead-${randomBytes(4).toString('hex')}:`, logger });
});
afterAll(async () => {
  await deleteOwnKeys(redis);
  await redis.close();
});

const never = async (): Promise<never> => {
  throw new Error('the loader should not run: the read-ahead had the entry');
};

describe('read-ahead plan and reply', () => {
  const entry = (id: string) => ({ id, keyPrefix: `p:${id}:`, versionKeys: ['v:*', `v:${id}`], digest: `d-${id}` });

  it('lays out counter, exists key, entries and variants in the order the script reads them', () => {
    const plan: ReadAheadPlan = {
      counter: { key: 'rl:1.2.3.4', windowMs: 60_000 },
      exists: 'revoked:j1',
      entries: [entry('identity')],
      dependent: { from: 0, field: 'role', variants: { admin: entry('all') } },
    };
    expect(readAheadArgs(plan)).toEqual([
      'rl:1.2.3.4', '60000', 'revoked:j1', '1',
      'p:identity:', 'd-identity', '2', 'v:*', 'v:identity',
      '1', 'role', '1',
      'admin', 'p:all:', 'd-all', '2', 'v:*', 'v:all',
    ]);
  });

  it('hands each answer out once, and only for the key it was read for', () => {
    const plan: ReadAheadPlan = {
      counter: { key: 'rl:a', windowMs: 1000 },
      exists: 'revoked:j1',
      entries: [entry('identity')],
      dependent: { from: 0, field: 'role', variants: { admin: entry('all'), user: entry('own') } },
    };
    const result = parseReadAhead(plan, [3, 500, 1, 'p:identity:1.2:d-identity', 'ID', 'user', 'p:own:1.4:d-own', ''], 10_000);
    expect(result.takeCounter('rl:b')).toBeNull();
    expect(result.takeCounter('rl:a')).toEqual({ key: 'rl:a', totalHits: 3, resetTime: new Date(10_500) });
    expect(result.takeCounter('rl:a')).toBeNull();
    expect(result.takeExists('revoked:other')).toBeUndefined();
    expect(result.takeExists('revoked:j1')).toBe(true);
    expect(result.takeEntry('identity')).toEqual({ key: 'p:identity:1.2:d-identity', value: 'ID' });
    expect(result.takeEntry('all')).toBeUndefined();
    expect(result.takeEntry('own')).toEqual({ key: 'p:own:1.4:d-own', value: null });
    expect(result.takeEntry('own')).toBeUndefined();
  });

  it('ignores a variant name the plan did not offer', () => {
    const plan: ReadAheadPlan = { entries: [], dependent: { from: 0, field: 'role', variants: { admin: entry('all') } } };
    const result = parseReadAhead(plan, [0, 0, 0, 'constructor', 'k', 'v']);
    expect(result.takeEntry('all')).toBeUndefined();
  });
});

describe('read-ahead against Redis', () => {
  const identitySpec = (userId: string): CacheSpec => ({ name: 'identity', params: userId, tags: [`user:${userId}`], ttlSeconds: 60 });
  const listSpec = (role: string, userId: string): CacheSpec => ({
    name: 'list',
    params: { role, userId },
    tags: [role === 'admin' ? 'all' : `own:${userId}`],
    ttlSeconds: 60,
  });

  async function readAheadFor(cache: ReturnType<typeof createCache>, userId: string, counterKey: string) {
    const variants = Object.fromEntries(['admin', 'user'].map((role) => [role, cache.readAheadEntry(listSpec(role, userId))]));
    return cache.readAhead({
      counter: { key: counterKey, windowMs: 60_000 },
      exists: redis.key('revoked', userId),
      entries: [cache.readAheadEntry(identitySpec(userId))],
      dependent: { from: 0, field: 'role', variants },
    });
  }

  it('reads the identity, and the list its role sees, as the cache itself would', async () => {
    const cache = createCache({ redis, logger });
    await cache.getOrLoad(identitySpec('u1'), async () => ({ _id: 'u1', role: 'admin' }));
    const adminList = await cache.getOrLoadJson(listSpec('admin', 'u1'), async () => ({ items: ['everything'] }));
    await cache.getOrLoadJson(listSpec('user', 'u1'), async () => ({ items: ['own only'] }));

    const readAhead = await readAheadFor(cache, 'u1', redis.key('rl', 'u1'));
    expect(readAhead).not.toBeNull();
    await runWithReadAhead(readAhead!, async () => {
      expect(await cache.getOrLoad(identitySpec('u1'), never)).toEqual({ _id: 'u1', role: 'admin' });
      const list = await cache.getOrLoadJson(listSpec('admin', 'u1'), never);
      expect(list.parse()).toEqual({ items: ['everything'] });
      expect(list.etag).toBe(adminList.etag);
      expect(list.etag).toBe(entityTag(list.text));
    });
    expect(readAhead!.takeEntry(cache.readAheadEntry(listSpec('user', 'u1')).id)).toBeUndefined();
  });

  it('reads nothing stale after a tag is invalidated, and fills the entry under the key it read', async () => {
    const cache = createCache({ redis, logger });
    await cache.getOrLoad(identitySpec('u2'), async () => ({ _id: 'u2', role: 'user' }));
    await cache.getOrLoadJson(listSpec('user', 'u2'), async () => ({ items: ['old'] }));
    await cache.invalidate('own:u2');

    const readAhead = await readAheadFor(cache, 'u2', redis.key('rl', 'u2'));
    let loads = 0;
    await runWithReadAhead(readAhead!, async () => {
      const list = await cache.getOrLoadJson(listSpec('user', 'u2'), async () => {
        loads += 1;
        return { items: ['new'] };
      });
      expect(list.parse()).toEqual({ items: ['new'] });
    });
    expect(loads).toBe(1);
    const next = await readAheadFor(cache, 'u2', redis.key('rl', 'u2'));
    await runWithReadAhead(next!, async () => {
      expect((await cache.getOrLoadJson(listSpec('user', 'u2'), never)).parse()).toEqual({ items: ['new'] });
    });
  });

  it('reads no list while the identity is not cached', async () => {
    const cache = createCache({ redis, logger });
    const readAhead = await readAheadFor(cache, 'u3', redis.key('rl', 'u3'));
    const identity = cache.readAheadEntry(identitySpec('u3'));
    expect(readAhead!.takeEntry(identity.id)).toMatchObject({ value: null });
    expect(readAhead!.takeEntry(cache.readAheadEntry(listSpec('user', 'u3')).id)).toBeUndefined();
  });

  it('counts like rate-limit-redis: a new window at 1 with its full length, then increments within it', async () => {
    const cache = createCache({ redis, logger });
    const key = redis.key('rl', 'counter');
    const first = (await readAheadFor(cache, 'u4', key))!.takeCounter(key)!;
    const second = (await readAheadFor(cache, 'u4', key))!.takeCounter(key)!;
    expect(first.totalHits).toBe(1);
    expect(second.totalHits).toBe(2);
    const ttl = await redis.client!.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await redis.client!.get(key)).toBe('2');
  });

  it('says whether the key it was asked about exists', async () => {
    const cache = createCache({ redis, logger });
    expect((await readAheadFor(cache, 'u5', redis.key('rl', 'u5')))!.takeExists(redis.key('revoked', 'u5'))).toBe(false);
    await redis.client!.set(redis.key('revoked', 'u5'), '1', 'PX', 60_000);
    expect((await readAheadFor(cache, 'u5', redis.key('rl', 'u5')))!.takeExists(redis.key('revoked', 'u5'))).toBe(true);
  });

  it('gives null when the cache is off, so every part asks Redis itself', async () => {
    const cache = createCache({ redis, logger, enabled: false });
    expect(await readAheadFor(cache, 'u6', redis.key('rl', 'u6'))).toBeNull();
  });
});
