import type { PresenceStatus, Role, StaffPresence } from '@relaydesk/shared';
import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import { UserModel } from '../users/userModel.js';
import type { DomainEvents } from '../domain/events.js';

/** How presence reacts to connections coming and going, in milliseconds. */
export interface PresenceTimings {
  /** How long a person still counts as connected after their last connection closed. */
  graceMs: number;
  /** How often a process confirms its own connections and looks for expired ones. */
  heartbeatMs: number;
  /** How long a connection counts without a heartbeat; a crashed process's users go offline after it. */
  ttlMs: number;
}

/** One live connection (a browser tab). `connectionId` must be unique across processes. */
export interface PresenceConnection {
  connectionId: string;
  userId: string;
  role: Role;
  /** The stored choice (`User.presence`) as loaded when the connection was made. */
  chosen: PresenceStatus;
}

export interface PresenceServiceDeps {
  redis: RedisHandle;
  events: DomainEvents;
  logger: Logger;
  timings: PresenceTimings;
  now?: () => number;
}

/**
 * What others see: a stored `offline` ("appear offline") always wins; with no live
 * connection the person is offline; otherwise their stored choice.
 */
export function effectiveStatus(chosen: PresenceStatus, liveConnections: number): PresenceStatus {
  return chosen === 'offline' || liveConnections === 0 ? 'offline' : chosen;
}

/** A change of effective status to announce. */
interface Settled {
  status: PresenceStatus;
  role: Role;
}

const META_TTL_MS = 24 * 3_600_000;
const SWEEP_BATCH = 500;

/**
 * Recomputes a user's effective status and records it as announced, atomically, so
 * two processes settling the same user at once cannot leave a stale status behind.
 * Returns `[status, role]` when it changed, nil when it did not.
 * KEYS: connections zset, meta hash. ARGV: now (ms), meta TTL (ms).
 */
const SETTLE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local live = redis.call('ZCARD', KEYS[1])
local chosen = redis.call('HGET', KEYS[2], 'chosen') or 'online'
local role = redis.call('HGET', KEYS[2], 'role') or 'user'
local status = chosen
if live == 0 or chosen == 'offline' then status = 'offline' end
local previous = redis.call('HGET', KEYS[2], 'announced')
redis.call('HSET', KEYS[2], 'announced', status)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if previous == status then return nil end
return {status, role}
`;

interface LocalUser {
  role: Role;
  chosen: PresenceStatus;
  announced: PresenceStatus | null;
  /** connectionId → expiresAt; Infinity while the connection is open on this process. */
  connections: Map<string, number>;
}

/**
 * Who is connected, held in Redis so every process agrees and a crashed process's
 * connections expire, with an in-memory twin that is the whole truth when Redis is
 * down (single-node mode).
 *
 * Redis layout (the `{userId}` hash tag keeps one person's keys in one cluster slot):
 * - `presence:{userId}:conns`  sorted set connectionId → expiresAt (ms), refreshed by heartbeat
 * - `presence:{userId}:meta`   hash role, chosen (stored choice), announced (last effective status sent)
 * - `presence:expiries`        sorted set `userId|connectionId` → expiresAt, so any process finds
 *                              connections whose process stopped refreshing them
 * A closed connection is not removed but made to expire `graceMs` later: a reload within
 * the grace period never shows the person offline, and if the process dies during the
 * grace period another one still settles it.
 */
export function createPresenceService({ redis, events, logger, timings, now = Date.now }: PresenceServiceDeps) {
  const local = new Map<string, LocalUser>();
  let heartbeat: NodeJS.Timeout | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweepAt = Infinity;
  let running = false;
  let sweeping: Promise<void> | null = null;
  let redisFailureLogged = false;

  const connsKey = (userId: string) => redis.key('presence', `{${userId}}`, 'conns');
  const metaKey = (userId: string) => redis.key('presence', `{${userId}}`, 'meta');
  const expiriesKey = () => redis.key('presence', 'expiries');
  const expiryMember = (userId: string, connectionId: string) => `${userId}|${connectionId}`;

  /** The Redis client when it is usable; presence then lives there, else only in memory. */
  function liveRedis(): Redis | null {
    return redis.isUp() ? redis.client : null;
  }

  /** Runs a Redis step; on failure logs once and returns null so the caller falls back to memory. */
  async function viaRedis<T>(what: string, fn: (client: Redis) => Promise<T>): Promise<T | null> {
    const client = liveRedis();
    if (!client) return null;
    try {
      const result = await fn(client);
      redisFailureLogged = false;
      return result;
    } catch (err) {
      if (!redisFailureLogged) logger.warn({ err: (err as Error).message, what }, 'presence: Redis step failed; using local state');
      redisFailureLogged = true;
      return null;
    }
  }

  function settleLocally(userId: string, at: number): Settled | null {
    const entry = local.get(userId);
    if (!entry) return null;
    for (const [id, expiresAt] of entry.connections) if (expiresAt <= at) entry.connections.delete(id);
    const status = effectiveStatus(entry.chosen, entry.connections.size);
    if (entry.connections.size === 0 && status === 'offline') local.delete(userId);
    if (entry.announced === status) return null;
    entry.announced = status;
    return { status, role: entry.role };
  }

  /** Recomputes the effective status and announces it if it changed. */
  async function settle(userId: string): Promise<void> {
    const at = now();
    const fromRedis = await viaRedis('settle', async (client) => {
      const reply = (await client.eval(SETTLE_SCRIPT, 2, connsKey(userId), metaKey(userId), at, META_TTL_MS)) as [string, string] | null;
      return { changed: reply ? { status: reply[0] as PresenceStatus, role: reply[1] as Role } : null };
    });
    const localChange = settleLocally(userId, at);
    const changed = fromRedis ? fromRedis.changed : localChange;
    if (changed) {
      const entry = local.get(userId);
      if (entry) entry.announced = changed.status;
      void events.publish('presence.changed', { userId, role: changed.role, status: changed.status });
    }
  }

  async function record(userId: string, connectionId: string, expiresAt: number, options: { onlyIfPresent: boolean }) {
    const keyTtl = Math.max(timings.ttlMs, timings.graceMs) * 2;
    return viaRedis('record', async (client) => {
      const flags = options.onlyIfPresent ? (['XX'] as const) : ([] as const);
      const replies = await client
        .multi()
        .zadd(connsKey(userId), ...flags, expiresAt, connectionId)
        .pexpire(connsKey(userId), keyTtl)
        .zadd(expiriesKey(), ...flags, expiresAt, expiryMember(userId, connectionId))
        .exec();
      return replies;
    });
  }

  /** Finds connections whose time is up (closed past grace, or whose process died) and settles their users. */
  async function sweep(): Promise<void> {
    if (sweeping) return sweeping;
    sweeping = (async () => {
      const at = now();
      const users = new Set<string>();
      await viaRedis('sweep', async (client) => {
        const members = await client.zrangebyscore(expiriesKey(), '-inf', at, 'LIMIT', 0, SWEEP_BATCH);
        if (members.length === 0) return;
        const pipeline = client.pipeline();
        for (const m of members) pipeline.zrem(expiriesKey(), m);
        const removed = (await pipeline.exec()) ?? [];
        // Only the process whose ZREM removed an entry settles it, so one change is announced once.
        members.forEach((m, i) => {
          if (removed[i]?.[1] === 1) users.add(m.slice(0, m.indexOf('|')));
        });
      });
      for (const [userId, entry] of local) {
        for (const expiresAt of entry.connections.values()) if (expiresAt <= at) users.add(userId);
      }
      for (const userId of users) await settle(userId);
    })().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  /** One timer per process for the earliest pending grace expiry, however many tabs closed. */
  function scheduleSweep(at: number) {
    if (!running || at >= sweepAt) return;
    if (sweepTimer) clearTimeout(sweepTimer);
    sweepAt = at;
    sweepTimer = setTimeout(
      () => {
        sweepTimer = null;
        sweepAt = Infinity;
        void sweep().then(() => {
          const next = nextLocalExpiry();
          if (next < Infinity) scheduleSweep(next + 1);
        });
      },
      Math.max(0, at - now()),
    );
    sweepTimer.unref();
  }

  function nextLocalExpiry(): number {
    let next = Infinity;
    for (const entry of local.values()) for (const e of entry.connections.values()) if (e < next) next = e;
    return next;
  }

  /** Confirms this process's open connections; any that had expired meanwhile (a stall, a Redis restart) count again. */
  async function beat(): Promise<void> {
    const expiresAt = now() + timings.ttlMs;
    const open: { userId: string; connectionId: string; entry: LocalUser }[] = [];
    for (const [userId, entry] of local) {
      for (const [connectionId, e] of entry.connections) if (e === Infinity) open.push({ userId, connectionId, entry });
    }
    const revived = new Set<string>();
    if (open.length > 0) {
      await viaRedis('heartbeat', async (client) => {
        const pipeline = client.pipeline();
        const keyTtl = Math.max(timings.ttlMs, timings.graceMs) * 2;
        for (const { userId, connectionId, entry } of open) {
          pipeline.zadd(connsKey(userId), expiresAt, connectionId);
          pipeline.pexpire(connsKey(userId), keyTtl);
          pipeline.zadd(expiriesKey(), expiresAt, expiryMember(userId, connectionId));
          // HSETNX: a choice made since on another process must not be overwritten by ours.
          pipeline.hsetnx(metaKey(userId), 'chosen', entry.chosen);
          pipeline.hset(metaKey(userId), 'role', entry.role);
          pipeline.pexpire(metaKey(userId), META_TTL_MS);
        }
        const replies = (await pipeline.exec()) ?? [];
        open.forEach(({ userId }, i) => {
          if (replies[i * 6]?.[1] === 1) revived.add(userId);
        });
      });
    }
    for (const userId of revived) await settle(userId);
    await sweep();
  }

  async function chosenStatuses(userIds: string[]): Promise<Map<string, PresenceStatus>> {
    const valid = userIds.filter((id) => Types.ObjectId.isValid(id));
    const users = valid.length ? await UserModel.find({ _id: { $in: valid } }).select('presence').lean() : [];
    return new Map(users.map((u) => [String(u._id), u.presence]));
  }

  async function liveCounts(userIds: string[]): Promise<Map<string, number>> {
    const at = now();
    const fromRedis = await viaRedis('count', async (client) => {
      const pipeline = client.pipeline();
      for (const id of userIds) pipeline.zcount(connsKey(id), `(${at}`, '+inf');
      const replies = (await pipeline.exec()) ?? [];
      return new Map(userIds.map((id, i) => [id, Number(replies[i]?.[1] ?? 0)]));
    });
    if (fromRedis) return fromRedis;
    return new Map(
      userIds.map((id) => [id, [...(local.get(id)?.connections.values() ?? [])].filter((e) => e > at).length]),
    );
  }

  /** Effective statuses for users whose stored choice is already known. */
  async function resolve(users: { id: string; chosen: PresenceStatus }[]): Promise<Map<string, PresenceStatus>> {
    const counts = await liveCounts(users.map((u) => u.id));
    return new Map(users.map((u) => [u.id, effectiveStatus(u.chosen, counts.get(u.id) ?? 0)]));
  }

  // A new stored choice changes what others see at once, on whichever process is told.
  events.subscribe('user.presence_changed', async ({ userId, status }) => {
    const entry = local.get(userId);
    if (entry) entry.chosen = status;
    const role = entry?.role ?? (await UserModel.findById(userId).select('role').lean())?.role ?? 'user';
    await viaRedis('choose', (client) =>
      client.multi().hset(metaKey(userId), 'chosen', status, 'role', role).pexpire(metaKey(userId), META_TTL_MS).exec(),
    );
    if (!entry && !liveRedis()) return;
    await settle(userId);
  });

  return {
    /** Starts the heartbeat; call once the process accepts connections. */
    start(): void {
      if (running) return;
      running = true;
      heartbeat = setInterval(() => {
        beat().catch((err: unknown) => logger.error({ err }, 'presence heartbeat failed'));
      }, timings.heartbeatMs);
      heartbeat.unref();
    },

    /**
     * Stops timers and forgets local connections without touching Redis: this process's
     * connections then expire like a crashed process's, and another process (or this one
     * after a restart) announces them offline unless they reconnected elsewhere.
     */
    stop(): void {
      running = false;
      if (heartbeat) clearInterval(heartbeat);
      if (sweepTimer) clearTimeout(sweepTimer);
      heartbeat = null;
      sweepTimer = null;
      sweepAt = Infinity;
      local.clear();
    },

    /** Records an opened connection; the person becomes visible with their stored choice. */
    async connected(conn: PresenceConnection): Promise<void> {
      if (!running) return;
      const entry = local.get(conn.userId) ?? { role: conn.role, chosen: conn.chosen, announced: null, connections: new Map() };
      entry.role = conn.role;
      entry.chosen = conn.chosen;
      entry.connections.set(conn.connectionId, Infinity);
      local.set(conn.userId, entry);
      await viaRedis('connect', (client) =>
        client
          .multi()
          .hset(metaKey(conn.userId), 'role', conn.role, 'chosen', conn.chosen)
          .pexpire(metaKey(conn.userId), META_TTL_MS)
          .exec(),
      );
      await record(conn.userId, conn.connectionId, now() + timings.ttlMs, { onlyIfPresent: false });
      await settle(conn.userId);
    },

    /** Records a closed connection; the person goes offline after the grace period if nothing else is open. */
    async disconnected(conn: Pick<PresenceConnection, 'connectionId' | 'userId'>): Promise<void> {
      if (!running) return;
      const until = now() + timings.graceMs;
      const entry = local.get(conn.userId);
      if (entry?.connections.has(conn.connectionId)) entry.connections.set(conn.connectionId, until);
      await record(conn.userId, conn.connectionId, until, { onlyIfPresent: true });
      scheduleSweep(until + 1);
    },

    /** The status others see for each id (unknown ids are offline). For the assignment scorer and the API. */
    async getEffectiveStatuses(userIds: string[]): Promise<Map<string, PresenceStatus>> {
      const unique = [...new Set(userIds)];
      const chosen = await chosenStatuses(unique);
      const statuses = await resolve(unique.map((id) => ({ id, chosen: chosen.get(id) ?? 'offline' })));
      return statuses;
    },

    /** Every moderator and admin with their effective status, by name. */
    async listStaff(): Promise<StaffPresence[]> {
      const staff = await UserModel.find({ role: { $in: ['moderator', 'admin'] } })
        .select('name role presence')
        .sort({ name: 1, _id: 1 })
        .lean();
      const statuses = await resolve(staff.map((u) => ({ id: String(u._id), chosen: u.presence })));
      return staff.map((u) => ({
        user: { id: String(u._id), name: u.name, role: u.role },
        status: statuses.get(String(u._id)) ?? 'offline',
      }));
    },

    /** Runs one heartbeat now (tests use it instead of waiting for the interval). */
    beat,
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;
