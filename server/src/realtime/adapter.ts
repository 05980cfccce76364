import { SERVER_EVENTS } from '@relaydesk/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import { FailSoftPublisher } from './publisher.js';
import { createRecoverableRedisAdapter } from './recoveryAdapter.js';

/**
 * Not logged for replay, so sent without waiting for the log: a typing hint is stale
 * after a reconnect, and a farewell must be written before the disconnect that follows it.
 * Not volatile either: volatile packets are dropped whenever the transport is busy.
 */
const EPHEMERAL_EVENTS: ReadonlySet<string> = new Set([SERVER_EVENTS.typing, SERVER_EVENTS.sessionEnded]);

/** The socket.io server options for connection state recovery; none when `recoveryMs` is 0 (recovery off). */
export function recoveryOptions(recoveryMs: number): Partial<ServerOptions> {
  if (recoveryMs <= 0) return {};
  // skipMiddlewares false: a recovered connection still shows a valid token.
  return { connectionStateRecovery: { maxDisconnectionDuration: recoveryMs, skipMiddlewares: false } };
}

/** The Redis adapter for socket.io and how to close its connections. */
export interface ClusterAdapter {
  adapter: NonNullable<ServerOptions['adapter']>;
  close(): Promise<void>;
}

/** What the Redis adapter is built from. */
export interface ClusterAdapterDeps {
  redis: RedisHandle;
  logger: Logger;
  /** As in `recoveryOptions`: above 0, broadcasts are also logged in Redis for recovery on any process. */
  recoveryMs: number;
}

/**
 * The Redis adapter on two dedicated connections (a subscriber cannot send commands),
 * its channels under the deployment's key prefix; with recovery on, the recoverable
 * variant that keeps the event log and sessions in Redis. Null when Redis is not up:
 * events then stay on this process (socket.io's in-memory adapter).
 */
export async function connectClusterAdapter({ redis, logger, recoveryMs }: ClusterAdapterDeps): Promise<ClusterAdapter | null> {
  if (!redis.isUp() || !redis.client) return null;
  const sub = redis.duplicate();
  if (!sub) return null;
  // The same options as `redis.duplicate()`, on a client whose failed publishes do not end the process.
  const pub = new FailSoftPublisher({ ...redis.client.options }, logger);
  for (const client of [pub, sub]) {
    // The adapter adds a listener that only prints a warning; errors are logged by the shared client already.
    client.on('error', (err: Error) => logger.debug({ err: err.message }, 'realtime Redis connection error'));
  }
  try {
    await Promise.all([pub, sub].map((c) => (c.status === 'wait' ? c.connect() : Promise.resolve())));
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'Redis adapter unavailable: real-time events stay on this process');
    pub.disconnect();
    sub.disconnect();
    return null;
  }
  const key = `${redis.prefix}socket.io`;
  const adapter =
    recoveryMs > 0
      ? createRecoverableRedisAdapter(pub, sub, { store: redis.client, key, maxDisconnectionMs: recoveryMs, ephemeralEvents: EPHEMERAL_EVENTS, logger })
      : createAdapter(pub, sub, { key });
  return {
    adapter,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
