import { Types } from 'mongoose';
import { TicketModel } from '../tickets/ticketModel.js';
import { StatsCounterModel, StatsShareModel } from './counterModel.js';
import { flattenCounters, TOTALS_DOC, type StatsTicket } from './figures.js';

/** The only code that queries the stats collections (and the ticket fields the figures read). */

const TICKET_FIELDS =
  'createdAt status priority assignedTo completedAt sla.firstRespondedAt sla.resolvedAt sla.firstResponseDueAt sla.resolutionDueAt sla.breached';

interface RawStatsTicket {
  _id: Types.ObjectId;
  createdAt: Date;
  status: StatsTicket['status'];
  priority: StatsTicket['priority'];
  assignedTo: Types.ObjectId | null;
  completedAt: Date | null;
  sla?: Partial<NonNullable<StatsTicket['sla']>> | null;
}

function toStatsTicket(raw: RawStatsTicket): StatsTicket {
  const sla = raw.sla;
  return {
    createdAt: raw.createdAt,
    status: raw.status,
    priority: raw.priority,
    assignedTo: raw.assignedTo ? String(raw.assignedTo) : null,
    completedAt: raw.completedAt ?? null,
    sla: sla
      ? {
          firstRespondedAt: sla.firstRespondedAt ?? null,
          resolvedAt: sla.resolvedAt ?? null,
          firstResponseDueAt: sla.firstResponseDueAt ?? null,
          resolutionDueAt: sla.resolutionDueAt ?? null,
          breached: { firstResponse: sla.breached?.firstResponse ?? false, resolution: sla.breached?.resolution ?? false },
        }
      : null,
  };
}

/** One ticket as the figures see it, or null when it does not exist. */
export async function statsTicketById(ticketId: string): Promise<StatsTicket | null> {
  if (!Types.ObjectId.isValid(ticketId)) return null;
  const raw = await TicketModel.findById(ticketId).select(TICKET_FIELDS).lean<RawStatsTicket>();
  return raw ? toStatsTicket(raw) : null;
}

/** Every ticket as the figures see it (the reconcile run's one scan), by id. */
export async function allStatsTickets(): Promise<Map<string, StatsTicket>> {
  const rows = await TicketModel.find({}).select(TICKET_FIELDS).lean<RawStatsTicket[]>();
  return new Map(rows.map((r) => [String(r._id), toStatsTicket(r)]));
}

/** The share a ticket was last counted with (empty when never counted). */
export async function shareOf(ticketId: string): Promise<string[]> {
  const doc = await StatsShareModel.findById(ticketId).lean();
  return doc?.entries ?? [];
}

/** Every stored share, by ticket id. */
export async function allShares(): Promise<Map<string, string[]>> {
  const rows = await StatsShareModel.find({}).lean();
  return new Map(rows.map((r) => [String(r._id), r.entries]));
}

/** The stored shares of the given tickets (a reconcile run's re-check after someone else wrote). */
export async function sharesOf(ticketIds: string[]): Promise<Map<string, string[]>> {
  const rows = await StatsShareModel.find({ _id: { $in: ticketIds } }).lean();
  return new Map(rows.map((r) => [String(r._id), r.entries]));
}

/**
 * Replaces the stored shares of these tickets (an empty share removes the record).
 * `known` lists the tickets the caller knows to have no stored share yet: those are
 * inserted in one batch, which is what makes a first full count of a large database
 * take seconds rather than one read-modify-write per ticket.
 */
export async function writeShares(shares: Map<string, string[]>, known: { absent?: ReadonlySet<string> } = {}): Promise<void> {
  if (shares.size === 0) return;
  const fresh = [...shares].filter(([id, entries]) => entries.length > 0 && known.absent?.has(id));
  const rest = [...shares].filter(([id, entries]) => !(entries.length > 0 && known.absent?.has(id)));
  if (fresh.length > 0) await StatsShareModel.insertMany(fresh.map(([id, entries]) => ({ _id: new Types.ObjectId(id), entries })), { lean: true });
  if (rest.length === 0) return;
  await StatsShareModel.bulkWrite(
    rest.map(([id, entries]) =>
      entries.length === 0
        ? { deleteOne: { filter: { _id: new Types.ObjectId(id) } } }
        : { updateOne: { filter: { _id: new Types.ObjectId(id) }, update: { $set: { entries } }, upsert: true } },
    ),
    { ordered: true },
  );
}

/** Adds the increments to the counter documents (creating them), and counts one write on `totals.seq`. */
export async function incrementCounters(byDoc: Map<string, Record<string, number>>): Promise<void> {
  const totals = { ...(byDoc.get(TOTALS_DOC) ?? {}), seq: 1 };
  for (const [doc, fields] of [...byDoc].filter(([d]) => d !== TOTALS_DOC)) {
    await StatsCounterModel.updateOne({ _id: doc }, { $inc: fields }, { upsert: true });
  }
  // Last, so a reader that sees the new seq sees every increment of this write.
  await StatsCounterModel.updateOne({ _id: TOTALS_DOC }, { $inc: totals }, { upsert: true });
}

/** How many counter writes there have been (0 before the first). */
export async function counterSeq(): Promise<number> {
  const doc = await StatsCounterModel.findById(TOTALS_DOC).select('seq').lean();
  return typeof doc?.seq === 'number' ? doc.seq : 0;
}

/** Whether the counters were ever written. */
export async function countersExist(): Promise<boolean> {
  return (await StatsCounterModel.exists({ _id: TOTALS_DOC })) !== null;
}

/** The named counter documents, flattened to `field path → n` (missing ones empty), one `_id` lookup each. */
export async function countersOf(docs: string[]): Promise<Map<string, Record<string, number>>> {
  const rows = await Promise.all(docs.map((id) => StatsCounterModel.findById(id).lean()));
  return new Map(docs.map((id, i) => [id, counterFields(rows[i] ?? null)]));
}

/** Every counter document, flattened (a reconcile run compares them all). */
export async function allCounters(): Promise<Map<string, Record<string, number>>> {
  const rows = await StatsCounterModel.find({}).lean();
  return new Map(rows.map((r) => [r._id, counterFields(r)]));
}

function counterFields(doc: Record<string, unknown> | null): Record<string, number> {
  if (!doc) return {};
  const { _id: _ignored, seq: _seq, ...rest } = doc;
  return flattenCounters(rest);
}
