import type { ClientToServerEvents, PresenceStatus, ServerToClientEvents } from '@relaydesk/shared';
import type { Server, Socket } from 'socket.io';
import type { Actor } from '../domain/actor.js';

/** What the server keeps on each connection, set by the handshake's authentication. */
export interface SocketData {
  actor: Actor;
  /** The stored presence choice when the connection was authenticated. */
  chosen: PresenceStatus;
  /** When the handshake's token expires (ms since epoch); the connection ends then. */
  tokenExpiresAt: number | null;
  /** The handshake token's `jti`, so signing that token out ends this connection. */
  tokenId: string | null;
}

/** Process-to-process events; none are used (fan-out goes through rooms). */
export type InterServerEvents = Record<string, never>;

/** The typed socket.io server. */
export type RealtimeIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** One typed connection. */
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
