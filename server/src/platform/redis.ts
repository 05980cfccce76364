import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type RedisState = 'up' | 'down' | 'disabled';

/**
 * The process's Redis connection, or its absence. Every user of Redis goes
 * through this, checks `isUp()` and treats Redis as optional: the server runs
 * in single-node mode without it.
 */
export interface RedisHandle {
  /** The shared client, or null in single-node mode (Redis disabled or not reachable at start). */
  readonly client: Redis | null;
  /** Prepends the configured key prefix, so several deployments or test runs can share one Redis. */
  key(...parts: string[]): string;
  readonly prefix: string;
  state(): RedisState;
  isUp(): boolean;
  /** Opens a second connection with the same options (pub/sub needs its own). */
  duplicate(): Redis | null;
  /**
   * For users that can switch between Redis and memory on any call (rate limits):
   * the shared client, or, when Redis was down at start, a connection that keeps
   * retrying in the background, so they rejoin Redis when it returns. Null when
   * Redis is disabled. Use it only while its `status` is `'ready'`.
   */
  reconnectingClient?(): Redis | null;
  close(): Promise<void>;
}

export interface RedisOptions {
  url: string;
  enabled: boolean;
  keyPrefix: string;
  logger: Logger;
  /** How long to wait for the first connection before going single-node. */
  connectTimeoutMs?: number;
}

/**
 * Connects to Redis. If it does not answer at start, the server goes on in
 * single-node mode and says so once; if it drops later, commands fail fast
 * (no offline queue) and the outage and recovery are each logged once.
 */
export async function connectRedis(options: RedisOptions): Promise<RedisHandle> {
  const { url, enabled, keyPrefix, logger } = options;
  const key = (...parts: string[]) => keyPrefix + parts.join(':');
  if (!enabled) {
    logger.warn('Redis disabled (REDIS_ENABLED=0): single-node mode, no shared cache, in-memory rate limits');
    return singleNode('disabled', keyPrefix, key);
  }

  const connectTimeout = options.connectTimeoutMs ?? 2000;
  const client = newClient(url, connectTimeout);
  let up = false;
  let outageLogged = false;
  // Set by close(): the connection ending then is the plan, not an outage.
  let closing = false;
  client.on('ready', () => {
    if (outageLogged) logger.info('Redis is back');
    up = true;
    outageLogged = false;
  });
  client.on('error', (err: Error) => {
    if (!outageLogged && up) logger.error({ err: err.message }, 'Redis connection lost; continuing without it until it returns');
    outageLogged = true;
    up = false;
  });
  client.on('close', () => {
    if (up && !outageLogged && !closing) logger.error('Redis connection lost; continuing without it until it returns');
    if (up) outageLogged = true;
    up = false;
  });

  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    logger.warn(
      { url: redactUrl(url), err: (err as Error).message },
      'Redis is not reachable: single-node mode, no shared cache, in-memory rate limits',
    );
    return { ...singleNode('down', keyPrefix, key), ...lateConnection(url, connectTimeout) };
  }

  return {
    client,
    key,
    prefix: keyPrefix,
    state: () => (up ? 'up' : 'down'),
    isUp: () => up,
    duplicate: () => client.duplicate(),
    reconnectingClient: () => client,
    close: async () => {
      closing = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

function singleNode(state: RedisState, prefix: string, key: (...p: string[]) => string): RedisHandle {
  return {
    client: null,
    key,
    prefix,
    state: () => state,
    isUp: () => false,
    duplicate: () => null,
    reconnectingClient: () => null,
    close: async () => {},
  };
}

function newClient(url: string, connectTimeout: number): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout,
    retryStrategy: (attempt) => Math.min(attempt * 200, 3000),
  });
}

/**
 * The background connection of a process that found Redis down at start. Only
 * opened when someone asks for it: the other users keep to single-node mode for
 * the whole run, since moving presence or locks mid-flight would split their state.
 */
function lateConnection(url: string, connectTimeout: number): Pick<RedisHandle, 'reconnectingClient' | 'close'> {
  let late: Redis | null = null;
  return {
    reconnectingClient() {
      if (!late) {
        late = newClient(url, connectTimeout);
        // Failures are expected until Redis returns; the start-up warning already said so.
        late.on('error', () => {});
        late.connect().catch(() => {});
      }
      return late;
    },
    close: async () => {
      late?.disconnect();
    },
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
