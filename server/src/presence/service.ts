import type { PresenceStatus, StaffPresence } from '@relaydesk/shared';
import type { DomainEvents } from '../domain/events.js';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import { createMemoryPresenceStore } from './memoryStore.js';
import { createRedisPresenceStore } from './redisStore.js';
import { roleOfUser, staffWithChoices, storedChoicesOf } from './repo.js';
import { effectiveStatus, type PresenceConnection, type PresenceStore, type PresenceTimings } from './store.js';
import { createPresenceSweeper } from './sweeper.js';

/** What the presence service is built from; `now` is replaceable for tests. */
export interface PresenceServiceDeps {
  redis: RedisHandle;
  /** Where `presence.changed` is published; the service subscribes to nothing itself. */
  events: DomainEvents;
  logger: Logger;
  timings: PresenceTimings;
  now?: () => number;
}

/**
 * Who is connected and what others see of them. Built without side effects: the
 * composition root calls `start()` once the process accepts connections, wires
 * `chosenChanged` to `user.presence_changed` (`subscribePresenceToDomainEvents`), and
 * calls `stop()` before it closes the real-time server.
 */
export interface PresenceService {
  /** Starts the heartbeat; call once the process accepts connections. Until then (and after `stop`) connections are not recorded. */
  start(): void;
  /**
   * Stops timers and forgets local connections without touching Redis: this process's
   * connections then expire like a crashed process's, and another process (or this one
   * after a restart) announces them offline unless they reconnected elsewhere.
   */
  stop(): void;
  /** Records an opened connection; the person becomes visible with their stored choice. */
  connected(conn: PresenceConnection): Promise<void>;
  /** Records a closed connection; the person goes offline after the grace period if nothing else is open. */
  disconnected(conn: Pick<PresenceConnection, 'connectionId' | 'userId'>): Promise<void>;
  /** Takes a new stored choice into account at once, on whichever process is told (recorded even when not started). */
  chosenChanged(userId: string, status: PresenceStatus): Promise<void>;
  /** The status others see for each id (unknown ids are offline). For the assignment scorer and the API. */
  getEffectiveStatuses(userIds: string[], storedChoices?: ReadonlyMap<string, PresenceStatus>): Promise<Map<string, PresenceStatus>>;
  /** Every moderator and admin with their effective status, by name. */
  listStaff(): Promise<StaffPresence[]>;
  /** Runs one heartbeat now (tests use it instead of waiting for the interval). */
  beat(): Promise<void>;
}

/**
 * The store presence keeps its state in: Redis when this process has a Redis client (the
 * Redis store copes with outages by answering from its in-memory twin), the memory store
 * alone in single-node mode (Redis disabled, or not reachable at start).
 */
function createPresenceStore({ redis, logger, timings, now }: Required<Omit<PresenceServiceDeps, 'events'>>): PresenceStore {
  const local = createMemoryPresenceStore();
  return redis.client ? createRedisPresenceStore({ redis, local, logger, timings, now }) : local;
}

/** Builds the presence service over the store `createPresenceStore` picks. */
export function createPresenceService({ redis, events, logger, timings, now = Date.now }: PresenceServiceDeps): PresenceService {
  const store = createPresenceStore({ redis, logger, timings, now });
  const sweeper = createPresenceSweeper({ store, settle, logger, timings, now });

  /** Recomputes the effective status and announces it if it changed. */
  async function settle(userId: string): Promise<void> {
    const changed = await store.settle(userId, now());
    if (changed) void events.publish('presence.changed', { userId, role: changed.role, status: changed.status });
  }

  /** Effective statuses for users whose stored choice is already known. */
  async function resolve(users: { id: string; chosen: PresenceStatus }[]): Promise<Map<string, PresenceStatus>> {
    const counts = await store.liveCounts(
      users.map((u) => u.id),
      now(),
    );
    return new Map(users.map((u) => [u.id, effectiveStatus(u.chosen, counts.get(u.id) ?? 0)]));
  }

  return {
    start: () => sweeper.start(),

    stop() {
      sweeper.stop();
      store.forgetLocal();
    },

    async connected(conn) {
      if (!sweeper.isRunning()) return;
      await store.open(conn);
      await settle(conn.userId);
    },

    async disconnected(conn) {
      if (!sweeper.isRunning()) return;
      const until = now() + timings.graceMs;
      await store.close(conn, until);
      sweeper.expireAt(until + 1);
    },

    async chosenChanged(userId, status) {
      if (await store.choose(userId, status, roleOfUser)) await settle(userId);
    },

    async getEffectiveStatuses(userIds, storedChoices) {
      const unique = [...new Set(userIds)];
      // The caller's copies of the stored choices (assignment caches them per person) save a read each.
      const missing = storedChoices ? unique.filter((id) => !storedChoices.has(id)) : unique;
      const chosen = new Map([...(storedChoices ?? []), ...(await storedChoicesOf(missing))]);
      return resolve(unique.map((id) => ({ id, chosen: chosen.get(id) ?? 'offline' })));
    },

    async listStaff() {
      const staff = await staffWithChoices();
      const statuses = await resolve(staff);
      return staff.map((u) => ({
        user: { id: u.id, name: u.name, role: u.role },
        status: statuses.get(u.id) ?? 'offline',
      }));
    },

    beat: () => sweeper.beat(),
  };
}
