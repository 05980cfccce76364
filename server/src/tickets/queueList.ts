import { PRIORITIES, parseTicketNumber, type Paginated, type TicketListQuery, type TicketStatus } from '@relaydesk/shared';
import type { SortOrder } from 'mongoose';
import { escapeRegExp } from '../platform/pagination.js';
import { UserModel } from '../users/userModel.js';
import { TicketModel, type TicketFields } from './ticketModel.js';

/**
 * The query shapes of the work queue: filters, the service-level views, and each
 * sort as an ordered list of segments. A sort no index can serve directly (priority
 * by rank, "waiting on us first", "due first, then the rest") becomes segments that
 * each filter by equality or range on one field and sort on that field's index,
 * read one after the other with skip/limit; so each is an index hit on MongoDB,
 * and on FerretDB the cache carries the scans.
 */

export type Filter = Record<string, unknown>;
export interface Segment {
  filter: Filter;
  sort: Record<string, SortOrder>;
}

const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;
const OPEN_STATUSES: TicketStatus[] = ['todo', 'in_progress', 'waiting'];
/** How far ahead the "due soon" view looks. */
export const DUE_SOON_MS = 60 * 60 * 1000;
/** Requester-name search looks at no more people than this; a wider name needs a narrower search. */
const NAME_MATCH_LIMIT = 50;

/** Both filters at once: merged when they share no field, else under `$and`, so neither overwrites the other. */
export function both(a: Filter, b: Filter): Filter {
  if (Object.keys(a).length === 0) return b;
  if (Object.keys(b).length === 0) return a;
  const overlaps = Object.keys(a).some((key) => key in b);
  return overlaps ? { $and: [a, b] } : { ...a, ...b };
}

const oneOrIn = <T>(values: T[]) => (values.length === 1 ? values[0] : { $in: values });

/**
 * The query's own filters, without the caller's scope. Text finds words in the title
 * or description, the ticket with that number (`1042`, `#1042`), and the tickets of
 * requesters whose name contains it (`requesterIds`, looked up first).
 */
export function queueFilter(query: TicketListQuery, opts: { now: Date; requesterIds?: string[] }): Filter {
  let filter: Filter = {};
  if (query.status?.length) filter.status = oneOrIn(query.status);
  if (query.priority?.length) filter.priority = oneOrIn(query.priority);
  if (query.requester) filter.createdBy = query.requester;
  if (query.q) {
    const pattern = new RegExp(escapeRegExp(query.q), 'i');
    const number = parseTicketNumber(query.q);
    const $or: Filter[] = [{ title: pattern }, { description: pattern }];
    if (number !== null) $or.push({ filingNumber: number });
    if (opts.requesterIds?.length) $or.push({ createdBy: oneOrIn(opts.requesterIds) });
    filter.$or = $or;
  }
  if (query.sla === 'breached') {
    filter = both(filter, {
      status: { $in: OPEN_STATUSES },
      $or: [{ 'sla.breached.firstResponse': true }, { 'sla.breached.resolution': true }],
    });
  } else if (query.sla === 'due_soon') {
    filter = both(filter, { slaDueAt: { $gte: opts.now, $lte: new Date(opts.now.getTime() + DUE_SOON_MS) } });
  }
  return filter;
}

/** Ids of people whose name contains the text, for requester-name search. */
export async function requesterIdsMatching(text: string): Promise<string[]> {
  const found = await UserModel.find({ name: new RegExp(escapeRegExp(text), 'i') })
    .select('_id')
    .limit(NAME_MATCH_LIMIT)
    .lean();
  return found.map((user) => String(user._id));
}

/** The segments that read `filter` in the order `sort` names, first segment first. */
export function sortSegments(sort: TicketListQuery['sort'], filter: Filter): Segment[] {
  switch (sort) {
    case 'oldest':
      return [{ filter, sort: OLDEST_FIRST }];
    case 'priority':
      return [...PRIORITIES].reverse().map((priority) => ({ filter: both(filter, { priority }), sort: NEWEST_FIRST }));
    case 'waiting':
      // Longest waiting for our answer first, then those waiting on the requester, then the closed.
      return [
        { filter: both(filter, { waitingOn: 'staff' }), sort: { waitingSince: 1, _id: 1 } },
        { filter: both(filter, { waitingOn: 'requester' }), sort: { waitingSince: 1, _id: 1 } },
        { filter: both(filter, { waitingOn: null }), sort: NEWEST_FIRST },
      ];
    case 'due':
      return [
        { filter: both(filter, { slaDueAt: { $ne: null } }), sort: { slaDueAt: 1, _id: 1 } },
        { filter: both(filter, { slaDueAt: null }), sort: NEWEST_FIRST },
      ];
    default:
      return [{ filter, sort: NEWEST_FIRST }];
  }
}

/**
 * One page across segments read in order: counts each segment, then reads only the
 * segments the page falls in, with skip and limit.
 */
export async function findSegmentedPage(segments: Segment[], { page, limit }: { page: number; limit: number }): Promise<Omit<Paginated<TicketFields>, 'items'> & { docs: TicketFields[] }> {
  const counts = await Promise.all(segments.map((s) => TicketModel.countDocuments(s.filter)));
  let skip = (page - 1) * limit;
  let room = limit;
  const docs: TicketFields[] = [];
  for (const [i, segment] of segments.entries()) {
    if (room === 0) break;
    const count = counts[i]!;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const part = await TicketModel.find(segment.filter).sort(segment.sort).skip(skip).limit(room).lean<TicketFields[]>();
    docs.push(...part);
    room -= part.length;
    skip = 0;
  }
  const total = counts.reduce((sum, n) => sum + n, 0);
  return { docs, page, limit, total, totalPages: Math.ceil(total / limit) };
}

/** The open statuses among the ones asked for (all open ones when none were), for views of open tickets only. */
export function openStatusesOf(statuses: TicketStatus[] | undefined): TicketStatus[] {
  return (statuses ?? OPEN_STATUSES).filter((s) => s !== 'completed');
}
