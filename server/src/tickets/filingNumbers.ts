import type { Types } from 'mongoose';
import type { KeyedLock } from '../platform/keyedLock.js';
import { CounterModel } from './counterModel.js';
import { TicketModel, type TicketFields } from './ticketModel.js';
import { TicketNumberModel } from './ticketNumberModel.js';

/**
 * Every ticket, newest first: the admin's unfiltered list, read by position.
 *
 * Each ticket gets the next number of a counter when it is filed (`filingNumber`),
 * and `ticket_numbers` records which ticket holds each number under `_id` = the
 * number. A page of the newest tickets is then one counter read plus, per ticket on
 * the page, one lookup of its number and one of the ticket, all by `_id`, at page 1
 * as at page 1,000. The obvious query, sort by createdAt with skip and limit, costs
 * a whole-collection scan on FerretDB (which sorts in its proxy: 38 s for 50,000
 * tickets on its PostgreSQL handler, plus as much again to count them), and so does
 * an equality on any indexed field other than `_id` on its SQLite handler (the
 * earlier `filingBlock` lookups: 1.5 s each at 5,000 tickets). On MongoDB every
 * lookup here is an index hit.
 *
 * Numbers are contiguous: tickets are never deleted, and a number is taken only
 * after the ticket has passed validation. Its `ticket_numbers` entry is written
 * before the ticket, so a process dying in between leaves an entry naming a ticket
 * that does not exist: the page holding it shows one ticket fewer and the total is
 * one too high, as when an insert fails after the number was taken. Numbers are
 * handed out under the keyed lock, which spans processes through Redis; with Redis
 * down and several processes, two tickets can share a number (the entry lists
 * both), and where that number falls on a page boundary one of the two can be
 * skipped when paging. Both are the price of a failure, not of normal operation.
 */
export const FILING_BLOCK_SIZE = 50;

export const FILING_COUNTER_ID = 'tickets';
const COUNTER_LOCK_KEY = 'counter:tickets';

/**
 * Block 0 holds numbers 1-50, block 1 holds 51-100, and so on. Tickets still carry
 * their block (indexed) for processes of the previous version during a rolling
 * upgrade, which page by it; this version reads pages through `ticket_numbers`.
 */
export const filingBlockOf = (seq: number) => Math.floor((seq - 1) / FILING_BLOCK_SIZE);

/** The numbers a page covers (newest first among 1..total). */
export interface FilingWindow {
  highSeq: number;
  lowSeq: number;
}

/** Which numbers page `page` of `limit` covers when tickets 1..total exist; null past the end. */
export function filingWindow(total: number, page: number, limit: number): FilingWindow | null {
  const highSeq = total - (page - 1) * limit;
  if (highSeq < 1 || limit < 1) return null;
  const lowSeq = Math.max(1, highSeq - limit + 1);
  return { highSeq, lowSeq };
}

/** How many tickets have been filed (the highest number handed out). */
export async function filingTotal(): Promise<number> {
  const counter = await CounterModel.findById(FILING_COUNTER_ID).lean();
  return counter?.seq ?? 0;
}

/**
 * Hands out the next `count` numbers and returns the first. Serialised through the
 * keyed lock because FerretDB's `$inc` is read-modify-write in its proxy.
 * The counter is created by `ensureFilingNumbers`, never here, so a database whose
 * tickets predate numbering is numbered before any new ticket takes a number.
 */
export async function takeFilingNumbers(lock: KeyedLock, count = 1): Promise<number> {
  return lock.run(COUNTER_LOCK_KEY, async () => {
    let counter = await CounterModel.findOneAndUpdate({ _id: FILING_COUNTER_ID }, { $inc: { seq: count } }, { returnDocument: 'after' }).lean();
    if (!counter) {
      await numberExistingTickets();
      counter = await CounterModel.findOneAndUpdate({ _id: FILING_COUNTER_ID }, { $inc: { seq: count } }, { returnDocument: 'after' }).lean();
    }
    return counter!.seq - count + 1;
  });
}

/**
 * Creates the counter if this database has none yet, numbering any tickets it already
 * holds in the order they were filed. Runs at start-up; on a database that has a
 * counter it is one lookup by id.
 */
export async function ensureFilingNumbers(lock: KeyedLock): Promise<{ numbered: number }> {
  if (await CounterModel.exists({ _id: FILING_COUNTER_ID })) return { numbered: 0 };
  return lock.run(COUNTER_LOCK_KEY, async () => {
    if (await CounterModel.exists({ _id: FILING_COUNTER_ID })) return { numbered: 0 };
    return { numbered: await numberExistingTickets() };
  });
}

/** Numbers every ticket by (createdAt, _id) and creates the counter after the last. Caller holds the lock. */
async function numberExistingTickets(): Promise<number> {
  const tickets = await TicketModel.find({}).select('_id createdAt').sort({ createdAt: 1, _id: 1 }).lean();
  const CHUNK = 1_000;
  for (let i = 0; i < tickets.length; i += CHUNK) {
    await TicketModel.bulkWrite(
      tickets.slice(i, i + CHUNK).map((t, j) => {
        const seq = i + j + 1;
        return { updateOne: { filter: { _id: t._id }, update: { $set: { filingNumber: seq, filingBlock: filingBlockOf(seq) } } } };
      }),
      { ordered: false },
    );
  }
  await writeNumberEntries(tickets.map((t, i) => ({ number: i + 1, ids: [t._id] })), 'replace');
  await CounterModel.updateOne({ _id: FILING_COUNTER_ID }, { $setOnInsert: { seq: tickets.length } }, { upsert: true });
  return tickets.length;
}

/** Lookups by `_id` run this many at a time: enough to overlap round trips, few enough not to crowd out other work. */
const LOOKUPS_AT_ONCE = 25;

/** `read` for each item, LOOKUPS_AT_ONCE at a time, results in the items' order. */
async function lookUpAll<T, R>(items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += LOOKUPS_AT_ONCE) out.push(...(await Promise.all(items.slice(i, i + LOOKUPS_AT_ONCE).map(read))));
  return out;
}

/**
 * Writes `ticket_numbers` entries in batches. `add` keeps tickets an entry already
 * names (a second ticket with the same number); `replace` makes the entry exactly
 * these tickets (numbering from scratch).
 */
async function writeNumberEntries(entries: Array<{ number: number; ids: Types.ObjectId[] }>, mode: 'add' | 'replace'): Promise<void> {
  const CHUNK = 1_000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    await TicketNumberModel.bulkWrite(
      entries.slice(i, i + CHUNK).map(({ number, ids }) => ({
        updateOne: {
          filter: { _id: String(number) },
          update: mode === 'add' ? { $addToSet: { tickets: { $each: ids } } } : { $set: { tickets: ids } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}

/** Records that `ticketId` holds `number`; written before the ticket itself (see the top of this file). */
export async function recordFilingNumber(number: number, ticketId: Types.ObjectId): Promise<void> {
  await TicketNumberModel.updateOne({ _id: String(number) }, { $addToSet: { tickets: ticketId } }, { upsert: true });
}

/** The ids of the tickets holding `number` (normally one; none when no ticket has it). */
export async function ticketIdsWithNumber(number: number): Promise<Types.ObjectId[]> {
  const entry = await TicketNumberModel.findById(String(number)).lean();
  return entry?.tickets ?? [];
}

/** Marks a database whose numbered tickets all have their `ticket_numbers` entry. */
export const NUMBER_ENTRIES_MARKER_ID = 'ticket-numbers-v1';
const NUMBER_ENTRIES_LOCK_KEY = 'ticket-numbers-backfill';

/**
 * Writes the `ticket_numbers` entries of tickets numbered before entries existed,
 * once per database, at start-up: one pass over the tickets, then the marker, so a
 * restart is one lookup by `_id`. Entries are added to, never replaced, so tickets
 * filed meanwhile keep theirs; a start cut off half-way does it all again next time.
 */
export async function ensureNumberEntries(lock: KeyedLock): Promise<{ entries: number }> {
  if (await CounterModel.exists({ _id: NUMBER_ENTRIES_MARKER_ID })) return { entries: 0 };
  return lock.run(NUMBER_ENTRIES_LOCK_KEY, async () => {
    if (await CounterModel.exists({ _id: NUMBER_ENTRIES_MARKER_ID })) return { entries: 0 };
    const tickets = await TicketModel.find({}).select('_id filingNumber').lean<Array<Pick<TicketFields, '_id' | 'filingNumber'>>>();
    const byNumber = new Map<number, Types.ObjectId[]>();
    for (const t of tickets) {
      if (!Number.isInteger(t.filingNumber) || t.filingNumber < 1) continue;
      byNumber.set(t.filingNumber, [...(byNumber.get(t.filingNumber) ?? []), t._id as Types.ObjectId]);
    }
    await writeNumberEntries([...byNumber].map(([number, ids]) => ({ number, ids })), 'add');
    await CounterModel.updateOne({ _id: NUMBER_ENTRIES_MARKER_ID }, { $setOnInsert: { seq: byNumber.size } }, { upsert: true });
    return { entries: byNumber.size };
  });
}

/** Page `page` of every ticket, newest first, and how many there are. */
export async function findNewestPage(
  page: number,
  limit: number,
  select?: string,
): Promise<{ docs: TicketFields[]; total: number }> {
  const total = await filingTotal();
  const window = filingWindow(total, page, limit);
  if (!window) return { docs: [], total };
  const numbers = Array.from({ length: window.highSeq - window.lowSeq + 1 }, (_, i) => window.highSeq - i);
  const ids = (await lookUpAll(numbers, ticketIdsWithNumber)).flat();
  const found = await lookUpAll(ids, (id) => {
    const query = TicketModel.findById(id);
    if (select) query.select(`${select} filingNumber`);
    return query.lean<TicketFields>();
  });
  const docs = found
    .filter((t): t is TicketFields => t !== null)
    .sort((a, b) => b.filingNumber - a.filingNumber || String(b._id).localeCompare(String(a._id)))
    .slice(0, limit);
  return { docs, total };
}
