import type { KeyedLock } from '../platform/keyedLock.js';
import { CounterModel } from './counterModel.js';
import { nextSlaDueAt } from './slaDueAt.js';
import { TicketModel, type TicketFields } from './ticketModel.js';

/** Marks a database whose tickets all carry the queue's fields; its presence makes the start-up check one `_id` lookup. */
/** The counter document that records that the backfill ran (data written by this version never needs it). */
export const QUEUE_FIELDS_MARKER_ID = 'queue-fields-v1';
const LOCK_KEY = 'queue-fields-backfill';
const CHUNK = 500;

type Stored = Pick<TicketFields, '_id' | 'status' | 'sla' | 'createdAt' | 'updatedAt'>;

/**
 * The queue's fields for a ticket written before they existed. Whose turn it was is
 * read from the status alone (`waiting` is the requester's turn, completed is
 * nobody's, the rest ours since the last change), the best guess without reading
 * every conversation; the next reply or status change sets it exactly.
 */
export function queueFieldsOf(ticket: Stored): Partial<TicketFields> {
  const waitingOn = ticket.status === 'completed' ? null : ticket.status === 'waiting' ? 'requester' : 'staff';
  return {
    waitingOn,
    waitingSince: waitingOn ? ticket.updatedAt : null,
    lastActivityAt: ticket.updatedAt,
    lastPublicActivityAt: ticket.updatedAt,
    slaDueAt: nextSlaDueAt(ticket.sla),
  };
}

/**
 * Gives tickets filed before the work queue existed their `waitingOn`, activity and
 * `slaDueAt` fields, once per database, at start-up. Only tickets lacking the
 * fields are touched, so a start cut off half-way finishes the rest next time.
 */
export async function ensureQueueFields(lock: KeyedLock): Promise<{ updated: number }> {
  if (await CounterModel.exists({ _id: QUEUE_FIELDS_MARKER_ID })) return { updated: 0 };
  return lock.run(LOCK_KEY, async () => {
    if (await CounterModel.exists({ _id: QUEUE_FIELDS_MARKER_ID })) return { updated: 0 };
    const tickets = await TicketModel.find({ waitingOn: { $exists: false } })
      .select('_id status sla createdAt updatedAt')
      .lean<Stored[]>();
    for (let i = 0; i < tickets.length; i += CHUNK) {
      await TicketModel.bulkWrite(
        tickets.slice(i, i + CHUNK).map((t) => ({
          // Conditional: a ticket written meanwhile by a newer process keeps its exact fields.
          updateOne: { filter: { _id: t._id, waitingOn: { $exists: false } }, update: { $set: queueFieldsOf(t) }, timestamps: false },
        })),
        { ordered: false },
      );
    }
    await CounterModel.updateOne({ _id: QUEUE_FIELDS_MARKER_ID }, { $setOnInsert: { seq: tickets.length } }, { upsert: true });
    return { updated: tickets.length };
  });
}
