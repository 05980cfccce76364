import type { Comment, Ticket, TicketEvent } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { abilitiesOn, can } from '../domain/authorize.js';
import { isoOrNull, presentRequiredUserRef, presentUserRef, type RefOrId } from '../users/presenter.js';
import type { CommentFields } from './commentModel.js';
import type { TicketFields } from './ticketModel.js';
import type { TicketEventFields } from './timelineModel.js';
import { presentTicketSla } from '../sla/presenter.js';

export type PopulatedTicket = Omit<TicketFields, 'createdBy' | 'assignedTo'> & {
  createdBy: RefOrId;
  assignedTo: RefOrId;
};

/**
 * A ticket as the viewer may see it, with their abilities on it. Triage internals and
 * the assignment breakdown (every candidate's score and presence) are for the people
 * who work tickets; the person who filed it gets null there and keeps the summary.
 */
export function presentTicket(ticket: PopulatedTicket, viewer: Actor): Ticket {
  const isStaff = can(viewer, 'workspace.workQueue', null);
  return {
    id: String(ticket._id),
    number: ticket.filingNumber,
    title: ticket.title,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    createdBy: presentRequiredUserRef(ticket.createdBy),
    assignedTo: presentUserRef(ticket.assignedTo),
    relatedSkills: isStaff ? [...ticket.relatedSkills] : null,
    helpfulNotes: isStaff ? ticket.helpfulNotes : null,
    summary: ticket.summary,
    category: isStaff ? ticket.category : null,
    triagedBy: ticket.triagedBy,
    triageConfidence: isStaff ? (ticket.triageConfidence ?? null) : null,
    assignment: isStaff && ticket.assignment ? presentAssignment(ticket.assignment) : null,
    commentCount: ticket.commentCount,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    completedAt: isoOrNull(ticket.completedAt),
    sla: presentTicketSla(ticket.sla),
    waitingOn: ticket.waitingOn ?? null,
    waitingSince: isoOrNull(ticket.waitingSince ?? null),
    // Staff hear of notes too; the requester only of what they can see.
    activityAt: isoOrNull((can(viewer, 'ticket.readInternalNotes', ticket) ? ticket.lastActivityAt : ticket.lastPublicActivityAt) ?? null),
    abilities: abilitiesOn(viewer, 'ticket', ticket),
  };
}

function presentAssignment(a: NonNullable<PopulatedTicket['assignment']>): NonNullable<Ticket['assignment']> {
  return {
    moderatorId: String(a.moderatorId),
    score: a.score,
    skillMatch: a.skillMatch,
    availability: a.availability,
    performance: a.performance,
    candidates: a.candidates.map((c) => ({
      moderatorId: String(c.moderatorId),
      name: c.name,
      score: c.score,
      skillMatch: c.skillMatch,
      availability: c.availability,
      performance: c.performance,
      presence: c.presence,
      ...(c.standing ? { standing: c.standing } : {}),
    })),
    reason: a.reason,
    assignedAt: a.assignedAt.toISOString(),
  };
}

export type PopulatedTicketEvent = Omit<TicketEventFields, 'actor'> & { actor: RefOrId };

export function presentTicketEvent(event: PopulatedTicketEvent): TicketEvent {
  return {
    id: String(event._id),
    ticketId: String(event.ticket),
    type: event.type,
    actor: presentUserRef(event.actor),
    from: event.from,
    to: event.to,
    data: event.data ?? {},
    createdAt: event.createdAt.toISOString(),
  };
}

export type PopulatedComment = Omit<CommentFields, 'author'> & { author: RefOrId };

export function presentComment(comment: PopulatedComment): Comment {
  return {
    id: String(comment._id),
    ticketId: String(comment.ticket),
    author: presentRequiredUserRef(comment.author),
    body: comment.body,
    internal: comment.internal === true,
    createdAt: comment.createdAt.toISOString(),
  };
}

