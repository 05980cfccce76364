import mongoose, { Schema, Types } from 'mongoose';

/**
 * When each person last saw each ticket, for the queue's unread marks. One small
 * document per (ticket, person) whose `_id` is `<ticketId>:<userId>`: every read and
 * write is by `_id` alone, the one filter FerretDB pushes down on every backend,
 * and a repeated write upserts the same document (idempotent, no duplicates under
 * concurrent opens).
 */
export interface TicketReadFields {
  _id: string;
  ticket: Types.ObjectId;
  user: Types.ObjectId;
  seenAt: Date;
}

const ticketReadSchema = new Schema<TicketReadFields>(
  {
    _id: { type: String, required: true },
    ticket: { type: Schema.Types.ObjectId, required: true },
    user: { type: Schema.Types.ObjectId, required: true },
    seenAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const TicketReadModel = mongoose.model<TicketReadFields>('TicketRead', ticketReadSchema, 'ticket_reads');

const markerId = (ticketId: string, userId: string) => `${ticketId}:${userId}`;

/**
 * Records that `userId` has seen `ticketId` as of `at`. `$max` keeps the later moment
 * when two opens race or arrive out of order.
 */
export async function markTicketSeen(ticketId: string, userId: string, at: Date = new Date()): Promise<void> {
  await TicketReadModel.updateOne(
    { _id: markerId(ticketId, userId) },
    { $max: { seenAt: at }, $setOnInsert: { ticket: new Types.ObjectId(ticketId), user: new Types.ObjectId(userId) } },
    { upsert: true },
  );
}

/**
 * When `userId` last saw each of the tickets, by ticket id (absent: never). One
 * `_id` lookup per ticket rather than one `$in`: FerretDB scans the whole
 * collection for `$in`, and a page holds at most 100 tickets.
 */
export async function seenAtByTicket(ticketIds: string[], userId: string): Promise<Map<string, Date>> {
  const found = await Promise.all(
    ticketIds.map((id) => TicketReadModel.findById(markerId(id, userId)).select('seenAt').lean<Pick<TicketReadFields, 'seenAt'>>()),
  );
  const seen = new Map<string, Date>();
  found.forEach((marker, i) => {
    if (marker) seen.set(ticketIds[i]!, marker.seenAt);
  });
  return seen;
}

/** Whether activity at `activityAt` is news to someone who last saw the ticket at `seenAt`. */
export function isUnread(activityAt: Date | string | null, seenAt: Date | undefined): boolean {
  if (!activityAt) return false;
  return !seenAt || new Date(activityAt).getTime() > seenAt.getTime();
}
