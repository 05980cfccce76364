import type { ErrorBody } from '@relaydesk/shared';
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { RedisHandle } from '../../platform/redis.js';

export interface RateLimitOptions {
  name: string;
  max: number;
  windowMs: number;
  redis: RedisHandle;
}

/**
 * A per-IP limit whose counts live in Redis when it is up, so every server
 * process shares one count; otherwise in this process's memory. If Redis fails
 * mid-flight the request passes rather than failing.
 */
export function createRateLimit({ name, max, windowMs, redis }: RateLimitOptions): RateLimitRequestHandler {
  const client = redis.isUp() ? redis.client : null;
  return rateLimit({
    windowMs,
    limit: max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    identifier: name,
    store: client
      ? new RedisStore({
          prefix: redis.key('rl', name, ''),
          sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as never,
        })
      : undefined,
    handler: (_req: Request, res: Response) => {
      const body: ErrorBody = { error: { code: 'rate_limited', message: 'too many requests; try again later' } };
      res.status(429).json(body);
    },
  });
}
