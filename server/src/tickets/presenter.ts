import type { Comment, ModRequest, Ticket, TicketEvent, User, UserRef } from '@relaydesk/shared';
import type { Types } from 'mongoose';
import { averageResolutionHours, type UserFields } from '../users/userModel.js';
import { type CommentFields } from './commentModel.js';
import { type ModeratorApplicationFields } from '../moderation/applicationModel.js';
import { type TicketEventFields } from './timelineModel.js';
import { type TicketFields } from './ticketModel.js';

/** The fields of a user that any embedding (ticket, comment, timeline) may show. */
export type UserRefSource = Pick<UserFields, '_id' | 'name' | 'role'>;

/** A reference that is either populated or still a bare id (a deleted user). */
type RefOrId = UserRefSource | Types.ObjectId | null | undefined;

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentUserRef(ref: RefOrId): UserRef | null {
  if (!ref) return null;
  if ('name' in ref) return { id: String(ref._id), name: ref.name, role: ref.role };
  return { id: String(ref), name: 'Unknown user', role: 'user' };
}

/** For references that always exist (a ticket's creator, a comment's author). */
function presentRequiredUserRef(ref: RefOrId): UserRef {
  return presentUserRef(ref) ?? { id: '000000000000000000000000', name: 'Unknown user', role: 'user' };
}

/** Whitelists what an API response may say about a user: never the password hash. */
export function presentUser(user: Omit<UserFields, 'passwordHash'>): User {
  return {
    id: String(user._id),
    name: user.name,
    email: user.email,
    role: user.role,
    skills: [...user.skills],
    presence: user.presence,
    stats: {
      totalResolved: user.totalResolved,
      avgResolutionHours: round(averageResolutionHours(user)),
      activeTickets: Math.max(0, user.activeTickets),
      lastAssignedAt: iso(user.lastAssignedAt),
    },
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export type PopulatedTicket = Omit<TicketFields, 'createdBy' | 'assignedTo'> & {
  createdBy: RefOrId;
  assignedTo: RefOrId;
};

export function presentTicket(ticket: PopulatedTicket): Ticket {
  const a = ticket.assignment;
  return {
    id: String(ticket._id),
    title: ticket.title,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    createdBy: presentRequiredUserRef(ticket.createdBy),
    assignedTo: presentUserRef(ticket.assignedTo),
    relatedSkills: [...ticket.relatedSkills],
    helpfulNotes: ticket.helpfulNotes,
    summary: ticket.summary,
    category: ticket.category,
    triagedBy: ticket.triagedBy,
    assignment: a
      ? {
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
          })),
          reason: a.reason,
          assignedAt: a.assignedAt.toISOString(),
        }
      : null,
    commentCount: ticket.commentCount,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    completedAt: iso(ticket.completedAt),
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
    createdAt: comment.createdAt.toISOString(),
  };
}

export type PopulatedModRequest = Omit<ModeratorApplicationFields, 'user' | 'reviewedBy'> & {
  user: RefOrId;
  reviewedBy: RefOrId;
};

export function presentModRequest(app: PopulatedModRequest): ModRequest {
  return {
    id: String(app._id),
    user: presentRequiredUserRef(app.user),
    skills: [...app.skills],
    motivation: app.motivation,
    status: app.status,
    reviewedBy: presentUserRef(app.reviewedBy),
    reviewedAt: iso(app.reviewedAt),
    createdAt: app.createdAt.toISOString(),
  };
}
