import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../platform/freePort.js';
import { FailSoftPublisher } from './publisher.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A real logger whose warnings land in `lines`. */
function capturingLogger() {
  const lines: { msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) });
  return { logger, lines };
}

describe('the real-time publishing connection', () => {
  const opened: Redis[] = [];
  afterEach(() => {
    for (const client of opened.splice(0)) client.disconnect();
  });

  it('publishes like any client while Redis answers', async () => {
    const { logger, lines } = capturingLogger();
    const channel = `relaydesk-test:publisher:${randomBytes(4).toString('hex')}`;
    const subscriber = new Redis(REDIS_URL);
    opened.push(subscriber);
    await subscriber.subscribe(channel);
    const received = new Promise<string>((resolve) => subscriber.once('message', (_channel: string, message: string) => resolve(message)));
    // As the adapter builds it: the options of the process's client.
    const shared = new Redis(REDIS_URL, { lazyConnect: true });
    const publisher = new FailSoftPublisher({ ...shared.options }, logger);
    opened.push(publisher);

    expect(await publisher.publish(channel, 'hello')).toBe(1);
    expect(await received).toBe('hello');
    expect(lines).toEqual([]);
  });

  it('resolves to no receivers instead of rejecting when Redis is unreachable, and warns once', async () => {
    const { logger, lines } = capturingLogger();
    const port = await freePort();
    const publisher = new FailSoftPublisher({ host: '127.0.0.1', port, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null }, logger);
    opened.push(publisher);

    expect(await publisher.publish('any', 'one')).toBe(0);
    expect(await publisher.publish('any', 'two')).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(['real-time publish to Redis failed; other processes miss this event']);
  });
});
