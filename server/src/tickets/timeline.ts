import type { TicketEventType } from '@relaydesk/shared';
import { Types } from 'mongoose';
import type { KeyedLock } from '../platform/keyedLock.js';
import { TicketEventKeyModel, TicketEventModel, type TicketEventKeyFields } from './timelineModel.js';
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
 *
 * The key is claimed first (`ticket_event_keys`, `_id` = the key), naming the id the
 * entry will have; then the entry is written under that id. A process dying between
 * the two leaves a claimed key without its entry, and the replay writes it under the
 * same id, so the entry exists exactly once either way. Every read and write is by
 * `_id`; serialised per key as well, since FerretDB's upsert is read-then-write.
 */
export async function recordTicketEventOnce(
  entry: TimelineEntry & { dedupeKey: string },
  lock: KeyedLock,
): Promise<boolean> {
  return lock.run(`timeline-once:${entry.dedupeKey}`, async () => {
    const claim = await TicketEventKeyModel.findOneAndUpdate(
      { _id: entry.dedupeKey },
      { $setOnInsert: { event: new Types.ObjectId() } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true, lean: true },
    );
    const eventId = (claim.value as TicketEventKeyFields | null)!.event;
    // A key claimed before (a replay) may or may not have its entry yet.
    if (claim.lastErrorObject?.updatedExisting && (await TicketEventModel.exists({ _id: eventId }))) return false;
    await TicketEventModel.create({
      _id: eventId,
      ticket: new Types.ObjectId(String(entry.ticketId)),
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

/** Entries about staff-only notes and the files on them. */
const NOTE_EVENT_TYPES: TicketEventType[] = ['noted', 'note_attached'];

/**
 * A ticket's whole timeline, oldest first, with the actors' names. Without
 * `includeNotes` the entries for staff-only notes are left out in the query.
 */
export async function loadTimeline(
  ticketId: string | Types.ObjectId,
  { includeNotes }: { includeNotes: boolean },
): Promise<PopulatedTicketEvent[]> {
  const filter: Record<string, unknown> = { ticket: ticketId };
  if (!includeNotes) filter.type = { $nin: NOTE_EVENT_TYPES };
  const events = await TicketEventModel.find(filter).sort({ createdAt: 1, _id: 1 }).lean();
  return withUserRefs<PopulatedTicketEvent>(events, ['actor']);
}
