import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { assembleRelayDesk } from '../../app/compositionRoot.js';
import { createLogger } from '../../platform/logger.js';
import { testConfig, useTestApp } from '../../test/harness.js';

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
