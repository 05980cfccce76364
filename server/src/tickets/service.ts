import {
  type Paginated,
  type TicketListItem,
  type TicketAction,
  type TicketCreateBody,
  type TicketEventType,
  type TicketListQuery,
  type TicketStatus,
} from '@relaydesk/shared';
import { Types } from 'mongoose';
import { updateOneByIdWhere } from '../platform/conditionalWrite.js';
import { errors } from '../platform/errors.js';
import { entityTag, JsonText, type Cache, type CacheSpec } from '../platform/cache.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { TicketModel, type AssignmentFields, type TicketFields } from './ticketModel.js';
import { UserModel } from '../users/userModel.js';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import { ticketListScope } from './policy.js';
import { findPopulatedTicket, findTicket, openTicketIdsAssignedTo, ticketByIdOrNotFound, writeTicketAssignment, writeTicketStatus } from './repo.js';
import { presentTicket, type PopulatedTicket, type PopulatedTicketEvent } from './presenter.js';
import { cacheTags } from '../domain/cacheTags.js';
import type { DomainEvents } from '../domain/events.js';
import { findNewestPage, filingBlockOf, recordFilingNumber, takeFilingNumbers, ticketIdsWithNumber } from './filingNumbers.js';
import { loadTimeline, recordTicketEvent, recordTicketEventOnce } from './timeline.js';
import { withUserRefs } from '../users/refs.js';
import { clocksAfterStatusChange, planClocks, type SlaRules } from '../sla/plan.js';
import { both, findSegmentedPage, openStatusesOf, queueFilter, requesterIdsMatching, sortSegments } from './queueList.js';
import { isUnread, type ReadMarkers } from './readMarkers.js';
import { findUnreadSlots, markUnread, withUnreadSlot } from './listPageBytes.js';

export interface TicketServiceDeps {
  lock: KeyedLock;
  events: DomainEvents;
  cache: Cache;
  /** The service-level policy in force, read at each write that plans clocks. */
  slaRules: () => Promise<SlaRules>;
  /** When each person last saw each ticket (the queue's unread marks). */
  readMarkers: ReadMarkers;
}

/** How long a cached ticket list may live; every write that changes it drops it sooner. */
const TICKET_LIST_TTL_SECONDS = 180;

/** The start of the current minute: what the "due within the hour" view is cached per. */
function currentMinute(): Date {
  return new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
}

function listCacheSpec(actor: Pick<Actor, 'id' | 'role'>, query: TicketListQuery, minute: Date = currentMinute()): CacheSpec {
  const isAdmin = actor.role === 'admin';
  // The pool and other people's queues change with any ticket, as the admin's lists do.
  const seesOthers = isAdmin || (query.assignee !== undefined && query.assignee !== 'me');
  // "Due within the hour" moves with the clock: the entry is per minute and lives one minute.
  const dueSoon = query.sla === 'due_soon';
  return {
    // The version names the stored form: items carry their unread slot first (listPageBytes.ts).
    name: 'ticket-list-v2',
    params: { scope: isAdmin ? 'all' : `${actor.role}:${actor.id}`, query, ...(dueSoon ? { at: minute.toISOString() } : {}) },
    tags: [seesOthers ? cacheTags.allTickets : cacheTags.ticketsOf(actor.id), cacheTags.people],
    ttlSeconds: dueSoon ? 60 : TICKET_LIST_TTL_SECONDS,
  };
}

const PEOPLE = ['createdBy', 'assignedTo'];
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** How many applied assignment keys a person's record keeps against a repeat. */
const COUNTED_ASSIGNMENT_KEYS = 50;

export const ticketLockKey = (ticketId: string) => `ticket:${ticketId}`;
export const userStatsLockKey = (userId: string) => `user-stats:${userId}`;

const byNewest = (a: TicketFields, b: TicketFields) =>
  b.createdAt.getTime() - a.createdAt.getTime() || String(b._id).localeCompare(String(a._id));

const toPage = async (docs: TicketFields[], total: number, { page, limit }: TicketListQuery): Promise<Paginated<PopulatedTicket>> => ({
  items: await withUserRefs<PopulatedTicket>(docs, PEOPLE),
  page,
  limit,
  total,
  totalPages: Math.ceil(total / limit),
});

/**
 * A moderator's tickets (assigned to them or filed by them) as the union of two
 * equality queries rather than one `$or`: FerretDB pushes equality down to its
 * storage but scans the whole collection for an `$or` (43 s against 0.4 s at
 * 50,000 tickets), and on MongoDB each half is an index range. Each half is read
 * only as far as the page reaches; the total counts the overlap once.
 */
async function findModeratorPage(moderatorId: string, filter: Record<string, unknown>, query: TicketListQuery): Promise<Paginated<PopulatedTicket>> {
  const mine = both(filter, { assignedTo: moderatorId });
  const filed = both(filter, { createdBy: moderatorId });
  const reach = query.page * query.limit;
  const [assigned, created, assignedCount, createdCount, bothCount] = await Promise.all([
    TicketModel.find(mine).sort(NEWEST_FIRST).limit(reach).lean<TicketFields[]>(),
    TicketModel.find(filed).sort(NEWEST_FIRST).limit(reach).lean<TicketFields[]>(),
    TicketModel.countDocuments(mine),
    TicketModel.countDocuments(filed),
    TicketModel.countDocuments(both(mine, { createdBy: moderatorId })),
  ]);
  const union = new Map<string, TicketFields>();
  for (const ticket of [...assigned, ...created]) union.set(String(ticket._id), ticket);
  const offset = (query.page - 1) * query.limit;
  const docs = [...union.values()].sort(byNewest).slice(offset, offset + query.limit);
  return toPage(docs, assignedCount + createdCount - bothCount, query);
}

/**
 * The scope of a staff list filtered by assignee: the caller's own, the unassigned
 * pool (open tickets nobody has, which every moderator may read), or one person's
 * (admins). Null when the filters leave nothing (the pool holds no completed ticket).
 */
function assigneeScope(actor: Actor, query: TicketListQuery): Record<string, unknown> | null {
  const assignee = query.assignee!;
  if (assignee === 'unassigned') {
    const open = openStatusesOf(query.status);
    if (open.length === 0) return null;
    return { assignedTo: null, status: open.length === 1 ? open[0] : { $in: open } };
  }
  const id = assignee === 'me' ? actor.id : assignee;
  if (id !== actor.id) authorize(actor, 'workspace.listAllTickets', null);
  return { assignedTo: id };
}

/** Reads one page of the actor's tickets from the database, as of `now` (the due-soon view's moment). */
async function findTicketPage(actor: Actor, query: TicketListQuery, now: Date): Promise<Paginated<PopulatedTicket>> {
  const isStaff = can(actor, 'workspace.workQueue', null);
  // Looking for people by name is a staff search; a requester's list holds only their own tickets anyway.
  const requesterIds = query.q && isStaff ? await requesterIdsMatching(query.q) : [];
  const filter = queueFilter(query, { now, requesterIds });
  const newest = query.sort === 'newest';
  if (!query.assignee) {
    if (newest && actor.role === 'admin' && Object.keys(filter).length === 0) {
      const { docs, total } = await findNewestPage(query.page, query.limit);
      return toPage(docs, total, query);
    }
    if (newest && actor.role === 'moderator') return findModeratorPage(actor.id, filter, query);
  }
  const scope = query.assignee ? assigneeScope(actor, query) : ticketListScope(actor);
  if (scope === null) return toPage([], 0, query);
  const { docs, total } = await findSegmentedPage(sortSegments(query.sort, both(filter, scope)), query);
  return toPage(docs, total, query);
}

/** Whose turn it is after a public comment, or null when it does not change. */
function turnAfterComment(ticket: TicketFields, authorId: string, now: Date): Pick<TicketFields, 'waitingOn' | 'waitingSince'> | null {
  if (ticket.status === 'completed') return null;
  const next = String(ticket.createdBy) === authorId ? 'staff' : 'requester';
  if (ticket.waitingOn === next) return null;
  return { waitingOn: next, waitingSince: now };
}

/** Whose turn it is after a status change, or null when it does not change. */
function turnAfterStatus(ticket: TicketFields, to: TicketStatus, now: Date): Pick<TicketFields, 'waitingOn' | 'waitingSince'> | null {
  if (to === 'completed') return ticket.waitingOn === null ? null : { waitingOn: null, waitingSince: null };
  // `waiting` is the status for "we asked the requester"; reopening puts it back on us.
  const next = to === 'waiting' ? 'requester' : ticket.status === 'completed' ? 'staff' : ticket.waitingOn;
  if (next === ticket.waitingOn) return null;
  return { waitingOn: next, waitingSince: now };
}

export const turnRules = { turnAfterComment, turnAfterStatus };

/** Everything done to tickets themselves: filing, listing, reading, status, assignment. */
export function createTicketService({ lock, events, cache, slaRules, readMarkers }: TicketServiceDeps) {
  const loadPopulated = (ticketId: string | Types.ObjectId) => findPopulatedTicket(ticketId);

  /**
   * Loads a ticket the actor wants to act on. A ticket they may not even read is
   * "not found" (no existence leak); one they may read but not act on is forbidden.
   */
  async function loadForAction(actor: Actor, ticketId: string, action: TicketAction): Promise<TicketFields> {
    const ticket = await findTicket(ticketId);
    if (!ticket || !can(actor, 'ticket.read', ticket)) throw errors.notFound('ticket');
    authorize(actor, `ticket.${action}`, ticket);
    return ticket;
  }

  /** The ticket with its timeline; entries for staff-only notes only for those who may read notes. */
  async function getTicket(actor: Actor, ticketId: string): Promise<{ ticket: PopulatedTicket; timeline: PopulatedTicketEvent[] }> {
    const openedAt = new Date();
    const facts = await loadForAction(actor, ticketId, 'read');
    const includeNotes = can(actor, 'ticket.readInternalNotes', facts);
    const [ticket, timeline] = await Promise.all([loadPopulated(ticketId), loadTimeline(ticketId, { includeNotes })]);
    if (!ticket) throw errors.notFound('ticket');
    // Opening a ticket is reading it: its unread mark clears for this person. As of the
    // moment the read began, so activity that lands meanwhile stays unread.
    await readMarkers.markSeen(String(facts._id), actor.id, openedAt);
    return { ticket, timeline };
  }

  /** Applies the assignee's statistics for a status change, serialised per moderator. */
  async function updateAssigneeStats(ticket: TicketFields, from: TicketStatus, to: TicketStatus, now: Date) {
    if (!ticket.assignedTo || from === to) return;
    const assigneeId = String(ticket.assignedTo);
    const hours = (now.getTime() - ticket.createdAt.getTime()) / HOUR_MS;
    let $inc: Record<string, number> | null = null;
    if (to === 'completed') {
      $inc = { totalResolved: 1, resolutionHoursTotal: hours, activeTickets: -1 };
    } else if (from === 'completed' && ticket.completedAt) {
      // Reopened: the earlier resolution no longer counts.
      const earlier = (ticket.completedAt.getTime() - ticket.createdAt.getTime()) / HOUR_MS;
      $inc = { totalResolved: -1, resolutionHoursTotal: -earlier, activeTickets: 1 };
    }
    if (!$inc) return;
    const update = $inc;
    await lock.run(userStatsLockKey(assigneeId), () => UserModel.updateOne({ _id: assigneeId }, { $inc: update }));
  }

  /** Writes a status change with its clocks, statistics, timeline entry and announcement; the caller holds the ticket's lock. */
  async function moveStatus(ticket: TicketFields, to: TicketStatus, actorId: string): Promise<PopulatedTicket> {
    const ticketId = String(ticket._id);
    const from = ticket.status;
    const now = new Date();
    const $set: Record<string, unknown> = {
      status: to,
      completedAt: to === 'completed' ? now : null,
      ...turnAfterStatus(ticket, to, now),
      lastActivityAt: now,
      lastPublicActivityAt: now,
    };
    if (ticket.sla) $set.sla = clocksAfterStatusChange(ticket, ticket.sla, { from, to }, await slaRules(), now);
    const updated = await writeTicketStatus(ticket._id, from, $set);
    if (!updated) throw errors.conflict('the ticket changed while you were updating it; reload and try again');
    await updateAssigneeStats(ticket, from, to, now);
    await recordTicketEvent({ ticketId, type: 'status_changed', actorId, from, to });
    await readMarkers.markSeen(ticketId, actorId, now);
    const populated = (await loadPopulated(ticketId))!;
    await events.publish('ticket.status_changed', { ticket: populated, from, to, actorId });
    return populated;
  }

  return {
    loadPopulated,
    loadForAction,

    async createTicket(actor: Actor, input: TicketCreateBody): Promise<PopulatedTicket> {
      const createdAt = new Date();
      const draft = new TicketModel({
        ...input,
        createdBy: actor.id,
        filingNumber: 0,
        filingBlock: 0,
        createdAt,
        // A new ticket waits for our first answer.
        waitingOn: 'staff',
        waitingSince: createdAt,
        lastActivityAt: createdAt,
        lastPublicActivityAt: createdAt,
      });
      // The clocks start with the ticket, in the same write.
      draft.set({ sla: planClocks({ createdAt, priority: draft.priority }, null, await slaRules(), createdAt) });
      // Validated before taking a number, so a rejected ticket leaves no gap in the filing numbers.
      await draft.validate();
      const filingNumber = await takeFilingNumbers(lock);
      draft.set({ filingNumber, filingBlock: filingBlockOf(filingNumber) });
      await recordFilingNumber(filingNumber, draft._id);
      const created = await draft.save({ validateBeforeSave: false });
      await recordTicketEvent({ ticketId: created._id, type: 'created', actorId: actor.id, to: 'todo' });
      await readMarkers.markSeen(String(created._id), actor.id, createdAt);
      const ticket = (await loadPopulated(created._id))!;
      await events.publish('ticket.created', { ticket });
      return ticket;
    },

    /**
     * One page of the tickets the actor may see, filtered and sorted as asked, each
     * with `unread` for this caller. The page itself comes from the cache (shared by
     * every admin, per person otherwise); `unread` is added after it from the
     * caller's read markers, so opening a ticket never has to drop a cached list.
     */
    /**
     * The cache entry `listTickets` reads for this actor and query, so a request can
     * read it ahead (see platform/readAhead.ts). Only the actor's id and role matter.
     */
    listCacheSpec: (actor: Pick<Actor, 'id' | 'role'>, query: TicketListQuery) => listCacheSpec(actor, query),

    async listTickets(actor: Actor, query: TicketListQuery): Promise<JsonText<Paginated<TicketListItem>>> {
      if (query.assignee || query.requester || query.sla) authorize(actor, 'workspace.workQueue', null);
      const minute = currentMinute();
      const now = query.sla === 'due_soon' ? minute : new Date();
      const cached = await cache.getOrLoadJson(
        listCacheSpec(actor, query, minute),
        async () => {
          const page = await findTicketPage(actor, query, now);
          return { ...page, items: page.items.map((ticket) => withUnreadSlot(presentTicket(ticket, actor))) };
        },
      );
      const slots = findUnreadSlots(cached.bytes);
      const seen = await readMarkers.seenAtByTicket(
        slots.map((t) => t.id),
        actor.id,
      );
      const unread = slots.filter((t) => isUnread(t.activityAt, seen.get(t.id)));
      // What the caller receives is the shared page plus their own unread marks: its entity tag is
      // the stored one extended by those marks, still without hashing the page per request.
      const unreadIds = unread.map((t) => t.id);
      const etag = unreadIds.length === 0 ? cached.etag : `${cached.etag.slice(0, -1)}.${entityTag(unreadIds.join(',')).slice(1)}`;
      return new JsonText(markUnread(cached.bytes, unread), etag);
    },

    /** Marks the ticket seen by the actor now, as opening it does; not found when they may not read it. */
    async markSeen(actor: Actor, ticketId: string): Promise<void> {
      const at = new Date();
      const ticket = await loadForAction(actor, ticketId, 'read');
      await readMarkers.markSeen(String(ticket._id), actor.id, at);
    },

    getTicket,

    /**
     * The ticket people call `#number`, as `getTicket` answers. Not found when no
     * ticket has the number or the actor may not read it. Should two tickets share a
     * number (filed during a Redis outage), the first the actor may read is meant.
     */
    async getTicketByNumber(actor: Actor, number: number): Promise<{ ticket: PopulatedTicket; timeline: PopulatedTicketEvent[] }> {
      const ids = [...(await ticketIdsWithNumber(number))].sort((a, b) => String(a).localeCompare(String(b)));
      const candidates = await Promise.all(
        ids.map((id) => TicketModel.findById(id).select('_id createdBy assignedTo status').lean<Pick<TicketFields, '_id' | 'createdBy' | 'assignedTo' | 'status'>>()),
      );
      const readable = candidates.find((ticket) => ticket !== null && can(actor, 'ticket.read', ticket));
      if (!readable) throw errors.notFound('ticket');
      return getTicket(actor, String(readable._id));
    },

    /**
     * Moves a ticket to a new status. Completing records completedAt and adds the
     * resolution to the assignee's statistics; reopening takes it back out.
     * Setting the status a ticket already has changes nothing.
     */
    async changeStatus(actor: Actor, ticketId: string, to: TicketStatus): Promise<PopulatedTicket> {
      return lock.run(ticketLockKey(ticketId), async () => {
        const ticket = await loadForAction(actor, ticketId, 'changeStatus');
        const from = ticket.status;
        if (from === to) return (await loadPopulated(ticketId))!;
        return moveStatus(ticket, to, actor.id);
      });
    },

    /**
     * The requester answered a ticket waiting on them: it goes back to in progress
     * and its resolution clock runs again. Does nothing for a ticket in any other status.
     */
    async resumeAfterRequesterReply(ticketId: string, requesterId: string): Promise<PopulatedTicket | null> {
      return lock.run(ticketLockKey(ticketId), async () => {
        const ticket = await findTicket(ticketId);
        if (!ticket || ticket.status !== 'waiting' || String(ticket.createdBy) !== requesterId) return null;
        return moveStatus(ticket, 'in_progress', requesterId);
      });
    },

    /**
     * Gives a ticket to a moderator (or takes it back with null), keeping both
     * moderators' active counts right. `assignment` explains the choice when a
     * scorer made it. Serialised per ticket; the update is conditional on the
     * assignee we read, so a concurrent assignment is detected, not overwritten.
     */
    async assignTicket(args: {
      ticketId: string;
      moderatorId: string | null;
      actorId: string | null;
      assignment?: Omit<AssignmentFields, 'assignedAt'> | null;
      /** The timeline entry to write; defaults to `assigned`, or `unassigned` for null. */
      timelineType?: TicketEventType;
      /** Extra timeline data (a manual pick, a claim). */
      timelineData?: Record<string, unknown>;
      /** Keeps the previous assignee from being chosen again automatically (they gave it back). */
      excludePrevious?: boolean;
      /** Names this assignment so a retry can finish it (see resumeAssignment); a fresh one by default. */
      assignmentToken?: string;
      /** Changes nothing unless the ticket is still assigned to this person when the lock is held. */
      onlyFrom?: string;
    }): Promise<PopulatedTicket> {
      const { ticketId, moderatorId, actorId } = args;
      return lock.run(ticketLockKey(ticketId), async () => {
        const ticket = await ticketByIdOrNotFound(ticketId);
        const previous = ticket.assignedTo ? String(ticket.assignedTo) : null;
        if (previous === moderatorId) return (await loadPopulated(ticketId))!;
        if (args.onlyFrom !== undefined && previous !== args.onlyFrom) return (await loadPopulated(ticketId))!;
        if (moderatorId) {
          const moderator = await UserModel.findById(moderatorId).select('role').lean();
          if (!moderator || (moderator.role !== 'moderator' && moderator.role !== 'admin')) {
            throw errors.validation('the assignee must be a moderator or an admin');
          }
        }
        const now = new Date();
        const excluded = (ticket.excludedModerators ?? []).map(String);
        if (args.excludePrevious && previous && !excluded.includes(previous)) excluded.push(previous);
        const token = args.assignmentToken ?? new Types.ObjectId().toHexString();
        const updated = await writeTicketAssignment({
          ticketId: ticket._id,
          expectedAssignee: ticket.assignedTo,
          moderatorId,
          assignment: args.assignment ?? null,
          // Someone picked by a person may get it even after giving it back.
          excludedModerators: excluded.filter((id) => id !== moderatorId),
          token,
          at: now,
        });
        if (!updated) throw errors.conflict('the ticket was assigned concurrently');
        return applyAssignmentEffects({
          ticketId,
          token,
          previous,
          moderatorId,
          actorId,
          isActive: ticket.status !== 'completed',
          at: now,
          timelineType: args.timelineType ?? (moderatorId ? 'assigned' : 'unassigned'),
          timelineData: {
            ...(args.assignment ? { score: args.assignment.score, reason: args.assignment.reason } : {}),
            ...args.timelineData,
          },
        });
      });
    },

    /**
     * Finishes the side effects of the automatic assignment named by `assignmentToken`
     * when the ticket still carries it (the write happened, then the process died):
     * counts, the `assigned` entry and the `ticket.assigned` event, each once however
     * often this runs. Null when the ticket does not carry that token.
     */
    async resumeAssignment(args: { ticketId: string; assignmentToken: string }): Promise<PopulatedTicket | null> {
      return lock.run(ticketLockKey(args.ticketId), async () => {
        const ticket = await ticketByIdOrNotFound(args.ticketId);
        if (ticket.assignmentToken !== args.assignmentToken || !ticket.assignedTo) return null;
        const a = ticket.assignment;
        return applyAssignmentEffects({
          ticketId: args.ticketId,
          token: args.assignmentToken,
          previous: ticket.assignmentFrom ? String(ticket.assignmentFrom) : null,
          moderatorId: String(ticket.assignedTo),
          actorId: null,
          isActive: ticket.status !== 'completed',
          at: a?.assignedAt ?? ticket.updatedAt,
          timelineType: 'assigned',
          timelineData: a ? { score: a.score, reason: a.reason } : {},
        });
      });
    },

    /**
     * Puts every open ticket assigned to `userId` back in the unassigned pool, as
     * releases by `actorId`: what happens when someone stops being staff. Returns
     * how many went back.
     */
    async releaseOpenTicketsOf(userId: string, actorId: string | null): Promise<number> {
      let released = 0;
      for (const ticketId of await openTicketIdsAssignedTo(userId)) {
        await this.assignTicket({ ticketId, moderatorId: null, actorId, timelineType: 'released', excludePrevious: true, onlyFrom: userId });
        released += 1;
      }
      return released;
    },
  };

  /**
   * What follows an assignment write, each part at most once per token: the previous
   * assignee's and the new one's active counts, the timeline entry; then the domain
   * event, which may repeat (its subscribers refresh views and caches).
   */
  async function applyAssignmentEffects(e: {
    ticketId: string;
    token: string;
    previous: string | null;
    moderatorId: string | null;
    actorId: string | null;
    isActive: boolean;
    at: Date;
    timelineType: TicketEventType;
    timelineData: Record<string, unknown>;
  }): Promise<PopulatedTicket> {
    if (e.previous && e.isActive) await countOnce(e.previous, -1, `${e.token}:release`);
    if (e.moderatorId) await countOnce(e.moderatorId, e.isActive ? 1 : 0, `${e.token}:take`, e.at);
    await recordTicketEventOnce(
      {
        ticketId: e.ticketId,
        type: e.timelineType,
        actorId: e.actorId,
        from: e.previous,
        to: e.moderatorId,
        data: e.timelineData,
        dedupeKey: `assignment:${e.token}`,
      },
      lock,
    );
    const populated = (await loadPopulated(e.ticketId))!;
    if (e.moderatorId) await events.publish('ticket.assigned', { ticket: populated, moderatorId: e.moderatorId, previousModeratorId: e.previous });
    else if (e.previous) await events.publish('ticket.unassigned', { ticket: populated, previousModeratorId: e.previous, actorId: e.actorId });
    return populated;
  }

  /**
   * Moves a person's active count by `delta` unless the change named `key` was already
   * applied: the key goes into the same single-document write as the count, so a
   * retried assignment neither loses nor doubles it. The last keys are kept, enough
   * for any retry; the field lives outside the user schema, hence strict and strictQuery off here.
   */
  async function countOnce(userId: string, delta: number, key: string, assignedAt?: Date): Promise<void> {
    await lock.run(userStatsLockKey(userId), () =>
      updateOneByIdWhere(
        UserModel,
        userId,
        { countedAssignments: { $ne: key } },
        {
          $inc: { activeTickets: delta },
          ...(assignedAt ? { $set: { lastAssignedAt: assignedAt } } : {}),
          $push: { countedAssignments: { $each: [key], $slice: -COUNTED_ASSIGNMENT_KEYS } },
        },
        { strict: false },
      ),
    );
  }
}

export type TicketService = ReturnType<typeof createTicketService>;
