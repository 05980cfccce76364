import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../app/context.js';
import { createLogger } from '../../platform/logger.js';
import { testConfig, useTestApp } from '../../test/harness.js';
import { createApp } from '../app.js';

// Tight limits, so the test reaches them with a handful of requests.
const app = useTestApp({ RATE_LIMIT_MAX: '6', AUTH_RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
const login = { email: 'nobody@example.test', password: 'whatever-password' };

describe('rate limits', () => {
  it('limits login attempts per IP with 429 and Retry-After, shared by every process through Redis', async () => {
    // A second app on the same Redis prefix stands for a second server process.
    const second = supertest(createApp(createContext({ ...app.ctx, config: app.ctx.config, mongoEngine: 'test' })));
    const statuses = [];
    for (const client of [app.request, second, app.request]) statuses.push((await client.post('/api/auth/login').send(login)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await second.post('/api/auth/login').send(login);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const keys = await app.redis.client!.keys(`${app.redis.prefix}rl:*`);
    expect(keys.length).toBeGreaterThan(0);
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
    const alone = supertest(createApp(createContext({ config, logger, redis, mongoEngine: 'test' })));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await alone.post('/api/auth/login').send(login)).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});
