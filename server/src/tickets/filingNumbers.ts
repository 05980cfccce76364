import type { KeyedLock } from '../platform/keyedLock.js';
import { CounterModel } from './counterModel.js';
import { TicketModel, type TicketFields } from './ticketModel.js';

/**
 * Every ticket, newest first: the admin's unfiltered list, read by position.
 *
 * Each ticket gets the next number of a counter when it is filed (`filingNumber`), and
 * numbers are grouped in blocks of FILING_BLOCK_SIZE (`filingBlock`). A page of the
 * newest tickets is then one counter read plus one or two equality lookups on
 * `filingBlock`, at page 1 as at page 1,000. The obvious query, sort by createdAt
 * with skip and limit, costs a whole-collection scan on FerretDB (which sorts in
 * its proxy and pushes down only equality filters: 38 s for 50,000 tickets on its
 * PostgreSQL handler, plus as much again to count them); on MongoDB it is an index
 * walk whose cost grows with the page number. Equality on an indexed field is cheap
 * on both.
 *
 * Numbers are contiguous: tickets are never deleted, and a number is taken only
 * after the ticket has passed validation. If an insert still fails after that, its
 * number stays unused: the page holding it shows one ticket fewer and the total is
 * one too high. Numbers are handed out under the keyed lock, which spans processes
 * through Redis; with Redis down and several processes, two tickets can share a
 * number, and where that number falls on a page boundary one of the two can be
 * skipped when paging. Both are the price of a failure, not of normal operation.
 */
export const FILING_BLOCK_SIZE = 50;

export const FILING_COUNTER_ID = 'tickets';
const COUNTER_LOCK_KEY = 'counter:tickets';

/** Block 0 holds numbers 1-50, block 1 holds 51-100, and so on. */
export const filingBlockOf = (seq: number) => Math.floor((seq - 1) / FILING_BLOCK_SIZE);

/** The numbers a page covers (newest first among 1..total), and the blocks that hold them. */
export interface FilingWindow {
  highSeq: number;
  lowSeq: number;
  blocks: number[];
}

/** Which numbers page `page` of `limit` covers when tickets 1..total exist; null past the end. */
export function filingWindow(total: number, page: number, limit: number): FilingWindow | null {
  const highSeq = total - (page - 1) * limit;
  if (highSeq < 1 || limit < 1) return null;
  const lowSeq = Math.max(1, highSeq - limit + 1);
  const blocks: number[] = [];
  for (let block = filingBlockOf(highSeq); block >= filingBlockOf(lowSeq); block -= 1) blocks.push(block);
  return { highSeq, lowSeq, blocks };
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
  await CounterModel.updateOne({ _id: FILING_COUNTER_ID }, { $setOnInsert: { seq: tickets.length } }, { upsert: true });
  return tickets.length;
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
  const blocks = await Promise.all(
    window.blocks.map((filingBlock) => {
      const query = TicketModel.find({ filingBlock });
      if (select) query.select(`${select} filingNumber`);
      return query.lean<TicketFields[]>();
    }),
  );
  const docs = blocks
    .flat()
    .filter((t) => t.filingNumber >= window.lowSeq && t.filingNumber <= window.highSeq)
    .sort((a, b) => b.filingNumber - a.filingNumber || String(b._id).localeCompare(String(a._id)))
    .slice(0, limit);
  return { docs, total };
}
