import type { Logger } from '../platform/logger.js';
import type { PresenceStore, PresenceTimings } from './store.js';

/** What the sweeper works on: the store, and the service's way of settling (and announcing) a person. */
export interface PresenceSweeperDeps {
  store: PresenceStore;
  /** Recomputes a person's effective status and announces it if it changed. */
  settle(userId: string): Promise<void>;
  logger: Logger;
  timings: PresenceTimings;
  now: () => number;
}

/** The clock of presence on one process: the heartbeat, and expiry at the end of grace periods. */
export interface PresenceSweeper {
  /** Starts the heartbeat. Idempotent. */
  start(): void;
  /** Stops the heartbeat and any pending sweep; `expireAt` is ignored until the next `start`. */
  stop(): void;
  /** Whether `start` was called and `stop` was not since. */
  isRunning(): boolean;
  /** Makes sure a sweep runs at `at` (or earlier, if one is already due sooner). */
  expireAt(at: number): void;
  /** Settles everyone with a connection whose time is up; concurrent calls share one run. */
  sweep(): Promise<void>;
  /** Confirms this process's open connections, settles any that had lapsed, then sweeps. */
  beat(): Promise<void>;
}

/**
 * Creates the sweeper: one heartbeat interval, and one sweep timer set for the earliest
 * pending expiry and set again after each sweep for the next one.
 */
export function createPresenceSweeper({ store, settle, logger, timings, now }: PresenceSweeperDeps): PresenceSweeper {
  let heartbeat: NodeJS.Timeout | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweepAt = Infinity;
  let running = false;
  let sweeping: Promise<void> | null = null;

  /** Finds connections whose time is up (closed past grace, or whose process died) and settles their users. */
  function sweep(): Promise<void> {
    if (sweeping) return sweeping;
    sweeping = (async () => {
      const users = await store.takeExpired(now());
      for (const userId of users) await settle(userId);
    })().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  /** One timer per process for the earliest pending grace expiry, however many tabs closed. */
  function expireAt(at: number): void {
    if (!running || at >= sweepAt) return;
    if (sweepTimer) clearTimeout(sweepTimer);
    sweepAt = at;
    sweepTimer = setTimeout(
      () => {
        sweepTimer = null;
        sweepAt = Infinity;
        void sweep().then(() => {
          const next = store.nextExpiry();
          if (next < Infinity) expireAt(next + 1);
        });
      },
      Math.max(0, at - now()),
    );
    sweepTimer.unref();
  }

  /** Confirms this process's open connections; any that had expired meanwhile (a stall, a Redis restart) count again. */
  async function beat(): Promise<void> {
    const revived = await store.refresh(now() + timings.ttlMs);
    for (const userId of revived) await settle(userId);
    await sweep();
  }

  return {
    start() {
      if (running) return;
      running = true;
      heartbeat = setInterval(() => {
        beat().catch((err: unknown) => logger.error({ err }, 'presence heartbeat failed'));
      }, timings.heartbeatMs);
      heartbeat.unref();
    },
    stop() {
      running = false;
      if (heartbeat) clearInterval(heartbeat);
      if (sweepTimer) clearTimeout(sweepTimer);
      heartbeat = null;
      sweepTimer = null;
      sweepAt = Infinity;
    },
    isRunning: () => running,
    expireAt,
    sweep,
    beat,
  };
}
