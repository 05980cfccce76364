import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import supertest from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { assembleRelayDesk } from '../../app/compositionRoot.js';
import { createLogger } from '../../platform/logger.js';
import { connectRedis } from '../../platform/redis.js';
import { testConfig, useTestApp } from '../../test/harness.js';
import { startRedisProcess } from '../../test/redisProcess.js';

// Tight limits, so the test reaches them with a handful of requests.
const app = useTestApp({ RATE_LIMIT_MAX: '6', AUTH_RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
const login = { email: 'nobody@example.test', password: 'whatever-password' };

describe('rate limits', () => {
  it('limits login attempts per IP with 429 and Retry-After, shared by every process through Redis', async () => {
    // A second app on the same Redis prefix stands for a second server process.
    const { config, logger, redis } = app.ctx;
    const secondProcess = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'test', workflows: false });
    const second = supertest(secondProcess.app);
    const statuses = [];
    for (const client of [app.request, second, app.request]) statuses.push((await client.post('/api/auth/login').send(login)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await second.post('/api/auth/login').send(login);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const keys = await app.redis.client!.keys(`${app.redis.prefix}rl:*`);
    expect(keys.length).toBeGreaterThan(0);
    await secondProcess.stop();
  });

  it('applies the global limit to every API request', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.request.get('/api/health')).status);
    expect(statuses.at(-1)).toBe(429);
  });

  it('counts in memory when Redis is not available', async () => {
    const logger = createLogger('silent');
    const config = testConfig({ REDIS_ENABLED: '0', AUTH_RATE_LIMIT_MAX: '2' });
    const { connectRedis } = await import('../../platform/redis.js');
    const redis = await connectRedis({ ...config.redis, logger });
    expect(redis.state()).toBe('disabled');
    const aloneProcess = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'test', workflows: false });
    const alone = supertest(aloneProcess.app);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await alone.post('/api/auth/login').send(login)).status);
    expect(statuses).toEqual([401, 401, 429]);
    await aloneProcess.stop();
  });
});

/** A server process on its own Redis, with a login limit of 3 and a 50 ms deadline for Redis. */
async function processOn(url: string, prefix: string) {
  const said: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void said.push((JSON.parse(line) as { msg: string }).msg) });
  const config = testConfig({
    REDIS_URL: url,
    REDIS_KEY_PREFIX: prefix,
    AUTH_RATE_LIMIT_MAX: '3',
    RATE_LIMIT_WINDOW_MS: '60000',
    RATE_LIMIT_REDIS_TIMEOUT_MS: '50',
  });
  const redis = await connectRedis({ ...config.redis, logger, connectTimeoutMs: 500 });
  const { app } = await assembleRelayDesk({ config, logger, redis, mongoEngine: 'test', workflows: false });
  const request = supertest(app);
  const tryLogin = async () => (await request.post('/api/auth/login').timeout(3000).send(login)).status;
  return { redis, request, tryLogin, said };
}

const newPrefix = () => `relaydesk-test:rl-${randomBytes(4).toString('hex')}:`;

describe('rate limits when Redis fails', () => {
  it('keep the login limit and answer /api/health fast while Redis is paused', async () => {
    const server = await startRedisProcess();
    const node = await processOn(server.url, newPrefix());
    try {
      expect([await node.tryLogin(), await node.tryLogin()]).toEqual([401, 401]);
      server.pause();
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const health = await node.request.get('/api/health').timeout(3000);
        expect(health.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(1000);
      }
      expect([await node.tryLogin(), await node.tryLogin()]).toEqual([401, 429]);
      const fellBack = node.said.filter((m) => m === 'rate limit counting in memory: Redis failed or was late');
      // Once per limit (global and credentials), not once per request.
      expect(fellBack.length).toBeGreaterThan(0);
      expect(fellBack.length).toBeLessThanOrEqual(2);
    } finally {
      server.resume();
      await node.redis.close();
      await server.stop();
    }
  });

  it('keep the login limit when Redis is killed (closed, not open), and count in Redis again when it returns', async () => {
    const server = await startRedisProcess();
    const node = await processOn(server.url, newPrefix());
    try {
      expect([await node.tryLogin(), await node.tryLogin()]).toEqual([401, 401]);
      await server.stop();
      expect([await node.tryLogin(), await node.tryLogin()]).toEqual([401, 429]);

      // Redis comes back empty: counting goes there again, and this process's own count still holds.
      await server.start();
      await vi.waitFor(() => expect(node.redis.client?.status).toBe('ready'), { timeout: 10_000, interval: 100 });
      await new Promise((r) => setTimeout(r, 1_100)); // past the pause after a failure
      expect(await node.tryLogin()).toBe(429);
      expect(await node.redis.client!.keys(`${node.redis.prefix}rl:credentials:*`)).toHaveLength(1);
    } finally {
      await node.redis.close();
      await server.stop();
    }
  });

  it('count in Redis again once it returns, in a process that started without it', async () => {
    const server = await startRedisProcess();
    await server.stop();
    const prefix = newPrefix();
    const lateNode = await processOn(server.url, prefix);
    let otherNode: Awaited<ReturnType<typeof processOn>> | null = null;
    try {
      expect(lateNode.redis.state()).toBe('down');
      expect(await lateNode.tryLogin()).toBe(401);

      await server.start();
      await vi.waitFor(() => expect(lateNode.redis.reconnectingClient?.()?.status).toBe('ready'), { timeout: 10_000, interval: 100 });
      // A second process that found Redis up uses the same count.
      otherNode = await processOn(server.url, prefix);
      expect([await otherNode.tryLogin(), await otherNode.tryLogin(), await otherNode.tryLogin()]).toEqual([401, 401, 401]);
      expect(await lateNode.tryLogin()).toBe(429);
    } finally {
      await otherNode?.redis.close();
      await lateNode.redis.close();
      await server.stop();
    }
  });
});
