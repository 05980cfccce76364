import type { TicketEventType } from '@relaydesk/shared';
import { Types } from 'mongoose';
import { TicketEventModel } from '../models/index.js';
import type { PopulatedTicketEvent } from '../presenters/index.js';

export interface TimelineEntry {
  ticketId: string | Types.ObjectId;
  type: TicketEventType;
  actorId?: string | null;
  from?: string | null;
  to?: string | null;
  data?: Record<string, unknown>;
}

/** Appends an entry to a ticket's audit timeline. */
export async function recordTicketEvent(entry: TimelineEntry): Promise<void> {
  await TicketEventModel.create({
    ticket: new Types.ObjectId(String(entry.ticketId)),
    type: entry.type,
    actor: entry.actorId ? new Types.ObjectId(entry.actorId) : null,
    from: entry.from ?? null,
    to: entry.to ?? null,
    data: entry.data ?? {},
  });
}

/** A ticket's whole timeline, oldest first, with the actors' names. */
export async function loadTimeline(ticketId: string | Types.ObjectId): Promise<PopulatedTicketEvent[]> {
  return TicketEventModel.find({ ticket: ticketId })
    .sort({ createdAt: 1, _id: 1 })
    .populate({ path: 'actor', select: 'name role' })
    .lean<PopulatedTicketEvent[]>();
}
