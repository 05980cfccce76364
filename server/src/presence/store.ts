import type { PresenceStatus, Role } from '@relaydesk/shared';

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

/**
 * What others see: a stored `offline` ("appear offline") always wins; with no live
 * connection the person is offline; otherwise their stored choice.
 */
export function effectiveStatus(chosen: PresenceStatus, liveConnections: number): PresenceStatus {
  return chosen === 'offline' || liveConnections === 0 ? 'offline' : chosen;
}

/** A change of effective status to announce. */
export interface Settled {
  status: PresenceStatus;
  role: Role;
}

/**
 * Where connections and announced statuses are kept: in Redis, shared by every process
 * (`redisStore.ts`), or in this process's memory in single-node mode (`memoryStore.ts`).
 * Times are milliseconds since the epoch. A store never publishes; the service announces
 * what `settle` returns.
 */
export interface PresenceStore {
  /**
   * Records a connection opened on this process, with the person's role and stored
   * choice. It counts until `close`d, or for `ttlMs` after `refresh` last confirmed it.
   */
  open(conn: PresenceConnection): Promise<void>;
  /** Makes a known connection expire at `until` (closed: the grace period starts); unknown ones are left alone. */
  close(conn: Pick<PresenceConnection, 'connectionId' | 'userId'>, until: number): Promise<void>;
  /**
   * Records a new stored choice. `roleOf` is asked only when the store does not know the
   * person's role. Resolves whether the person's effective status is worth settling.
   */
  choose(userId: string, status: PresenceStatus, roleOf: (userId: string) => Promise<Role>): Promise<boolean>;
  /**
   * Recomputes the effective status as of `at` and records it as announced; returns it
   * when it differs from what was last announced, null otherwise.
   */
  settle(userId: string, at: number): Promise<Settled | null>;
  /** How many connections of each user are live at `at`. */
  liveCounts(userIds: string[], at: number): Promise<Map<string, number>>;
  /**
   * Users with a connection that expired by `at` (closed past grace, or its process
   * stopped confirming it). A user is returned to one process only, so one change is
   * announced once.
   */
  takeExpired(at: number): Promise<Set<string>>;
  /**
   * Confirms this process's open connections until `expiresAt`; returns the users whose
   * connections had expired meanwhile (a stall, a Redis restart), whose status must be settled again.
   */
  refresh(expiresAt: number): Promise<Set<string>>;
  /** The earliest expiry among this process's connections, Infinity if none is pending. */
  nextExpiry(): number;
  /** Forgets this process's connections; shared state is left to expire. */
  forgetLocal(): void;
}
