import { Types } from 'mongoose';
import { CommentModel, type CommentFields } from '../tickets/commentModel.js';
import { TicketModel, type TicketFields } from '../tickets/ticketModel.js';
import { UserModel } from '../users/userModel.js';
import { CopilotResultModel, CopilotRunModel, TicketEmbeddingModel, type CopilotResultFields, type CopilotRunFields, type TicketEmbeddingFields } from './runModels.js';

/**
 * The copilot's reads of tickets, comments and people. Single records are read by
 * `_id` alone; the few scans (a ticket's comments, the backfill) run once per
 * completed ticket or once per index, never per query.
 */

/** The ticket, or null when the id is malformed or names no ticket. */
export async function findTicketById(ticketId: string): Promise<TicketFields | null> {
  if (!Types.ObjectId.isValid(ticketId)) return null;
  return TicketModel.findById(ticketId).lean<TicketFields>();
}

/** A ticket's comments, oldest first. */
export async function commentsOfTicket(ticketId: string): Promise<CommentFields[]> {
  return CommentModel.find({ ticket: ticketId }).sort({ createdAt: 1, _id: 1 }).lean<CommentFields[]>();
}

/** A person's name and role, or null. */
export async function findPerson(userId: string): Promise<{ _id: Types.ObjectId; name: string; role: string } | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  return UserModel.findById(userId).select({ name: 1, role: 1 }).lean<{ _id: Types.ObjectId; name: string; role: string }>();
}

/** Ids of every moderator and admin. */
export async function staffIds(): Promise<Set<string>> {
  const staff = await UserModel.find({ role: { $ne: 'user' } }).select({ _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>();
  return new Set(staff.map((person) => String(person._id)));
}

/** Every completed ticket: the backfill's one scan. */
export async function completedTickets(): Promise<TicketFields[]> {
  return TicketModel.find({ status: 'completed' }).lean<TicketFields[]>();
}

/** Streams every comment, for the backfill's one pass over the conversation. */
export function allComments(): AsyncIterable<CommentFields> {
  return CommentModel.find({}).sort({ createdAt: 1, _id: 1 }).lean<CommentFields[]>().cursor() as unknown as AsyncIterable<CommentFields>;
}

/** A requester's tickets, newest first. */
export async function ticketsFiledBy(userId: string): Promise<TicketFields[]> {
  return TicketModel.find({ createdBy: userId }).sort({ createdAt: -1, _id: -1 }).lean<TicketFields[]>();
}

/**
 * The public staff reply that closed a ticket: the last comment by staff (its
 * assignee, a moderator or an admin) written before it was completed. Comments have
 * no private variant yet; when they gain one, skip it here.
 */
export function closingStaffReply(
  ticket: Pick<TicketFields, 'assignedTo' | 'completedAt'>,
  comments: readonly CommentFields[],
  isStaff: (authorId: string) => boolean,
): CommentFields | null {
  const until = ticket.completedAt?.getTime() ?? Infinity;
  for (let i = comments.length - 1; i >= 0; i -= 1) {
    const comment = comments[i]!;
    if (comment.createdAt.getTime() > until) continue;
    // A staff-only note never becomes an answer offered to another requester.
    if (comment.internal) continue;
    const author = String(comment.author);
    if (author === String(ticket.assignedTo ?? '') || isStaff(author)) return comment;
  }
  return null;
}

/**
 * Writes a request's record once: a second call with the same id (a replayed step,
 * a resent event) leaves the first in place. Filtered by `_id` alone, which FerretDB
 * pushes down.
 */
export async function insertRunRecord(record: CopilotRunFields): Promise<void> {
  await CopilotRunModel.updateOne({ _id: record._id }, { $setOnInsert: record }, { upsert: true });
}

/** Moves a request's record on; fields not given keep their values. */
export async function updateRunRecord(requestId: string, fields: Partial<Omit<CopilotRunFields, '_id'>>): Promise<void> {
  await CopilotRunModel.updateOne({ _id: requestId }, { $set: fields });
}

export async function findRunRecord(requestId: string): Promise<CopilotRunFields | null> {
  return CopilotRunModel.findById(requestId).lean<CopilotRunFields>();
}

/** A page of records, newest first, and how many there are. Admin-only and small, so a scan is acceptable. */
export async function pageOfRunRecords(page: number, pageSize: number): Promise<{ items: CopilotRunFields[]; total: number }> {
  const [items, total] = await Promise.all([
    CopilotRunModel.find({})
      .sort({ createdAt: -1, _id: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean<CopilotRunFields[]>(),
    CopilotRunModel.countDocuments({}),
  ]);
  return { items, total };
}

/** Stores what a request produced; idempotent (the same result replaces itself). */
export async function saveRunResult(result: CopilotResultFields): Promise<void> {
  await CopilotResultModel.replaceOne({ _id: result._id }, result, { upsert: true });
}

/** Drops a result once its waiter has it: it names the requester and is not kept. */
export async function deleteRunResult(requestId: string): Promise<void> {
  await CopilotResultModel.deleteOne({ _id: requestId });
}

export async function findRunResult(requestId: string): Promise<CopilotResultFields | null> {
  return CopilotResultModel.findById(requestId).lean<CopilotResultFields>();
}

export async function saveTicketEmbedding(embedding: TicketEmbeddingFields): Promise<void> {
  await TicketEmbeddingModel.replaceOne({ _id: embedding._id }, embedding, { upsert: true });
}

export async function deleteTicketEmbedding(ticketId: string): Promise<void> {
  await TicketEmbeddingModel.deleteOne({ _id: ticketId });
}

/** Each ticket's vector, or null; one `_id` lookup each, since FerretDB does not push `$in` down. */
export async function ticketEmbeddings(ticketIds: readonly string[]): Promise<Map<string, number[] | null>> {
  const docs = await Promise.all(ticketIds.map((id) => TicketEmbeddingModel.findById(id).lean<TicketEmbeddingFields>()));
  return new Map(ticketIds.map((id, i) => [id, docs[i]?.vector ?? null]));
}
