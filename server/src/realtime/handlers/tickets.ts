import { CLIENT_EVENTS, SERVER_EVENTS, ticketRoomBodySchema } from '@relaydesk/shared';
import { errors } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { TicketService } from '../../tickets/service.js';
import { ticketRoom, userRoom } from '../rooms.js';
import type { TypingThrottle } from '../throttle.js';
import type { RealtimeSocket } from '../types.js';
import type { ViewerBroadcaster } from '../viewers.js';
import { acknowledged, createEventBudget } from './ack.js';

export interface TicketHandlerDeps {
  /** Authorises a join: a ticket the caller may not read is "not found", as over HTTP. */
  tickets: Pick<TicketService, 'loadForAction'>;
  viewers: ViewerBroadcaster;
  typing: TypingThrottle;
  logger: Logger;
  /** Per-connection budget of client events (all kinds together). */
  budget?: { limit: number; windowMs: number };
}

const DEFAULT_BUDGET = { limit: 100, windowMs: 10_000 };

/**
 * Client events about tickets: opening one (`join_ticket`), closing it (`leave_ticket`)
 * and signalling that a comment is being written (`typing`). Returns the function that
 * registers them on a connection.
 */
export function createTicketHandlers({ tickets, viewers, typing, logger, budget = DEFAULT_BUDGET }: TicketHandlerDeps) {
  return function registerTicketHandlers(socket: RealtimeSocket): void {
    const allow = createEventBudget(budget.limit, budget.windowMs);
    const options = { schema: ticketRoomBodySchema, logger, allow };

    socket.on(
      CLIENT_EVENTS.joinTicket,
      acknowledged({ ...options, event: CLIENT_EVENTS.joinTicket }, async ({ ticketId }) => {
        await tickets.loadForAction(socket.data.actor, ticketId, 'read');
        if (!socket.connected) return;
        await socket.join(ticketRoom(ticketId));
        viewers.changed(ticketId);
      }),
    );

    socket.on(
      CLIENT_EVENTS.leaveTicket,
      acknowledged({ ...options, event: CLIENT_EVENTS.leaveTicket }, async ({ ticketId }) => {
        if (!socket.rooms.has(ticketRoom(ticketId))) return;
        await socket.leave(ticketRoom(ticketId));
        viewers.changed(ticketId);
      }),
    );

    socket.on(
      CLIENT_EVENTS.typing,
      acknowledged({ ...options, event: CLIENT_EVENTS.typing }, async ({ ticketId }) => {
        // Being in the room was authorised on join; it also bounds who can be told.
        if (!socket.rooms.has(ticketRoom(ticketId))) throw errors.forbidden('join the ticket before signalling typing');
        const { actor } = socket.data;
        if (!(await typing.shouldRelay(actor.id, ticketId))) return;
        // Not replayed after a reconnect (see EPHEMERAL_EVENTS in io.ts): a typing hint is stale by then.
        socket
          .to(ticketRoom(ticketId))
          .except(userRoom(actor.id))
          .emit(SERVER_EVENTS.typing, { ticketId, user: { id: actor.id, name: actor.name, role: actor.role } });
      }),
    );
  };
}
