import type { Cache } from '../platform/cache.js';
import type { PopulatedTicket } from '../tickets/presenter.js';
import type { DomainEvents } from './events.js';

/**
 * The tags cached entries depend on. An entry lists every tag whose change
 * could alter what it shows; a write bumps exactly the tags it affects.
 */
export const cacheTags = {
  /** Every ticket list an admin sees. */
  allTickets: 'tickets:all',
  /** The lists of one person: tickets they filed or are assigned. */
  ticketsOf: (userId: string) => `tickets:user:${userId}`,
  /** Anything that shows people's names or roles. */
  people: 'people',
  /** Dashboard figures. */
  stats: 'stats',
  /** One staff member's skills, load and record, as assignment scores them. */
  staffMember: (userId: string) => `staff:${userId}`,
  /** One user's identity as authentication sees it. */
  user: (userId: string) => `user:${userId}`,
} as const;

function refId(ref: PopulatedTicket['createdBy']): string | null {
  if (!ref) return null;
  return '_id' in ref ? String(ref._id) : String(ref);
}

/** The staff rows a ticket write changes: its assignee's and a previous assignee's load and record. */
function staffTags(ticket: PopulatedTicket, previousModeratorId?: string | null): string[] {
  return [refId(ticket.assignedTo), previousModeratorId ?? null].filter((id): id is string => Boolean(id)).map(cacheTags.staffMember);
}

function ticketTags(ticket: PopulatedTicket, ...alsoUsers: Array<string | null>): string[] {
  const users = [refId(ticket.createdBy), refId(ticket.assignedTo), ...alsoUsers].filter((id): id is string => Boolean(id));
  return [cacheTags.allTickets, cacheTags.stats, ...users.map(cacheTags.ticketsOf)];
}

/**
 * Drops cached entries when the data behind them changes. Subscribed as
 * blocking, so the invalidation is done before the writer's request returns.
 */
export function registerCacheInvalidation(events: DomainEvents, cache: Cache): () => void {
  const blocking = { blocking: true };
  const unsubscribers = [
    events.subscribe('ticket.created', ({ ticket }) => cache.invalidate(...ticketTags(ticket)), blocking),
    events.subscribe(
      'ticket.status_changed',
      ({ ticket }) => cache.invalidate(...ticketTags(ticket), ...staffTags(ticket)),
      blocking,
    ),
    events.subscribe(
      'ticket.assigned',
      ({ ticket, previousModeratorId }) => cache.invalidate(...ticketTags(ticket, previousModeratorId), ...staffTags(ticket, previousModeratorId)),
      blocking,
    ),
    events.subscribe(
      'ticket.unassigned',
      ({ ticket, previousModeratorId }) => cache.invalidate(...ticketTags(ticket, previousModeratorId), ...staffTags(ticket, previousModeratorId)),
      blocking,
    ),
    events.subscribe('ticket.updated', ({ ticket }) => cache.invalidate(...ticketTags(ticket)), blocking),
    events.subscribe('comment.added', ({ ticket }) => cache.invalidate(...ticketTags(ticket)), blocking),
    // A note moves the ticket's last activity, which staff's lists show as unread.
    events.subscribe('note.added', ({ ticket }) => cache.invalidate(...ticketTags(ticket)), blocking),
    events.subscribe(
      'user.updated',
      ({ userId }) => cache.invalidate(cacheTags.user(userId), cacheTags.people, cacheTags.staffMember(userId), cacheTags.stats),
      blocking,
    ),
    events.subscribe('user.presence_changed', ({ userId }) => cache.invalidate(cacheTags.user(userId), cacheTags.staffMember(userId)), blocking),
  ];
  return () => unsubscribers.forEach((off) => off());
}
