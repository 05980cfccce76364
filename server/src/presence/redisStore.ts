import type { PresenceStatus, Role } from '@relaydesk/shared';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import type { RedisHandle } from '../platform/redis.js';
import type { MemoryPresenceStore } from './memoryStore.js';
import type { PresenceStore, PresenceTimings, Settled } from './store.js';

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

/** What the Redis store is built from. */
export interface RedisPresenceStoreDeps {
  redis: RedisHandle;
  /** This process's own connections, kept in step with Redis; the answer whenever Redis is not. */
  local: MemoryPresenceStore;
  logger: Logger;
  timings: PresenceTimings;
  now: () => number;
}

/**
 * Who is connected, held in Redis so every process agrees and a crashed process's
 * connections expire, with an in-memory twin (`local`) that answers while Redis is down.
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
export function createRedisPresenceStore({ redis, local, logger, timings, now }: RedisPresenceStoreDeps): PresenceStore {
  let redisFailureLogged = false;
  const keyTtl = Math.max(timings.ttlMs, timings.graceMs) * 2;

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

  async function record(userId: string, connectionId: string, expiresAt: number, options: { onlyIfPresent: boolean }) {
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

  return {
    async open(conn) {
      await local.open(conn);
      await viaRedis('connect', (client) =>
        client
          .multi()
          .hset(metaKey(conn.userId), 'role', conn.role, 'chosen', conn.chosen)
          .pexpire(metaKey(conn.userId), META_TTL_MS)
          .exec(),
      );
      await record(conn.userId, conn.connectionId, now() + timings.ttlMs, { onlyIfPresent: false });
    },

    async close(conn, until) {
      await local.close(conn, until);
      await record(conn.userId, conn.connectionId, until, { onlyIfPresent: true });
    },

    async choose(userId, status, roleOf) {
      const knownRole = local.knownRole(userId);
      const isConnectedHere = await local.choose(userId, status, roleOf);
      const role: Role = knownRole ?? (await roleOf(userId));
      await viaRedis('choose', (client) =>
        client.multi().hset(metaKey(userId), 'chosen', status, 'role', role).pexpire(metaKey(userId), META_TTL_MS).exec(),
      );
      // With Redis up the person may be connected to another process.
      return isConnectedHere || liveRedis() !== null;
    },

    async settle(userId, at) {
      const fromRedis = await viaRedis('settle', async (client) => {
        const reply = (await client.eval(SETTLE_SCRIPT, 2, connsKey(userId), metaKey(userId), at, META_TTL_MS)) as [string, string] | null;
        return { changed: reply ? { status: reply[0] as PresenceStatus, role: reply[1] as Role } : null };
      });
      const localChange = await local.settle(userId, at);
      const changed: Settled | null = fromRedis ? fromRedis.changed : localChange;
      if (changed) local.markAnnounced(userId, changed.status);
      return changed;
    },

    async liveCounts(userIds, at) {
      const fromRedis = await viaRedis('count', async (client) => {
        const pipeline = client.pipeline();
        for (const id of userIds) pipeline.zcount(connsKey(id), `(${at}`, '+inf');
        const replies = (await pipeline.exec()) ?? [];
        return new Map(userIds.map((id, i) => [id, Number(replies[i]?.[1] ?? 0)]));
      });
      return fromRedis ?? local.liveCounts(userIds, at);
    },

    async takeExpired(at) {
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
      for (const userId of await local.takeExpired(at)) users.add(userId);
      return users;
    },

    async refresh(expiresAt) {
      const open = local.openConnections();
      const revived = new Set<string>();
      if (open.length === 0) return revived;
      await viaRedis('heartbeat', async (client) => {
        const pipeline = client.pipeline();
        for (const { userId, connectionId, role, chosen } of open) {
          pipeline.zadd(connsKey(userId), expiresAt, connectionId);
          pipeline.pexpire(connsKey(userId), keyTtl);
          pipeline.zadd(expiriesKey(), expiresAt, expiryMember(userId, connectionId));
          // HSETNX: a choice made since on another process must not be overwritten by ours.
          pipeline.hsetnx(metaKey(userId), 'chosen', chosen);
          pipeline.hset(metaKey(userId), 'role', role);
          pipeline.pexpire(metaKey(userId), META_TTL_MS);
        }
        const replies = (await pipeline.exec()) ?? [];
        open.forEach(({ userId }, i) => {
          if (replies[i * 6]?.[1] === 1) revived.add(userId);
        });
      });
      return revived;
    },

    nextExpiry: () => local.nextExpiry(),
    forgetLocal: () => local.forgetLocal(),
  };
}
