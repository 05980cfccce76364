import { ticketByIdOrNotFound } from '../tickets/repo.js';
import type { AssignmentCandidatesResponse, PresenceStatus } from '@relaydesk/shared';
import { Types } from 'mongoose';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { Logger } from '../platform/logger.js';
import type { Cache } from '../platform/cache.js';
import { cacheTags } from '../domain/cacheTags.js';
import { averageResolutionHours, UserModel } from '../users/userModel.js';
import { TicketModel, type AssignmentFields, type TicketFields } from '../tickets/ticketModel.js';
import type { TicketService } from '../tickets/service.js';
import { recordTicketEventOnce } from '../tickets/timeline.js';
import { DEFAULT_TARGET_RESOLUTION_HOURS, rankAndExplain, type AssignmentCandidateInput, type ExplainedRanking } from './scoreModerators.js';

/** Live presence as the real-time layer sees it; optional, everyone counts as online without it. */
export interface PresenceLookup {
  /** `storedChoices`: each person's stored choice when the caller has it already, saving a read per person. */
  getEffectiveStatuses(userIds: string[], storedChoices?: ReadonlyMap<string, PresenceStatus>): Promise<Map<string, PresenceStatus>>;
}

/** The winner's figures, as kept on the ticket and reported by the workflow. */
export interface AssignmentSummary {
  moderatorId: string;
  score: number;
  skillMatch: number;
  availability: number;
  performance: number;
  reason: string;
  candidates: number;
}

/** What an automatic assignment did. */
export type AutoAssignOutcome =
  | { status: 'assigned'; previousModeratorId: string | null; assignment: AssignmentSummary }
  /** A re-assignment found the current assignee still the best choice. */
  | { status: 'unchanged'; assignment: AssignmentSummary }
  /** Nothing to do: already assigned (and not a re-assignment) or completed. */
  | { status: 'skipped'; reason: string }
  /** Nobody eligible: every moderator at capacity, or no staff at all. */
  | { status: 'no_candidate'; reason: string };

export interface AutoAssignServiceDeps {
  tickets: Pick<TicketService, 'assignTicket' | 'resumeAssignment'>;
  lock: KeyedLock;
  presence: PresenceLookup | null;
  /** Active tickets a moderator may hold. */
  capacity: number;
  logger: Logger;
  /** Caches the moderator list; every assignment, completion and role or skill change drops it. */
  cache?: Cache;
}

/** A moderator or admin as scoring needs them; plain JSON so it can be cached. */
export interface StaffRow {
  id: string;
  name: string;
  role: 'moderator' | 'admin';
  skills: string[];
  activeTickets: number;
  totalResolved: number;
  resolutionHoursTotal: number;
  lastAssignedAt: string | null;
  /** Their stored presence choice (what they picked; live connections decide the rest). */
  chosenPresence: PresenceStatus;
}

const STAFF_TTL_SECONDS = 30 * 60;

const STAFF_FIELDS = 'name role skills activeTickets totalResolved resolutionHoursTotal lastAssignedAt presence';

/** Ids of every moderator and admin, in `_id` order. */
async function readStaffIds(): Promise<string[]> {
  // One equality query per role rather than `role: {$in: [...]}`: FerretDB hands equality
  // to its storage (PostgreSQL) but evaluates `$in` by scanning every user. Either way this
  // reads the whole user base on FerretDB, so it is cached apart from the figures below and
  // only re-read when people change (roles, sign-ups), not after every assignment.
  const byRole = await Promise.all(
    (['moderator', 'admin'] as const).map((role) => UserModel.find({ role }).select('_id').sort({ _id: 1 }).lean()),
  );
  return byRole.flat().map((u) => String(u._id));
}

/** Lookups sent at once by readStaffRows: overlaps round trips, leaves the pool to others. */
const STAFF_LOOKUPS_AT_ONCE = 32;

/**
 * The figures scoring needs for each of `ids`, each read by `_id` alone (the one filter
 * FerretDB pushes down), so re-reading them after an assignment costs the size of the
 * team, not of the user base. Someone no longer staff (a stale id list) is left out.
 */
async function readStaffRows(ids: string[]): Promise<StaffRow[]> {
  const rows: StaffRow[] = [];
  for (let i = 0; i < ids.length; i += STAFF_LOOKUPS_AT_ONCE) {
    const users = await Promise.all(ids.slice(i, i + STAFF_LOOKUPS_AT_ONCE).map((id) => UserModel.findById(id).select(STAFF_FIELDS).lean()));
    for (const u of users) {
      if (!u || (u.role !== 'moderator' && u.role !== 'admin')) continue;
      rows.push({
        id: String(u._id),
        name: u.name,
        role: u.role,
        skills: u.skills,
        activeTickets: u.activeTickets,
        totalResolved: u.totalResolved,
        resolutionHoursTotal: u.resolutionHoursTotal,
        lastAssignedAt: u.lastAssignedAt ? u.lastAssignedAt.toISOString() : null,
        chosenPresence: u.presence,
      });
    }
  }
  return sortStaff(rows);
}

/** Moderators first, then admins, as the role queries returned them before. */
function sortStaff(rows: StaffRow[]): StaffRow[] {
  return rows.sort((a, b) => (a.role === b.role ? 0 : a.role === 'moderator' ? -1 : 1));
}

/** Candidates kept on the ticket for the explanation; a large team would otherwise bloat it. */
const MAX_STORED_CANDIDATES = 10;
/** Rounds of score-then-verify before giving up when the chosen moderator keeps turning out full. */
const MAX_ROUNDS = 3;
/**
 * Rounds allowed, in all, when the choice keeps being overtaken by concurrent
 * assignments (each of those rounds means another ticket was assigned, so with at
 * most a runner's parallel runs competing this is never reached in practice).
 */
const MAX_TOTAL_ROUNDS = 25;

/**
 * Every staff member's row (skills, load, record, stored presence choice). Each row
 * is cached on its own, tagged with its person, so an assignment (which changes one
 * moderator's load) re-reads one row, not the whole team: with 200 moderators,
 * re-reading all of them by `_id` after every assignment was most of a ticket's
 * database time on FerretDB. The dashboard reads the team through it too.
 */
export function createStaffDirectory(cache?: Cache) {
  return {
    async rows(): Promise<StaffRow[]> {
      if (!cache) return readStaffRows(await readStaffIds());
      const ids = await cache.getOrLoad({ name: 'assignment-staff-ids', tags: [cacheTags.people], ttlSeconds: STAFF_TTL_SECONDS }, readStaffIds);
      const rows = await Promise.all(
        ids.map((id) =>
          cache.getOrLoad({ name: `assignment-staff-row:${id}`, tags: [cacheTags.staffMember(id)], ttlSeconds: STAFF_TTL_SECONDS }, async () => {
            const [row] = await readStaffRows([id]);
            return row ?? null;
          }),
        ),
      );
      return sortStaff(rows.filter((row): row is StaffRow => row !== null));
    },
  };
}

export type StaffDirectory = ReturnType<typeof createStaffDirectory>;

/** The lock under which a moderator's capacity is re-checked and the assignment written. */
export const assignmentCapacityLockKey = (moderatorId: string) => `assignment-capacity:${moderatorId}`;

/**
 * Picks the best moderator for a ticket with `scoreModerators` and assigns it.
 *
 * Capacity is checked twice: once by the scorer, then again on a fresh read of the
 * winner's active count inside a lock per moderator (in process, and in Redis
 * across processes), right before the assignment, whose count update happens
 * inside the same lock. That lock is what keeps a moderator within capacity, so
 * assignments of different tickets may run at once. If the winner's figures
 * changed since they were scored (a concurrent assignment went to them), the
 * ticket is scored again on fresh figures, so each choice still sees the ones
 * before it and equal moderators take turns.
 */
export function createAutoAssignService({ tickets, lock, presence, capacity, logger, cache }: AutoAssignServiceDeps) {
  async function presenceOf(staff: StaffRow[]): Promise<Map<string, PresenceStatus>> {
    const ids = staff.map((u) => u.id);
    if (!presence) return new Map(ids.map((id) => [id, 'online' as const]));
    try {
      return await presence.getEffectiveStatuses(ids, new Map(staff.map((u) => [u.id, u.chosenPresence])));
    } catch (err) {
      // Presence lives in Redis; without it, assume people are around rather than stall intake.
      logger.warn({ err }, 'presence unavailable for assignment; treating everyone as online');
      return new Map(ids.map((id) => [id, 'online' as const]));
    }
  }

  const staffDirectory = createStaffDirectory(cache);
  const loadStaff = () => staffDirectory.rows();

  /**
   * Assignments this process has chosen and not yet written, per moderator. Scoring
   * counts them as taken, so tickets assigned at the same moment spread over equal
   * moderators instead of all choosing the same one and re-scoring in turn.
   */
  const choosing = new Map<string, number>();

  async function rank(ticket: TicketFields, staff?: StaffRow[], countChoosing = false): Promise<ExplainedRanking> {
    staff ??= await loadStaff();
    const statuses = await presenceOf(staff);
    const current = ticket.assignedTo ? String(ticket.assignedTo) : null;
    const excluded = new Set((ticket.excludedModerators ?? []).map(String));
    const inputs: AssignmentCandidateInput[] = staff.map((u) => {
      const id = u.id;
      // The ticket being re-assigned should not count against its own assignee.
      const active = u.activeTickets - (id === current && ticket.status !== 'completed' ? 1 : 0);
      // Pending choices steer the ranking but never make anyone ineligible: they may still fail.
      const pending = countChoosing ? (choosing.get(id) ?? 0) : 0;
      return {
        id,
        name: u.name,
        role: u.role,
        skills: u.skills,
        activeTickets: pending > 0 && active < capacity ? Math.min(active + pending, capacity - 1) : active,
        totalResolved: u.totalResolved,
        avgResolutionHours: averageResolutionHours(u),
        lastAssignedAt: pending > 0 ? new Date() : u.lastAssignedAt ? new Date(u.lastAssignedAt) : null,
        presence: statuses.get(id) ?? 'offline',
        // A moderator who filed the ticket is its requester: someone else answers them.
        ...(id === String(ticket.createdBy) ? { excludedReason: 'filed this ticket' } : excluded.has(id) ? { excludedReason: 'gave this ticket back' } : {}),
      };
    });
    return rankAndExplain(ticket.relatedSkills, inputs, {
      capacity,
      targetResolutionHours: DEFAULT_TARGET_RESOLUTION_HOURS,
    });
  }

  function breakdown(ranking: ExplainedRanking): Omit<AssignmentFields, 'assignedAt'> {
    const winner = ranking.winner!;
    return {
      moderatorId: new Types.ObjectId(winner.moderatorId),
      score: winner.score,
      skillMatch: winner.skillMatch,
      availability: winner.availability,
      performance: winner.performance,
      reason: ranking.reason,
      candidates: ranking.ranked.slice(0, MAX_STORED_CANDIDATES).map((c) => ({
        moderatorId: new Types.ObjectId(c.moderatorId),
        name: c.name,
        score: c.score,
        skillMatch: c.skillMatch,
        availability: c.availability,
        performance: c.performance,
        presence: c.presence,
        standing: ranking.standings[c.moderatorId]?.standing ?? '',
      })),
    };
  }

  function summarise(ranking: ExplainedRanking): AssignmentSummary {
    const winner = ranking.winner!;
    return {
      moderatorId: winner.moderatorId,
      score: winner.score,
      skillMatch: winner.skillMatch,
      availability: winner.availability,
      performance: winner.performance,
      reason: ranking.reason,
      candidates: ranking.ranked.length,
    };
  }

  function storedSummary(a: AssignmentFields): AssignmentSummary {
    return {
      moderatorId: String(a.moderatorId),
      score: a.score,
      skillMatch: a.skillMatch,
      availability: a.availability,
      performance: a.performance,
      reason: a.reason,
      candidates: a.candidates.length,
    };
  }

  return {
    /** Everyone who could take the ticket now, best first, each with where they stand and why. */
    async explainCandidates(ticket: TicketFields): Promise<AssignmentCandidatesResponse> {
      const staff = await loadStaff();
      const staffRoles = new Map(staff.map((u) => [u.id, u.role]));
      const ranking = await rank(ticket, staff);
      return {
        items: ranking.ranked.map((c) => ({
          moderatorId: c.moderatorId,
          name: c.name,
          role: staffRoles.get(c.moderatorId) ?? 'moderator',
          score: c.score,
          skillMatch: c.skillMatch,
          availability: c.availability,
          performance: c.performance,
          presence: c.presence,
          eligible: c.eligible,
          activeTickets: ranking.standings[c.moderatorId]?.activeTickets ?? 0,
          capacity,
          standing: ranking.standings[c.moderatorId]?.standing ?? '',
        })),
        recommended: ranking.winner?.moderatorId ?? null,
        reason: ranking.reason,
      };
    },

    /**
     * Assigns the ticket to the best moderator with free capacity. Without
     * `reassign`, an assigned ticket is left alone; with it, the choice is made
     * again and may move the ticket. A completed ticket is never touched.
     */
    async assignBestModerator(args: { ticketId: string; reassign: boolean; assignmentToken?: string }): Promise<AutoAssignOutcome> {
      const { ticketId, reassign, assignmentToken } = args;
      let lastReason = '';
      let round = 0;
      for (let total = 1; round < MAX_ROUNDS && total <= MAX_TOTAL_ROUNDS; total += 1) {
        const ticket = await ticketByIdOrNotFound(ticketId);
        if (assignmentToken && ticket.assignmentToken === assignmentToken && ticket.assignedTo && ticket.assignment) {
          // This run already wrote the assignment and was cut off: finish it rather than skip it.
          await tickets.resumeAssignment({ ticketId, assignmentToken });
          return { status: 'assigned', previousModeratorId: ticket.assignmentFrom ? String(ticket.assignmentFrom) : null, assignment: storedSummary(ticket.assignment) };
        }
        if (ticket.status === 'completed') return { status: 'skipped', reason: 'the ticket is already completed' };
        if (ticket.assignedTo && !reassign) return { status: 'skipped', reason: 'the ticket is already assigned' };
        const staff = await loadStaff();
        const ranking = await rank(ticket, staff, true);
        const winner = ranking.winner;
        if (!winner) return { status: 'no_candidate', reason: ranking.reason };
        const current = ticket.assignedTo ? String(ticket.assignedTo) : null;
        if (winner.moderatorId === current) return { status: 'unchanged', assignment: summarise(ranking) };

        const scored = staff.find((u) => u.id === winner.moderatorId);
        choosing.set(winner.moderatorId, (choosing.get(winner.moderatorId) ?? 0) + 1);
        const outcome = await lock.run(assignmentCapacityLockKey(winner.moderatorId), async (): Promise<AutoAssignOutcome | 'rescore' | null> => {
          const fresh = await UserModel.findById(winner.moderatorId).select('activeTickets lastAssignedAt').lean();
          if (!fresh) return null;
          const freshAssignedAt = fresh.lastAssignedAt ? fresh.lastAssignedAt.toISOString() : null;
          // Including "full now": the scorer saw room that a concurrent assignment has since taken.
          if (scored && (scored.activeTickets !== fresh.activeTickets || scored.lastAssignedAt !== freshAssignedAt)) return 'rescore';
          if (fresh.activeTickets >= capacity) return null;
          const latest = await ticketByIdOrNotFound(ticketId);
          if (String(latest.assignedTo ?? '') !== String(current ?? '')) return null;
          await tickets.assignTicket({ ticketId, moderatorId: winner.moderatorId, actorId: null, assignment: breakdown(ranking), assignmentToken });
          return { status: 'assigned', previousModeratorId: current, assignment: summarise(ranking) };
        }).finally(() => {
          const left = (choosing.get(winner.moderatorId) ?? 1) - 1;
          if (left > 0) choosing.set(winner.moderatorId, left);
          else choosing.delete(winner.moderatorId);
        });
        // Overtaken, not refused: score again on the figures the other assignment left
        // (it dropped the winner's cached row before releasing the lock).
        if (outcome === 'rescore') continue;
        if (outcome) return outcome;
        round += 1;
        lastReason = `${winner.name || winner.moderatorId} reached capacity or the ticket changed while assigning`;
        logger.info({ ticketId, round, moderatorId: winner.moderatorId }, 'assignment changed under us; scoring again');
      }
      return { status: 'no_candidate', reason: `No assignment after ${MAX_ROUNDS} attempts: ${lastReason}` };
    },

    /** Puts an assignment that found nobody on the ticket's timeline, once per `dedupeKey`. */
    async recordAssignmentFailure(args: { ticketId: string; reason: string; dedupeKey: string }): Promise<void> {
      if (!Types.ObjectId.isValid(args.ticketId) || !(await TicketModel.exists({ _id: args.ticketId }))) return;
      await recordTicketEventOnce(
        { ticketId: args.ticketId, type: 'assignment_failed', actorId: null, data: { reason: args.reason }, dedupeKey: args.dedupeKey },
        lock,
      );
    },
  };
}

export type AutoAssignService = ReturnType<typeof createAutoAssignService>;
