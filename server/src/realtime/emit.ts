import { SERVER_EVENTS } from '@relaydesk/shared';
import type { Logger } from '../platform/logger.js';
import { can } from '../domain/authorize.js';
import { presentComment, presentTicket, type PopulatedTicket } from '../tickets/presenter.js';
import { presentUserRef } from '../users/presenter.js';
import type { DomainEvents } from '../domain/events.js';
import type { UserService } from '../users/service.js';
import { roleRoom, ticketRoom, userRoom } from './rooms.js';
import type { RealtimeIo } from './types.js';
import type { ViewerBroadcaster } from './viewers.js';

export interface RealtimeEmitDeps {
  io: RealtimeIo;
  events: DomainEvents;
  users: Pick<UserService, 'findUser'>;
  viewers: ViewerBroadcaster;
  logger: Logger;
}

const idOf = (ref: PopulatedTicket['createdBy']) => presentUserRef(ref)?.id ?? null;

/**
 * Where news about a ticket goes: whoever has it open, plus its creator and assignee
 * wherever they are in the app (their lists and badges change too). One emit to several
 * rooms reaches each socket once.
 */
export function ticketAudience(ticket: PopulatedTicket, ...extraUserIds: (string | null)[]): string[] {
  const people = new Set([idOf(ticket.createdBy), idOf(ticket.assignedTo), ...extraUserIds]);
  people.delete(null);
  return [ticketRoom(String(ticket._id)), ...[...people].map((id) => userRoom(id!))];
}

/**
 * Turns domain events into socket messages. Services publish after their write has
 * succeeded, so nothing here announces what did not happen; payloads go through the
 * presenters and carry ids and `updatedAt` so clients can refetch. Returns the
 * unsubscribe function.
 */
export function subscribeRealtimeEmits({ io, events, users, viewers, logger }: RealtimeEmitDeps): () => void {
  const subscriptions = [
    events.subscribe('ticket.created', ({ ticket }) => {
      // Each audience gets the ticket with its own abilities on it: admins all of
      // them, the creator (unless an admin, who already had the admin copy) theirs.
      io.to(roleRoom('admin')).emit(SERVER_EVENTS.ticketCreated, { ticket: presentTicket(ticket, { id: '', role: 'admin', name: '' }) });
      const creator = ticket.createdBy && 'name' in ticket.createdBy ? ticket.createdBy : null;
      if (creator && creator.role !== 'admin') {
        const asCreator = { id: String(creator._id), role: creator.role, name: creator.name };
        io.to(userRoom(asCreator.id)).except(roleRoom('admin')).emit(SERVER_EVENTS.ticketCreated, { ticket: presentTicket(ticket, asCreator) });
      }
    }),

    events.subscribe('comment.added', ({ ticket, comment }) => {
      io.to(ticketAudience(ticket)).emit(SERVER_EVENTS.commentAdded, {
        ticketId: String(ticket._id),
        comment: presentComment(comment),
        updatedAt: ticket.updatedAt.toISOString(),
      });
    }),

    events.subscribe('note.added', ({ ticket, comment }) => {
      // Only to the people who may read notes (ticketPolicy's readInternalNotes): the
      // assignee's own room and the admins' room. Never the ticket room, which holds
      // the requester when they have the ticket open.
      const assigneeId = idOf(ticket.assignedTo);
      const rooms = assigneeId ? [userRoom(assigneeId), roleRoom('admin')] : [roleRoom('admin')];
      io.to(rooms).emit(SERVER_EVENTS.commentAdded, {
        ticketId: String(ticket._id),
        comment: presentComment(comment),
        updatedAt: ticket.updatedAt.toISOString(),
      });
    }),

    events.subscribe('ticket.sla_alert', ({ ticket, clock, milestone }) => {
      const assigneeId = idOf(ticket.assignedTo);
      const dueAt = clock === 'firstResponse' ? ticket.sla?.firstResponseDueAt : ticket.sla?.resolutionDueAt;
      const rooms = [roleRoom('admin'), ...(assigneeId ? [userRoom(assigneeId)] : [])];
      io.to(rooms).emit(milestone === 'warning' ? SERVER_EVENTS.slaWarning : SERVER_EVENTS.slaBreached, {
        ticketId: String(ticket._id),
        title: ticket.title,
        clock,
        dueAt: (dueAt ?? ticket.updatedAt).toISOString(),
        updatedAt: ticket.updatedAt.toISOString(),
      });
    }),

    events.subscribe('ticket.status_changed', async ({ ticket, from, to, actorId }) => {
      const actor = actorId ? await users.findUser(actorId) : null;
      io.to(ticketAudience(ticket)).emit(SERVER_EVENTS.statusUpdated, {
        ticketId: String(ticket._id),
        from,
        to,
        actor: actor ? presentUserRef(actor) : null,
        updatedAt: ticket.updatedAt.toISOString(),
      });
    }),

    events.subscribe('ticket.assigned', async ({ ticket, moderatorId, previousModeratorId }) => {
      const ticketId = String(ticket._id);
      const assignee = presentUserRef(ticket.assignedTo);
      if (assignee) {
        io.to(ticketAudience(ticket, moderatorId)).emit(SERVER_EVENTS.ticketAssigned, {
          ticketId,
          number: ticket.filingNumber,
          title: ticket.title,
          assignee,
          updatedAt: ticket.updatedAt.toISOString(),
        });
      }
      // The moderator it was taken from may no longer read it: close it for them.
      if (previousModeratorId) {
        const previous = await users.findUser(previousModeratorId);
        const facts = { createdBy: idOf(ticket.createdBy) ?? '', assignedTo: idOf(ticket.assignedTo) };
        const canStillRead =
          previous && can({ id: previousModeratorId, role: previous.role, name: previous.name }, 'ticket.read', facts);
        if (!canStillRead) {
          io.in(userRoom(previousModeratorId)).socketsLeave(ticketRoom(ticketId));
          viewers.changed(ticketId);
        }
      }
    }),

    events.subscribe('ticket.unassigned', async ({ ticket, previousModeratorId }) => {
      const ticketId = String(ticket._id);
      io.to(ticketAudience(ticket, previousModeratorId)).emit(SERVER_EVENTS.ticketUpdated, {
        ticketId,
        fields: ['assignedTo'],
        updatedAt: ticket.updatedAt.toISOString(),
      });
      // Released to the pool: a moderator still reads it there; a user who was assignee would not.
      const previous = await users.findUser(previousModeratorId);
      const facts = { createdBy: idOf(ticket.createdBy) ?? '', assignedTo: null, status: ticket.status };
      if (!previous || !can({ id: previousModeratorId, role: previous.role, name: previous.name }, 'ticket.read', facts)) {
        io.in(userRoom(previousModeratorId)).socketsLeave(ticketRoom(ticketId));
        viewers.changed(ticketId);
      }
    }),

    events.subscribe('ticket.updated', ({ ticket, fields }) => {
      io.to(ticketAudience(ticket)).emit(SERVER_EVENTS.ticketUpdated, {
        ticketId: String(ticket._id),
        fields,
        updatedAt: ticket.updatedAt.toISOString(),
      });
    }),

    events.subscribe('presence.changed', ({ userId, role, status }) => {
      // Staff presence is what everyone looks at; an end user's matters to themselves and admins.
      const target = role === 'moderator' || role === 'admin' ? io : io.to([userRoom(userId), roleRoom('admin')]);
      target.emit(SERVER_EVENTS.userStatusChanged, { userId, status });
    }),

    events.subscribe('user.updated', ({ userId, fields }) => {
      if (!fields.includes('role')) return;
      // Rooms and permissions were decided at the handshake; a new role needs a new one.
      logger.info({ userId }, 'role changed: ending the user\'s live connections');
      io.in(userRoom(userId)).emit(SERVER_EVENTS.sessionEnded, { reason: 'role_changed' });
      io.in(userRoom(userId)).disconnectSockets(true);
    }),

    events.subscribe('user.sessions_revoked', async ({ userId, reason, tokenId }) => {
      if (tokenId === undefined) {
        logger.info({ userId, reason }, 'sessions revoked: ending the user\'s live connections');
        io.in(userRoom(userId)).emit(SERVER_EVENTS.sessionEnded, { reason });
        io.in(userRoom(userId)).disconnectSockets(true);
        return;
      }
      // One token signed out: only the connections it opened, on whichever node holds them.
      for (const socket of await io.in(userRoom(userId)).fetchSockets()) {
        if (socket.data.tokenId !== tokenId) continue;
        socket.emit(SERVER_EVENTS.sessionEnded, { reason });
        socket.disconnect(true);
      }
    }),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
