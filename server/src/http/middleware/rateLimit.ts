import type { ErrorBody } from '@relaydesk/shared';
import type { Request, Response } from 'express';
import {
  ipKeyGenerator,
  MemoryStore,
  rateLimit,
  type ClientRateLimitInfo,
  type Options,
  type RateLimitRequestHandler,
  type Store,
} from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore } from 'rate-limit-redis';
import { createCircuitBreaker, type CircuitBreaker } from '../../platform/circuitBreaker.js';
import type { Logger } from '../../platform/logger.js';
import { currentReadAhead } from '../../platform/readAhead.js';
import type { RedisHandle } from '../../platform/redis.js';

export interface RateLimitOptions {
  name: string;
  max: number;
  windowMs: number;
  redis: RedisHandle;
  /** How long one Redis call may take before this request is counted in memory only. */
  redisTimeoutMs?: number;
  /** Told once when counting leaves Redis and once when it returns. */
  logger?: Logger;
}

/** After a Redis call fails or is late, how long every request counts in memory before Redis is tried again. */
const REDIS_RETRY_AFTER_MS = 1_000;

class RedisDeadline extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RedisDeadline(`no answer from Redis within ${ms} ms`)), ms);
  });
  // A call that loses the race may still settle later; that must not surface as unhandled.
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Counts in Redis whenever it answers in time, so every process shares one count,
 * and always in this process's memory as well. The answer is the larger of the
 * two counts: when Redis is down, late or back from an outage, a client still
 * meets this process's own count, so a limit never opens because Redis did.
 */
class RedisWithMemoryStore implements Store {
  readonly localKeys = false;
  private readonly memory = new MemoryStore();
  private readonly breaker: CircuitBreaker;
  private options: Options | undefined;
  /** Rebuilt after any failure: a RedisStore whose script load failed keeps failing. */
  private redisStore: RedisStore | null = null;
  private redisStoreClient: Redis | null = null;

  constructor(
    readonly prefix: string,
    private readonly client: () => Redis | null,
    private readonly timeoutMs: number,
    private readonly name: string,
    private readonly logger: Logger | undefined,
  ) {
    let inMemory = false;
    this.breaker = createCircuitBreaker({
      threshold: 1,
      cooldownMs: REDIS_RETRY_AFTER_MS,
      // A stalled Redis re-opens the breaker every cool-down; say so once per episode.
      onStateChange: (state) => {
        if (state === 'open' && !inMemory) {
          inMemory = true;
          this.logger?.warn({ limit: this.name, timeoutMs }, 'rate limit counting in memory: Redis failed or was late');
        } else if (state === 'closed' && inMemory) {
          inMemory = false;
          this.logger?.info({ limit: this.name }, 'rate limit counting in Redis again');
        }
      },
    });
  }

  init(options: Options): void {
    this.options = options;
    this.memory.init(options);
  }

  /** The Redis store to use for this call, or null when Redis should not be asked now. */
  private redisForCall(): RedisStore | null {
    const client = this.client();
    if (!client || client.status !== 'ready' || !this.options) return null;
    if (!this.breaker.allowRequest()) return null;
    if (!this.redisStore || this.redisStoreClient !== client) {
      const store = new RedisStore({
        prefix: this.prefix,
        sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as never,
      });
      // Its script load is awaited by the first increment; a failure there is handled there.
      store.init(this.options).catch(() => {});
      this.redisStore = store;
      this.redisStoreClient = client;
    }
    return this.redisStore;
  }

  private async callRedis<T>(call: (store: RedisStore) => Promise<T>): Promise<T | undefined> {
    const store = this.redisForCall();
    if (!store) return undefined;
    try {
      const result = await withDeadline(call(store), this.timeoutMs);
      this.breaker.recordSuccess();
      return result;
    } catch {
      this.breaker.recordFailure();
      this.redisStore = null;
      return undefined;
    }
  }

  /**
   * The Redis counter a read-ahead may increment on this store's behalf, or null
   * when this store would not ask Redis now (down, or its breaker open).
   */
  readAheadCounter(key: string): { key: string; windowMs: number } | null {
    return this.redisForCall() && this.options ? { key: this.prefix + key, windowMs: this.options.windowMs } : null;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    // Incremented already by the request's read-ahead, with rate-limit-redis's own script semantics.
    const counted = currentReadAhead()?.takeCounter(this.prefix + key);
    if (counted) this.breaker.recordSuccess();
    const [shared, local] = await Promise.all([
      counted ? { totalHits: counted.totalHits, resetTime: counted.resetTime } : this.callRedis((s) => s.increment(key)),
      this.memory.increment(key),
    ]);
    return shared && shared.totalHits >= local.totalHits ? shared : local;
  }

  async decrement(key: string): Promise<void> {
    await Promise.all([this.callRedis((s) => s.decrement(key)), this.memory.decrement(key)]);
  }

  async resetKey(key: string): Promise<void> {
    await Promise.all([this.callRedis((s) => s.resetKey(key)), this.memory.resetKey(key)]);
  }

  shutdown(): void {
    this.memory.shutdown();
  }
}

/**
 * A per-IP limit shared by every server process through Redis, which never
 * waits on Redis for longer than `redisTimeoutMs` and never opens because Redis
 * is down or slow: counting then goes on in this process's memory (a limit per
 * process), and goes back to Redis as soon as it answers again, even in a
 * process that started without it.
 */
export function createRateLimit({ name, max, windowMs, redis, redisTimeoutMs = 100, logger }: RateLimitOptions): SharedRateLimit {
  const client = () => (redis.reconnectingClient ? redis.reconnectingClient() : redis.isUp() ? redis.client : null);
  const store = new RedisWithMemoryStore(redis.key('rl', name, ''), client, redisTimeoutMs, name, logger);
  // express-rate-limit's default key, written out so a read-ahead can name the same counter.
  const keyOf = (req: Request) => ipKeyGenerator(req.ip ?? '');
  const handler = rateLimit({
    windowMs,
    limit: max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The store answers from memory when Redis fails, so an error here is a bug: refuse rather than let everyone in.
    passOnStoreError: false,
    identifier: name,
    keyGenerator: keyOf,
    store,
    handler: (_req: Request, res: Response) => {
      const body: ErrorBody = { error: { code: 'rate_limited', message: 'too many requests; try again later' } };
      res.status(429).json(body);
    },
  });
  return Object.assign(handler, { readAheadCounter: (req: Request) => store.readAheadCounter(keyOf(req)) });
}

/** A rate limit whose Redis increment a request's read-ahead can make (see platform/readAhead.ts). */
export type SharedRateLimit = RateLimitRequestHandler & {
  /** The counter this limit will count `req` under in Redis, or null when it would count in memory only. */
  readAheadCounter(req: Request): { key: string; windowMs: number } | null;
};
