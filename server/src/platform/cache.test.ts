import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOwnKeys } from '../test/harness.js';
import { startRedisProcess, type RedisProcess } from '../test/redisProcess.js';
import { createCache } from './cache.js';
import { createLogger } from './logger.js';
import { connectRedis, type RedisHandle } from './redis.js';

const logger = createLogger('silent');
let redis: RedisHandle;

beforeAll(async () => {
  redis = await connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: `relaydesk-test:cache-${randomBytes(4).toString('hex')}:`, logger });
});
afterAll(async () => {
  await deleteOwnKeys(redis);
  await redis.close();
});

/** A loader that counts how often the "database" was asked. */
function countingLoader<T>(value: () => T, delayMs = 0) {
  let calls = 0;
  return {
    calls: () => calls,
    load: async () => {
      calls += 1;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return value();
    },
  };
}

describe('cache-aside', () => {
  it('misses once, then hits', async () => {
    const cache = createCache({ redis, logger });
    const loader = countingLoader(() => ({ n: 1 }));
    const spec = { name: 'hit-miss', params: { page: 1 }, tags: ['t1'], ttlSeconds: 60 };
    expect(await cache.getOrLoad(spec, loader.load)).toEqual({ n: 1 });
    expect(await cache.getOrLoad(spec, loader.load)).toEqual({ n: 1 });
    expect(loader.calls()).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('keeps entries with different params apart', async () => {
    const cache = createCache({ redis, logger });
    let n = 0;
    const load = async () => ++n;
    expect(await cache.getOrLoad({ name: 'params', params: { page: 1 }, tags: [], ttlSeconds: 60 }, load)).toBe(1);
    expect(await cache.getOrLoad({ name: 'params', params: { page: 2 }, tags: [], ttlSeconds: 60 }, load)).toBe(2);
  });

  it('serves fresh data right after a tag is invalidated, and only for that tag', async () => {
    const cache = createCache({ redis, logger });
    let value = 'old';
    const a = { name: 'inv-a', tags: ['tickets:user:a'], ttlSeconds: 60 };
    const b = { name: 'inv-b', tags: ['tickets:user:b'], ttlSeconds: 60 };
    const loaderB = countingLoader(() => 'b');
    await cache.getOrLoad(a, async () => value);
    await cache.getOrLoad(b, loaderB.load);
    value = 'new';
    await cache.invalidate('tickets:user:a');
    expect(await cache.getOrLoad(a, async () => value)).toBe('new');
    await cache.getOrLoad(b, loaderB.load);
    expect(loaderB.calls()).toBe(1);
  });

  it('expires entries after their TTL', async () => {
    const cache = createCache({ redis, logger });
    const loader = countingLoader(() => 'v');
    const spec = { name: 'ttl', tags: [], ttlSeconds: 1 };
    await cache.getOrLoad(spec, loader.load);
    await new Promise((r) => setTimeout(r, 1_100));
    await cache.getOrLoad(spec, loader.load);
    expect(loader.calls()).toBe(2);
  });

  it('rebuilds a cold key once when many readers in two processes ask at once', async () => {
    const other = await connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: redis.prefix, logger });
    const caches = [createCache({ redis, logger }), createCache({ redis: other, logger })];
    const loader = countingLoader(() => 'expensive', 150);
    const spec = { name: 'stampede', tags: ['s'], ttlSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => caches[i % 2]!.getOrLoad(spec, loader.load)));
    expect(results).toEqual(Array(20).fill('expensive'));
    expect(loader.calls()).toBe(1);
    await other.close();
  });

  it('hands a hit back as the JSON text it stored, without parsing it', async () => {
    const cache = createCache({ redis, logger });
    const page = { items: [{ id: 'a', at: '2026-01-01T00:00:00.000Z' }], total: 1 };
    const loader = countingLoader(() => page);
    const spec = { name: 'json-text', tags: ['t-json'], ttlSeconds: 60 };
    const miss = await cache.getOrLoadJson(spec, loader.load);
    const hit = await cache.getOrLoadJson(spec, loader.load);
    expect(miss.text).toBe(JSON.stringify(page));
    expect(hit.text).toBe(miss.text);
    expect(hit.parse()).toEqual(page);
    expect(loader.calls()).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, bypassed: 0 });
  });

  it('counts an answer that arrived while this process was busy as a hit, not as a slow Redis', async () => {
    const cache = createCache({ redis, logger, timeoutMs: 25 });
    const spec = { name: 'busy-loop', tags: ['t-busy'], ttlSeconds: 60 };
    const loader = countingLoader(() => 'stored');
    await cache.getOrLoad(spec, loader.load);
    // The read is on the wire; then the event loop is held for four times the timeout,
    // as a request handler serialising a large page would hold it.
    const reading = cache.getOrLoad(spec, loader.load);
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // busy
    }
    expect(await reading).toBe('stored');
    expect(loader.calls()).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, bypassed: 0, errors: 0 });
  });

  it('reads through to the loader when switched off', async () => {
    const cache = createCache({ redis, logger, enabled: false });
    const loader = countingLoader(() => 1);
    const spec = { name: 'off', tags: [], ttlSeconds: 60 };
    await cache.getOrLoad(spec, loader.load);
    await cache.getOrLoad(spec, loader.load);
    expect(loader.calls()).toBe(2);
  });
});

describe('cache when Redis fails', () => {
  let server: RedisProcess;
  beforeAll(async () => {
    server = await startRedisProcess();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('falls back to the loader while Redis is down, never serves what changed meanwhile, and recovers', async () => {
    const own = await connectRedis({ url: server.url, enabled: true, keyPrefix: 'c:', logger });
    const cache = createCache({ redis: own, logger, timeoutMs: 50 });
    let value = 'before';
    const loader = countingLoader(() => value);
    const spec = { name: 'outage', tags: ['x'], ttlSeconds: 60 };
    expect(await cache.getOrLoad(spec, loader.load)).toBe('before');

    await server.stop();
    await new Promise((r) => setTimeout(r, 100));
    value = 'during';
    await cache.invalidate('x'); // cannot reach Redis
    expect(await cache.getOrLoad(spec, loader.load)).toBe('during');
    expect(cache.isEnabled()).toBe(false);

    // Redis comes back with its old contents (a restart that kept data would look the same to us).
    await server.start();
    for (let i = 0; i < 50 && !own.isUp(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(own.isUp()).toBe(true);
    value = 'after';
    expect(await cache.getOrLoad(spec, loader.load)).toBe('after');
    expect(await cache.getOrLoad(spec, loader.load)).toBe('after');
    expect(cache.stats().hits).toBeGreaterThanOrEqual(1);
    await own.close();
  });

  it('bypasses a Redis that is slower than the timeout', async () => {
    const own = await connectRedis({ url: server.url, enabled: true, keyPrefix: 'slow:', logger });
    const cache = createCache({ redis: own, logger, timeoutMs: 30 });
    const blocker = own.duplicate()!;
    blocker.on('error', () => {});
    await blocker.connect();
    // CLIENT PAUSE holds every other client's commands, as an overloaded Redis would.
    await blocker.call('CLIENT', 'PAUSE', '500', 'ALL');
    const loader = countingLoader(() => 'db');
    expect(await cache.getOrLoad({ name: 'slow', tags: [], ttlSeconds: 60 }, loader.load)).toBe('db');
    expect(cache.stats().errors).toBeGreaterThan(0);
    blocker.disconnect();
    await own.close();
  });
});

describe('invalidateAll', () => {
  it('drops every entry whatever its tags', async () => {
    const cache = createCache({ redis, logger });
    let n = 0;
    const spec = { name: 'all', tags: ['some-tag'], ttlSeconds: 60 };
    await cache.getOrLoad(spec, async () => ++n);
    await cache.invalidateAll();
    expect(await cache.getOrLoad(spec, async () => ++n)).toBe(2);
  });
});
