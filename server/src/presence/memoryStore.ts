import type { PresenceStatus, Role } from '@relaydesk/shared';
import { effectiveStatus, type PresenceConnection, type PresenceStore, type Settled } from './store.js';

interface LocalUser {
  role: Role;
  chosen: PresenceStatus;
  announced: PresenceStatus | null;
  /** connectionId → expiresAt; Infinity while the connection is open on this process. */
  connections: Map<string, number>;
}

/** A connection open on this process, as the heartbeat confirms it to Redis. */
export interface OpenConnection {
  userId: string;
  connectionId: string;
  role: Role;
  chosen: PresenceStatus;
}

/**
 * The presence store of one process, in memory. In single-node mode it is the whole
 * truth; under the Redis store it is this process's own record of its connections (what
 * the heartbeat confirms) and what presence falls back on while Redis is unreachable.
 */
export interface MemoryPresenceStore extends PresenceStore {
  /** Connections open on this process (not closed, so not yet in their grace period). */
  openConnections(): OpenConnection[];
  /** The role recorded for a person with a connection here, or null. */
  knownRole(userId: string): Role | null;
  /** Records that `status` was announced for a person (another store settled it). */
  markAnnounced(userId: string, status: PresenceStatus): void;
}

/** Creates an empty in-memory presence store. */
export function createMemoryPresenceStore(): MemoryPresenceStore {
  const local = new Map<string, LocalUser>();

  function settleNow(userId: string, at: number): Settled | null {
    const entry = local.get(userId);
    if (!entry) return null;
    for (const [id, expiresAt] of entry.connections) if (expiresAt <= at) entry.connections.delete(id);
    const status = effectiveStatus(entry.chosen, entry.connections.size);
    if (entry.connections.size === 0 && status === 'offline') local.delete(userId);
    if (entry.announced === status) return null;
    entry.announced = status;
    return { status, role: entry.role };
  }

  return {
    async open(conn: PresenceConnection) {
      const entry = local.get(conn.userId) ?? { role: conn.role, chosen: conn.chosen, announced: null, connections: new Map() };
      entry.role = conn.role;
      entry.chosen = conn.chosen;
      entry.connections.set(conn.connectionId, Infinity);
      local.set(conn.userId, entry);
    },

    async close(conn, until) {
      const entry = local.get(conn.userId);
      if (entry?.connections.has(conn.connectionId)) entry.connections.set(conn.connectionId, until);
    },

    async choose(userId, status) {
      const entry = local.get(userId);
      if (entry) entry.chosen = status;
      // Nobody connected here: nothing anyone sees changes.
      return entry !== undefined;
    },

    async settle(userId, at) {
      return settleNow(userId, at);
    },

    async liveCounts(userIds, at) {
      return new Map(userIds.map((id) => [id, [...(local.get(id)?.connections.values() ?? [])].filter((e) => e > at).length]));
    },

    async takeExpired(at) {
      const users = new Set<string>();
      for (const [userId, entry] of local) {
        for (const expiresAt of entry.connections.values()) if (expiresAt <= at) users.add(userId);
      }
      return users;
    },

    async refresh() {
      // Open connections here never expire while the process lives; nothing to confirm.
      return new Set<string>();
    },

    nextExpiry() {
      let next = Infinity;
      for (const entry of local.values()) for (const e of entry.connections.values()) if (e < next) next = e;
      return next;
    },

    forgetLocal() {
      local.clear();
    },

    openConnections() {
      const open: OpenConnection[] = [];
      for (const [userId, entry] of local) {
        for (const [connectionId, e] of entry.connections) {
          if (e === Infinity) open.push({ userId, connectionId, role: entry.role, chosen: entry.chosen });
        }
      }
      return open;
    },

    knownRole(userId) {
      return local.get(userId)?.role ?? null;
    },

    markAnnounced(userId, status) {
      const entry = local.get(userId);
      if (entry) entry.announced = status;
    },
  };
}
