import type { TicketAction, TicketStatus } from '@relaydesk/shared';
import type { Types } from 'mongoose';
import type { Actor } from '../domain/actor.js';
import { definePolicy } from '../domain/policy.js';

type PersonRef = Types.ObjectId | string | { _id: unknown } | null | undefined;

/** The parts of a ticket its permissions depend on; people as ids or populated references. */
export interface TicketAccessFacts {
  createdBy: PersonRef;
  assignedTo: PersonRef;
  /** Needed to tell an open ticket in the unassigned pool from a closed one; absent counts as open. */
  status?: TicketStatus;
}

/**
 * How a person relates to a ticket. `poolStaff`: a moderator or admin looking at an
 * open ticket nobody has, which any of them may read and take. `adminOfAssigned`: an
 * admin looking at an open ticket someone has, which they may take back to the pool;
 * `assigneeOfOpen`: its assignee, who may give it back.
 * `adminOfOpen`: an admin looking at a ticket not yet completed, whose assignee they may change.
 */
type TicketRelation = 'admin' | 'creator' | 'assignee' | 'poolStaff' | 'adminOfAssigned' | 'adminOfOpen' | 'assigneeOfOpen';

const idOf = (ref: PersonRef) => (ref ? String(typeof ref === 'object' && '_id' in ref ? ref._id : ref) : null);

/** Who may do what to a ticket. */
export const ticketPolicy = definePolicy<TicketAccessFacts, TicketAction, TicketRelation>({
  relationsOf(actor, ticket) {
    const relations = new Set<TicketRelation>();
    if (actor.role === 'admin') relations.add('admin');
    if (idOf(ticket.createdBy) === actor.id) relations.add('creator');
    // Assignee rights are staff rights: someone no longer staff keeps none on tickets once theirs.
    if (actor.role !== 'user' && idOf(ticket.assignedTo) === actor.id) relations.add('assignee');
    if (actor.role !== 'user' && !ticket.assignedTo && ticket.status !== 'completed') relations.add('poolStaff');
    const isOpen = ticket.status !== 'completed';
    if (actor.role === 'admin' && ticket.assignedTo && isOpen) relations.add('adminOfAssigned');
    if (relations.has('assignee') && isOpen) relations.add('assigneeOfOpen');
    if (actor.role === 'admin' && ticket.status !== 'completed') relations.add('adminOfOpen');
    return relations;
  },
  rules: {
    read: ['admin', 'creator', 'assignee', 'poolStaff'],
    comment: ['admin', 'creator', 'assignee'],
    changeStatus: ['admin', 'assignee'],
    retriage: ['admin'],
    reassign: ['adminOfOpen'],
    correctTriage: ['admin', 'assignee'],
    assign: ['adminOfOpen'],
    claim: ['poolStaff'],
    release: ['assigneeOfOpen', 'adminOfAssigned'],
    // Staff-only notes: the people working the ticket. Its creator is never among
    // them unless they are also its assignee or an admin.
    addInternalNote: ['admin', 'assignee'],
    readInternalNotes: ['admin', 'assignee'],
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
