import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../platform/logger.js';

/**
 * The Redis adapter's publishing connection, whose `publish` never rejects.
 *
 * The adapter publishes without handling the promise; with the offline queue disabled
 * a publish during a Redis outage rejects, and an unhandled rejection would end the
 * process. A failed publish resolves to 0 receivers and is logged once; local delivery
 * goes on regardless, only other processes miss the event. A subclass, so the adapter
 * gets a genuine ioredis client (it listens on it, sends PUBSUB through it and inspects
 * its type) and nothing is patched at run time.
 */
export class FailSoftPublisher extends Redis {
  private warned = false;

  constructor(
    options: RedisOptions,
    private readonly logger: Logger,
  ) {
    super(options);
  }

  override publish(channel: string | Buffer, message: string | Buffer): Promise<number> {
    return super.publish(channel, message).catch((err: unknown) => {
      if (!this.warned) this.logger.warn({ err: (err as Error).message }, 'real-time publish to Redis failed; other processes miss this event');
      this.warned = true;
      return 0;
    });
  }
}
