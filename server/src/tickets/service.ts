import type { Paginated, Ticket, TicketAction, TicketCreateBody, TicketEventType, TicketListQuery, TicketStatus } from '@relaydesk/shared';
import type { Types } from 'mongoose';
import { errors } from '../platform/errors.js';
import type { Cache, JsonText } from '../platform/cache.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { escapeRegExp, findPage } from '../platform/pagination.js';
import { TicketModel, type AssignmentFields, type TicketFields } from './ticketModel.js';
import { UserModel } from '../users/userModel.js';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import { ticketListScope } from './policy.js';
import { findPopulatedTicket, findTicket, ticketByIdOrNotFound } from './repo.js';
import { presentTicket, type PopulatedTicket, type PopulatedTicketEvent } from './presenter.js';
import { cacheTags } from '../domain/cacheTags.js';
import type { DomainEvents } from '../domain/events.js';
import { findNewestPage, filingBlockOf, takeFilingNumbers } from './filingNumbers.js';
import { loadTimeline, recordTicketEvent } from './timeline.js';
import { withUserRefs } from '../users/refs.js';
import { clocksAfterStatusChange, planClocks, type SlaRules } from '../sla/plan.js';

export interface TicketServiceDeps {
  lock: KeyedLock;
  events: DomainEvents;
  cache: Cache;
  /** The service-level policy in force, read at each write that plans clocks. */
  slaRules: () => Promise<SlaRules>;
}

/** How long a cached ticket list may live; every write that changes it drops it sooner. */
const TICKET_LIST_TTL_SECONDS = 180;

const PEOPLE = ['createdBy', 'assignedTo'];
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

const HOUR_MS = 3_600_000;

export const ticketLockKey = (ticketId: string) => `ticket:${ticketId}`;
export const userStatsLockKey = (userId: string) => `user-stats:${userId}`;

const byNewest = (a: TicketFields, b: TicketFields) =>
  b.createdAt.getTime() - a.createdAt.getTime() || String(b._id).localeCompare(String(a._id));

/** The query's own filters (status, priority, text), without the actor's scope. */
function queryFilter(query: TicketListQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.priority) filter.priority = query.priority;
  if (query.q) {
    const pattern = new RegExp(escapeRegExp(query.q), 'i');
    filter.$or = [{ title: pattern }, { description: pattern }];
  }
  return filter;
}

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
async function findModeratorPage(moderatorId: string, query: TicketListQuery): Promise<Paginated<PopulatedTicket>> {
  const filter = queryFilter(query);
  const mine = { ...filter, assignedTo: moderatorId };
  const filed = { ...filter, createdBy: moderatorId };
  const reach = query.page * query.limit;
  const [assigned, created, assignedCount, createdCount, bothCount] = await Promise.all([
    TicketModel.find(mine).sort(NEWEST_FIRST).limit(reach).lean<TicketFields[]>(),
    TicketModel.find(filed).sort(NEWEST_FIRST).limit(reach).lean<TicketFields[]>(),
    TicketModel.countDocuments(mine),
    TicketModel.countDocuments(filed),
    TicketModel.countDocuments({ ...filter, assignedTo: moderatorId, createdBy: moderatorId }),
  ]);
  const union = new Map<string, TicketFields>();
  for (const ticket of [...assigned, ...created]) union.set(String(ticket._id), ticket);
  const offset = (query.page - 1) * query.limit;
  const docs = [...union.values()].sort(byNewest).slice(offset, offset + query.limit);
  return toPage(docs, assignedCount + createdCount - bothCount, query);
}

/**
 * A staff list filtered by assignee: the caller's own, the unassigned pool (open
 * tickets nobody has, which every moderator may read), or one person's (admins).
 */
async function findAssigneePage(actor: Actor, query: TicketListQuery): Promise<Paginated<PopulatedTicket>> {
  const assignee = query.assignee;
  const filter = queryFilter(query);
  if (assignee === 'unassigned') {
    Object.assign(filter, { assignedTo: null }, query.status ? {} : { status: { $ne: 'completed' } });
    if (query.status === 'completed') return toPage([], 0, query);
  } else {
    const id = assignee === 'me' ? actor.id : assignee!;
    if (id !== actor.id) authorize(actor, 'workspace.listAllTickets', null);
    filter.assignedTo = id;
  }
  return findPage<TicketFields, PopulatedTicket>(
    { model: TicketModel, filter, sort: NEWEST_FIRST, resolve: (docs) => withUserRefs(docs, PEOPLE) },
    query,
  );
}

/** Reads one page of the actor's tickets from the database. */
async function findTicketPage(actor: Actor, query: TicketListQuery): Promise<Paginated<PopulatedTicket>> {
  if (query.assignee) {
    authorize(actor, 'workspace.workQueue', null);
    return findAssigneePage(actor, query);
  }
  const filter = queryFilter(query);
  if (actor.role === 'admin' && Object.keys(filter).length === 0) {
    const { docs, total } = await findNewestPage(query.page, query.limit);
    return toPage(docs, total, query);
  }
  if (actor.role === 'moderator') return findModeratorPage(actor.id, query);
  const scope = ticketListScope(actor);
  return findPage<TicketFields, PopulatedTicket>(
    {
      model: TicketModel,
      filter: { ...filter, ...scope },
      sort: NEWEST_FIRST,
      resolve: (docs) => withUserRefs(docs, PEOPLE),
    },
    query,
  );
}

/** Everything done to tickets themselves: filing, listing, reading, status, assignment. */
export function createTicketService({ lock, events, cache, slaRules }: TicketServiceDeps) {
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
    const $set: Record<string, unknown> = { status: to, completedAt: to === 'completed' ? now : null };
    if (ticket.sla) $set.sla = clocksAfterStatusChange(ticket, ticket.sla, { from, to }, await slaRules(), now);
    const updated = await TicketModel.findOneAndUpdate({ _id: ticket._id, status: from }, { $set }, { returnDocument: 'after' }).lean();
    if (!updated) throw errors.conflict('the ticket changed while you were updating it; reload and try again');
    await updateAssigneeStats(ticket, from, to, now);
    await recordTicketEvent({ ticketId, type: 'status_changed', actorId, from, to });
    const populated = (await loadPopulated(ticketId))!;
    await events.publish('ticket.status_changed', { ticket: populated, from, to, actorId });
    return populated;
  }

  return {
    loadPopulated,
    loadForAction,

    async createTicket(actor: Actor, input: TicketCreateBody): Promise<PopulatedTicket> {
      const createdAt = new Date();
      const draft = new TicketModel({ ...input, createdBy: actor.id, filingNumber: 0, filingBlock: 0, createdAt });
      // The clocks start with the ticket, in the same write.
      draft.set({ sla: planClocks({ createdAt, priority: draft.priority }, null, await slaRules(), createdAt) });
      // Validated before taking a number, so a rejected ticket leaves no gap in the filing numbers.
      await draft.validate();
      const filingNumber = await takeFilingNumbers(lock);
      draft.set({ filingNumber, filingBlock: filingBlockOf(filingNumber) });
      const created = await draft.save({ validateBeforeSave: false });
      await recordTicketEvent({ ticketId: created._id, type: 'created', actorId: actor.id, to: 'todo' });
      const ticket = (await loadPopulated(created._id))!;
      await events.publish('ticket.created', { ticket });
      return ticket;
    },

    /**
     * One page of the tickets the actor may see, newest first, as JSON text: served
     * from the cache as stored when warm.
     */
    async listTickets(actor: Actor, query: TicketListQuery): Promise<JsonText<Paginated<Ticket>>> {
      const isAdmin = actor.role === 'admin';
      if (query.assignee) authorize(actor, 'workspace.workQueue', null);
      // The pool and other people's queues change with any ticket, as the admin's lists do.
      const seesOthers = isAdmin || (query.assignee !== undefined && query.assignee !== 'me');
      return cache.getOrLoadJson(
        {
          name: 'ticket-list',
          params: { scope: isAdmin ? 'all' : `${actor.role}:${actor.id}`, query },
          tags: [seesOthers ? cacheTags.allTickets : cacheTags.ticketsOf(actor.id), cacheTags.people],
          ttlSeconds: TICKET_LIST_TTL_SECONDS,
        },
        async () => {
          const page = await findTicketPage(actor, query);
          return { ...page, items: page.items.map((ticket) => presentTicket(ticket, actor)) };
        },
      );
    },

    async getTicket(actor: Actor, ticketId: string): Promise<{ ticket: PopulatedTicket; timeline: PopulatedTicketEvent[] }> {
      await loadForAction(actor, ticketId, 'read');
      const [ticket, timeline] = await Promise.all([loadPopulated(ticketId), loadTimeline(ticketId)]);
      if (!ticket) throw errors.notFound('ticket');
      return { ticket, timeline };
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
    }): Promise<PopulatedTicket> {
      const { ticketId, moderatorId, actorId } = args;
      return lock.run(ticketLockKey(ticketId), async () => {
        const ticket = await ticketByIdOrNotFound(ticketId);
        const previous = ticket.assignedTo ? String(ticket.assignedTo) : null;
        if (previous === moderatorId) return (await loadPopulated(ticketId))!;
        if (moderatorId) {
          const moderator = await UserModel.findById(moderatorId).select('role').lean();
          if (!moderator || (moderator.role !== 'moderator' && moderator.role !== 'admin')) {
            throw errors.validation('the assignee must be a moderator or an admin');
          }
        }
        const now = new Date();
        const excluded = (ticket.excludedModerators ?? []).map(String);
        if (args.excludePrevious && previous && !excluded.includes(previous)) excluded.push(previous);
        const updated = await TicketModel.findOneAndUpdate(
          { _id: ticket._id, assignedTo: ticket.assignedTo },
          {
            $set: {
              assignedTo: moderatorId,
              assignment: args.assignment && moderatorId ? { ...args.assignment, assignedAt: now } : null,
              // Someone picked by a person may get it even after giving it back.
              excludedModerators: excluded.filter((id) => id !== moderatorId),
            },
          },
          { returnDocument: 'after' },
        ).lean();
        if (!updated) throw errors.conflict('the ticket was assigned concurrently');

        const isActive = ticket.status !== 'completed';
        if (previous && isActive) {
          await lock.run(userStatsLockKey(previous), () => UserModel.updateOne({ _id: previous }, { $inc: { activeTickets: -1 } }));
        }
        if (moderatorId) {
          await lock.run(userStatsLockKey(moderatorId), () =>
            UserModel.updateOne(
              { _id: moderatorId },
              { $inc: { activeTickets: isActive ? 1 : 0 }, $set: { lastAssignedAt: now } },
            ),
          );
        }
        await recordTicketEvent({
          ticketId,
          type: args.timelineType ?? (moderatorId ? 'assigned' : 'unassigned'),
          actorId,
          from: previous,
          to: moderatorId,
          data: {
            ...(args.assignment ? { score: args.assignment.score, reason: args.assignment.reason } : {}),
            ...args.timelineData,
          },
        });
        const populated = (await loadPopulated(ticketId))!;
        if (moderatorId) await events.publish('ticket.assigned', { ticket: populated, moderatorId, previousModeratorId: previous });
        else if (previous) await events.publish('ticket.unassigned', { ticket: populated, previousModeratorId: previous, actorId });
        return populated;
      });
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
