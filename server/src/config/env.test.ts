import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: '.data/test' };

describe('loadConfig', () => {
  it('has defaults that start the product with nothing set', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 3000,
      mongoUri: undefined,
      redis: { url: 'redis://127.0.0.1:6379', enabled: true },
      rateLimit: { max: 500, windowMs: 900_000 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('gives access tokens 15 minutes and refresh tokens 30 days unless told otherwise, and refuses a bad refresh lifetime', () => {
    expect(loadConfig(base)).toMatchObject({ jwt: { expiresIn: '15m' }, refreshTokenTtlDays: 30 });
    expect(loadConfig({ ...base, JWT_EXPIRES_IN: '1h', REFRESH_TOKEN_TTL_DAYS: '7' })).toMatchObject({
      jwt: { expiresIn: '1h' },
      refreshTokenTtlDays: 7,
    });
    expect(() => loadConfig({ ...base, REFRESH_TOKEN_TTL_DAYS: '0' })).toThrow(/REFRESH_TOKEN_TTL_DAYS/);
  });

  it('reports every bad value at once', () => {
    try {
      loadConfig({ ...base, PORT: 'eighty', RATE_LIMIT_MAX: '-1', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('RATE_LIMIT_MAX');
      expect(message).toContain('JWT_SECRET');
    }
  });

  it('requires a JWT secret in production and both admin settings or neither', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...base, ADMIN_EMAIL: 'a@example.test' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({ ...base, CORS_ORIGINS: 'https://a.example, https://b.example', REDIS_ENABLED: '0' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.redis.enabled).toBe(false);
  });
});
