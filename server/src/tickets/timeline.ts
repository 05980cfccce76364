import type { TicketEventType } from '@relaydesk/shared';
import { Types } from 'mongoose';
import type { KeyedLock } from '../platform/keyedLock.js';
import { TicketEventModel } from './timelineModel.js';
import type { PopulatedTicketEvent } from './presenter.js';
import { withUserRefs } from '../users/refs.js';

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

/**
 * Appends an entry unless one with the same `dedupeKey` is already there. Workflows
 * pass their run and step, so a step replayed after a crash leaves one entry, not two.
 * The check and the write are serialised per key; FerretDB gives no unique index
 * that would do it here (most entries carry no key).
 */
export async function recordTicketEventOnce(
  entry: TimelineEntry & { dedupeKey: string },
  lock: KeyedLock,
): Promise<boolean> {
  return lock.run(`timeline-once:${entry.dedupeKey}`, async () => {
    const ticket = new Types.ObjectId(String(entry.ticketId));
    if (await TicketEventModel.exists({ ticket, dedupeKey: entry.dedupeKey })) return false;
    await TicketEventModel.create({
      ticket,
      type: entry.type,
      actor: entry.actorId ? new Types.ObjectId(entry.actorId) : null,
      from: entry.from ?? null,
      to: entry.to ?? null,
      data: entry.data ?? {},
      dedupeKey: entry.dedupeKey,
    });
    return true;
  });
}

/**
 * A ticket's whole timeline, oldest first, with the actors' names. Without
 * `includeNotes` the entries for staff-only notes are left out in the query.
 */
export async function loadTimeline(
  ticketId: string | Types.ObjectId,
  { includeNotes }: { includeNotes: boolean },
): Promise<PopulatedTicketEvent[]> {
  const filter: Record<string, unknown> = { ticket: ticketId };
  if (!includeNotes) filter.type = { $ne: 'noted' };
  const events = await TicketEventModel.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
  return withUserRefs<PopulatedTicketEvent>(events, ['actor']);
}
