import type { Role } from '@relaydesk/shared';

/**
 * Room names. Every socket is in its user's room (all their tabs, on any process) and,
 * for staff, in its role's room; ticket rooms hold whoever has that ticket open.
 */

/** All connections of one person. */
export const userRoom = (userId: string) => `user:${userId}`;

/** All connections of one role; only staff roles get one. */
export const roleRoom = (role: Role) => `role:${role}`;

/** Whoever has the ticket open now. */
export const ticketRoom = (ticketId: string) => `ticket:${ticketId}`;

const TICKET_PREFIX = 'ticket:';

/** The ticket id of a ticket room's name, or null for any other room. */
export function ticketIdOfRoom(room: string): string | null {
  return room.startsWith(TICKET_PREFIX) ? room.slice(TICKET_PREFIX.length) : null;
}

/** The rooms a fresh connection of this person joins. */
export function personalRooms(userId: string, role: Role): string[] {
  return role === 'moderator' || role === 'admin' ? [userRoom(userId), roleRoom(role)] : [userRoom(userId)];
}

/** The ticket ids among a socket's rooms. */
export function ticketIdsOf(rooms: Iterable<string>): string[] {
  const ids: string[] = [];
  for (const room of rooms) {
    const id = ticketIdOfRoom(room);
    if (id) ids.push(id);
  }
  return ids;
}
