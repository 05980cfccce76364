import type { TicketAction } from '@relaydesk/shared';
import type { Types } from 'mongoose';
import type { Actor } from '../domain/actor.js';
import { definePolicy } from '../domain/policy.js';

type PersonRef = Types.ObjectId | string | { _id: unknown } | null | undefined;

/** The parts of a ticket its permissions depend on; people as ids or populated references. */
export interface TicketAccessFacts {
  createdBy: PersonRef;
  assignedTo: PersonRef;
}

type TicketRelation = 'admin' | 'creator' | 'assignee';

const idOf = (ref: PersonRef) => (ref ? String(typeof ref === 'object' && '_id' in ref ? ref._id : ref) : null);

/** Who may do what to a ticket. */
export const ticketPolicy = definePolicy<TicketAccessFacts, TicketAction, TicketRelation>({
  relationsOf(actor, ticket) {
    const relations = new Set<TicketRelation>();
    if (actor.role === 'admin') relations.add('admin');
    if (idOf(ticket.createdBy) === actor.id) relations.add('creator');
    if (idOf(ticket.assignedTo) === actor.id) relations.add('assignee');
    return relations;
  },
  rules: {
    read: ['admin', 'creator', 'assignee'],
    comment: ['admin', 'creator', 'assignee'],
    changeStatus: ['admin', 'assignee'],
    retriage: ['admin'],
    reassign: ['admin'],
  },
});

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
