import { Types } from 'mongoose';
import { updateByIdWhere } from '../platform/conditionalWrite.js';
import { errors } from '../platform/errors.js';
import { withUserRefsOne } from '../users/refs.js';
import type { PopulatedTicket } from './presenter.js';
import { CommentModel, type CommentFields } from './commentModel.js';
import { TicketModel, type AssignmentFields, type TicketFields } from './ticketModel.js';

/**
 * Reads of single tickets, written once for every capability. A lookup is by
 * `_id` alone: the one filter FerretDB pushes down to its storage on every backend.
 */

const PEOPLE = ['createdBy', 'assignedTo'];

/** The ticket, or null when the id is malformed or names no ticket. */
export async function findTicket(ticketId: string | Types.ObjectId): Promise<TicketFields | null> {
  if (typeof ticketId === 'string' && !Types.ObjectId.isValid(ticketId)) return null;
  return TicketModel.findById(ticketId).lean<TicketFields>();
}

/** The ticket, or a `not_found` domain error. */
export async function ticketByIdOrNotFound(ticketId: string | Types.ObjectId): Promise<TicketFields> {
  const ticket = await findTicket(ticketId);
  if (!ticket) throw errors.notFound('ticket');
  return ticket;
}

/** Whether a ticket with this id exists. */
export async function ticketExists(ticketId: string): Promise<boolean> {
  return Types.ObjectId.isValid(ticketId) && (await TicketModel.exists({ _id: ticketId })) !== null;
}

/** The ticket with its creator and assignee names, or null. */
export async function findPopulatedTicket(ticketId: string | Types.ObjectId): Promise<PopulatedTicket | null> {
  return withUserRefsOne<PopulatedTicket>(await findTicket(ticketId), PEOPLE);
}

/**
 * Sets the ticket's assignee, with the scorer's explanation and the token naming this
 * assignment, in one write that applies only while the ticket still has the assignee
 * the caller read (`expectedAssignee`). Returns null when it had changed. The caller
 * holds the ticket's lock (FerretDB checks the condition by reading first). The side
 * effects (counts, timeline, events) are the service's, keyed by the token.
 */
export async function writeTicketAssignment(args: {
  ticketId: string | Types.ObjectId;
  expectedAssignee: Types.ObjectId | null;
  moderatorId: string | null;
  assignment: Omit<AssignmentFields, 'assignedAt'> | null;
  excludedModerators: string[];
  token: string;
  at: Date;
}): Promise<TicketFields | null> {
  const { moderatorId } = args;
  return updateByIdWhere<TicketFields>(
    TicketModel,
    args.ticketId,
    { assignedTo: args.expectedAssignee },
    {
      $set: {
        assignedTo: moderatorId,
        assignment: args.assignment && moderatorId ? { ...args.assignment, assignedAt: args.at } : null,
        excludedModerators: args.excludedModerators,
        assignmentToken: args.token,
        assignmentFrom: args.expectedAssignee,
      },
    },
  );
}

/**
 * Writes `$set` onto the ticket while its status is still `from` (what the caller read);
 * null when it had changed. The caller holds the ticket's lock.
 */
export async function writeTicketStatus(
  ticketId: Types.ObjectId | string,
  from: TicketFields['status'],
  $set: Record<string, unknown>,
): Promise<TicketFields | null> {
  return updateByIdWhere<TicketFields>(TicketModel, ticketId, { status: from }, { $set });
}

/** Ids of the tickets not yet completed that `userId` is the assignee of. */
export async function openTicketIdsAssignedTo(userId: string): Promise<string[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  const found = await TicketModel.find({ assignedTo: userId, status: { $ne: 'completed' } }).select('_id').lean();
  return found.map((ticket) => String(ticket._id));
}

/** One comment by id (an `_id` lookup on every engine), or null. */
export async function findComment(commentId: string | Types.ObjectId): Promise<CommentFields | null> {
  if (!Types.ObjectId.isValid(commentId)) return null;
  return CommentModel.findById(commentId).lean<CommentFields>();
}
