import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startRedisProcess } from '../test/redisProcess.js';
import { createLogger } from './logger.js';
import { connectRedis } from './redis.js';

/** A logger that keeps what it was told, as parsed JSON lines. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, errors: () => lines.filter((l) => l.level >= 50).map((l) => l.msg) };
}

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

  it('logs an outage when Redis goes away, but not when the server closes its own connection', async () => {
    const server = await startRedisProcess();
    try {
      const quiet = recordingLogger();
      const closed = await connectRedis({ url: server.url, enabled: true, keyPrefix: 'x:', logger: quiet.logger });
      const client = closed.client!;
      await closed.close();
      // The socket closes after QUIT's answer; wait for that, as a shutdown would.
      for (let i = 0; i < 50 && client.status !== 'end'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(client.status).toBe('end');
      expect(quiet.errors()).toEqual([]);

      const loud = recordingLogger();
      const dropped = await connectRedis({ url: server.url, enabled: true, keyPrefix: 'x:', logger: loud.logger });
      await server.stop();
      for (let i = 0; i < 50 && dropped.isUp(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(loud.errors()).toEqual(['Redis connection lost; continuing without it until it returns']);
      dropped.client!.disconnect();
    } finally {
      await server.stop();
    }
  });
});
