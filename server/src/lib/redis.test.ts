import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { connectRedis } from './redis.js';

describe('connectRedis', () => {
  it('goes to single-node mode, without throwing, when nothing answers', async () => {
    const redis = await connectRedis({
      url: 'redis://127.0.0.1:1',
      enabled: true,
      keyPrefix: 'x:',
      logger: createLogger('silent'),
      connectTimeoutMs: 500,
    });
    expect(redis.state()).toBe('down');
    expect(redis.client).toBeNull();
    await redis.close();
  });

  it('connects to the real Redis and prefixes keys', async () => {
    const redis = await connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: 'relaydesk-test:redis:', logger: createLogger('silent') });
    expect(redis.state()).toBe('up');
    expect(redis.key('a', 'b')).toBe('relaydesk-test:redis:a:b');
    expect(await redis.client!.ping()).toBe('PONG');
    await redis.close();
  });
});
