import { CLIENT_EVENTS, SERVER_EVENTS } from '@relaydesk/shared';
import type { Logger } from '../platform/logger.js';
import type { PresenceService } from '../presence/service.js';
import type { TicketService } from '../tickets/service.js';
import { personalRooms, ticketIdOfRoom, ticketIdsOf, ticketRoom } from './rooms.js';
import { scheduleTokenExpiry } from './tokenExpiry.js';
import type { RealtimeSocket } from './types.js';
import type { ViewerBroadcaster } from './viewers.js';

const KNOWN_CLIENT_EVENTS = new Set<string>(Object.values(CLIENT_EVENTS));

/** What a connection's lifecycle uses; the presence service is already started by the composition root. */
export interface ConnectionDeps {
  /** Already started by the composition root; connections are reported to it, nothing more. */
  presence: Pick<PresenceService, 'connected' | 'disconnected'>;
  tickets: Pick<TicketService, 'loadForAction'>;
  viewers: ViewerBroadcaster;
  /** Adds the client event handlers to a new connection. */
  registerHandlers(socket: RealtimeSocket): void;
  logger: Logger;
}

/**
 * The life of one authenticated connection, as an `io.on('connection')` listener: its
 * rooms (restored ones checked again), presence, the end of its token, unknown events
 * answered with `not_found`, and the viewer lists it leaves on disconnect.
 */
export function createConnectionHandler({ presence, tickets, viewers, registerHandlers, logger }: ConnectionDeps) {
  /**
   * A restored connection gets back the rooms it had; what it may see can have changed
   * meanwhile (a new role, a ticket reassigned), so each room is checked again.
   */
  async function reconcileRecoveredRooms(socket: RealtimeSocket) {
    const { actor } = socket.data;
    const keep = new Set([socket.id, ...personalRooms(actor.id, actor.role)]);
    for (const room of socket.rooms) {
      if (keep.has(room) || ticketIdOfRoom(room)) continue;
      await socket.leave(room);
    }
    await socket.join([...keep]);
    for (const ticketId of ticketIdsOf(socket.rooms)) {
      const allowed = await tickets.loadForAction(actor, ticketId, 'read').then(
        () => true,
        () => false,
      );
      if (!allowed) await socket.leave(ticketRoom(ticketId));
      viewers.changed(ticketId);
    }
  }

  return (socket: RealtimeSocket): void => {
    const { actor } = socket.data;
    const cancelTokenExpiry = scheduleTokenExpiry(socket);
    let openTickets: string[] = [];

    registerHandlers(socket);
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (KNOWN_CLIENT_EVENTS.has(event) || typeof ack !== 'function') return;
      ack({ error: { code: 'not_found', message: `unknown event: ${String(event).slice(0, 64)}` } });
    });
    socket.on('disconnecting', () => {
      openTickets = ticketIdsOf(socket.rooms);
    });
    // Set-up runs before the disconnect handling, so a tab closed mid-handshake cannot
    // leave a connection recorded as open. session_ready tells the client it is in its
    // rooms and visible.
    const setUp = (async () => {
      if (socket.recovered) await reconcileRecoveredRooms(socket);
      else await socket.join(personalRooms(actor.id, actor.role));
      if (!socket.connected) return;
      await presence.connected({ connectionId: socket.id, userId: actor.id, role: actor.role, chosen: socket.data.chosen });
      socket.emit(SERVER_EVENTS.sessionReady, { userId: actor.id, recovered: socket.recovered });
    })().catch((err: unknown) => logger.error({ err }, 'setting up a connection failed'));

    socket.on('disconnect', () => {
      cancelTokenExpiry();
      void setUp
        .then(() => presence.disconnected({ connectionId: socket.id, userId: actor.id }))
        .catch((err: unknown) => logger.error({ err }, 'presence update on disconnect failed'));
      for (const ticketId of openTickets) viewers.changed(ticketId);
    });
  };
}
