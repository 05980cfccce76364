import { createHash } from 'node:crypto';
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
 * The id of the entry a ticket's `dedupeKey` names: the first 12 bytes of a SHA-256
 * of both. Looking an entry up by `_id` alone is the one filter FerretDB pushes down
 * (by `{ticket, dedupeKey}` it read every entry of every ticket), and `_id` is unique
 * on every engine, so a second insert of the same entry fails instead of doubling it.
 */
export function timelineEntryIdFor(ticketId: string | Types.ObjectId, dedupeKey: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${String(ticketId)}\n${dedupeKey}`).digest().subarray(0, 12));
}

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Appends an entry unless one with the same `dedupeKey` is already there. Workflows
 * pass their run and step, so a step replayed after a crash leaves one entry, not two.
 * The entry's `_id` derives from the key (see timelineEntryIdFor); the lock only spares
 * the database a duplicate insert from this process.
 */
export async function recordTicketEventOnce(
  entry: TimelineEntry & { dedupeKey: string },
  lock: KeyedLock,
): Promise<boolean> {
  return lock.run(`timeline-once:${entry.dedupeKey}`, async () => {
    const ticket = new Types.ObjectId(String(entry.ticketId));
    const _id = timelineEntryIdFor(ticket, entry.dedupeKey);
    if (await TicketEventModel.exists({ _id })) return false;
    try {
      await TicketEventModel.create({
        _id,
        ticket,
        type: entry.type,
        actor: entry.actorId ? new Types.ObjectId(entry.actorId) : null,
        from: entry.from ?? null,
        to: entry.to ?? null,
        data: entry.data ?? {},
        dedupeKey: entry.dedupeKey,
      });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
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
