import type { Role } from '@relaydesk/shared';
import type { Types } from 'mongoose';

/** The person acting, as every service receives it. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
}

/** The parts of a ticket its permissions depend on. */
export interface TicketAccessFacts {
  createdBy: Types.ObjectId | string;
  assignedTo: Types.ObjectId | string | null;
}

type Relation = 'admin' | 'creator' | 'assignee';
export type TicketAction = 'read' | 'comment' | 'changeStatus' | 'retriage' | 'reassign';

/** Who may do what to a ticket, as data: an actor may act if any of their relations is listed. */
export const TICKET_PERMISSIONS: Readonly<Record<TicketAction, readonly Relation[]>> = {
  read: ['admin', 'creator', 'assignee'],
  comment: ['admin', 'creator', 'assignee'],
  changeStatus: ['admin', 'assignee'],
  retriage: ['admin'],
  reassign: ['admin'],
};

/** How the actor relates to the ticket. */
export function ticketRelations(actor: Actor, ticket: TicketAccessFacts): Set<Relation> {
  const relations = new Set<Relation>();
  if (actor.role === 'admin') relations.add('admin');
  if (String(ticket.createdBy) === actor.id) relations.add('creator');
  if (ticket.assignedTo && String(ticket.assignedTo) === actor.id) relations.add('assignee');
  return relations;
}

export function canOnTicket(actor: Actor, action: TicketAction, ticket: TicketAccessFacts): boolean {
  const relations = ticketRelations(actor, ticket);
  return TICKET_PERMISSIONS[action].some((r) => relations.has(r));
}

/** The database filter for the tickets an actor's list shows. */
export function ticketListScope(actor: Actor): Record<string, unknown> {
  switch (actor.role) {
    case 'admin':
      return {};
    case 'moderator':
      return { $or: [{ assignedTo: actor.id }, { createdBy: actor.id }] };
    default:
      return { createdBy: actor.id };
  }
}
