import { PRIORITIES, STATS_DAYS, TICKET_STATUSES, type DashboardStats, type Priority, type SlaAttainment, type SlaStats, type TicketStatus } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { Logger } from '../platform/logger.js';
import { UserModel, averageResolutionHours } from '../users/userModel.js';
import {
  contributionDelta,
  dayDoc,
  DURATION_BUCKETS_MINUTES,
  groupByDocument,
  medianFromHistogram,
  sameContribution,
  ticketContribution,
  TOTALS_DOC,
  utcDay,
} from './figures.js';
import * as repo from './repo.js';

const DAY_MS = 86_400_000;
/** Every counter write, from any process, goes through this one lock (see `syncTicket`). */
const COUNTERS_LOCK = 'stats-counters';
/** Tickets whose share a reconcile run repairs per turn of the lock: short turns keep ticket writes flowing and stay well inside the Redis lock's 10 s. */
const RECONCILE_BATCH = 250;

/** A staff member's figures as the dashboard shows them. */
export interface TeamMemberFigures {
  id: string;
  name: string;
  role: string;
  totalResolved: number;
  resolutionHoursTotal: number;
  activeTickets: number;
}

export interface StatsServiceDeps {
  lock: KeyedLock;
  logger: Logger;
  /**
   * The team with its figures, from a cache kept per person (assignment's staff
   * directory); without it, one query over every user (a scan on FerretDB).
   */
  team?: () => Promise<TeamMemberFigures[]>;
}

/** Code-point order, as the database sorts names. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function teamFromDatabase(): Promise<TeamMemberFigures[]> {
  const moderators = await UserModel.find({ role: 'moderator' }).select('name role totalResolved resolutionHoursTotal activeTickets').lean();
  return moderators.map((m) => ({ ...m, id: String(m._id) }));
}

/** What one reconcile run found and repaired. */
export interface ReconcileResult {
  tickets: number;
  sharesRepaired: number;
  countersRepaired: number;
  /** Counters left for the next run because someone wrote while this run compared them. */
  countersSkipped: boolean;
}

const CLOCKS = ['firstResponse', 'resolution'] as const;

function nextPeriod(intervalMinutes: number, now: Date): Date {
  const period = intervalMinutes * 60_000;
  return new Date(Math.ceil((now.getTime() + 1) / period) * period);
}

function attainment(met: number, breached: number): SlaAttainment {
  return { met, breached, rate: met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 1000 };
}

/**
 * The admin dashboard's figures as maintained counters.
 *
 * Every ticket write is followed by `syncTicket` (wired to the ticket domain events
 * in the composition root, blocking, so the writer's response already sees the new
 * figures). It reads the ticket, computes its share of the counters and `$inc`s the
 * difference from the share stored last time, then stores the new share. The
 * ticket's own write is not part of that: the database has no transactions here, so
 * a process that dies between the ticket write and the counter write leaves the
 * counters behind. `reconcile` (a periodic workflow) repairs exactly that: it compares
 * every ticket's share with the stored one, and the counters with the sum of the
 * shares. Doing it after the write instead of inside it keeps the ticket service
 * unaware of the dashboard, at the price of figures that can lag one reconcile period
 * behind after a crash.
 *
 * All counter writes are serialised by one lock (in-process plus Redis across
 * processes): FerretDB applies `$inc` by read-modify-write, and every write touches
 * the totals document anyway, so finer locks would not let more through.
 */
export function createStatsService({ lock, logger, team = teamFromDatabase }: StatsServiceDeps) {
  /** Brings the counters in line with a ticket's current state. Idempotent: a second call for the same state writes nothing. */
  async function syncTicket(ticketId: string): Promise<void> {
    await lock.run(COUNTERS_LOCK, async () => {
      const ticket = await repo.statsTicketById(ticketId);
      const next = ticket ? ticketContribution(ticket) : [];
      const previous = await repo.shareOf(ticketId);
      if (sameContribution(previous, next)) return;
      // The share first: should the process die before the increments, the counters
      // are short and the reconcile run's counter check adds what is missing; the other
      // order would count this change twice on the ticket's next write.
      await repo.writeShares(new Map([[ticketId, next]]));
      await repo.incrementCounters(contributionDelta(previous, next));
    });
  }

  /**
   * Repairs drift: tickets whose stored share is not their current one (a write whose
   * counter update was lost), shares of tickets that no longer exist, and counters that
   * differ from the sum of all shares (a process that died between the two writes of
   * `syncTicket`). Reads outside the lock, writes inside it, and only when nobody wrote
   * since the read (`totals.seq`); otherwise the affected part waits for the next run.
   */
  async function reconcile(): Promise<ReconcileResult> {
    let seq = await repo.counterSeq();
    const [tickets, shares] = await Promise.all([repo.allStatsTickets(), repo.allShares()]);
    const wanted = new Map<string, string[]>();
    for (const [id, ticket] of tickets) {
      const share = ticketContribution(ticket);
      if (!sameContribution(shares.get(id) ?? [], share)) wanted.set(id, share);
    }
    for (const id of shares.keys()) if (!tickets.has(id)) wanted.set(id, []);

    let sharesRepaired = 0;
    // Any write by someone else during the run makes this run's sum of shares stale.
    let othersWrote = false;
    const ids = [...wanted.keys()];
    for (let i = 0; i < ids.length; i += RECONCILE_BATCH) {
      const batch = ids.slice(i, i + RECONCILE_BATCH);
      seq = await lock.run(COUNTERS_LOCK, async () => {
        const current = await repo.counterSeq();
        if (current !== seq) othersWrote = true;
        // Someone wrote since the read: a ticket they synced has a fresher share than
        // this run's scan, so leave any ticket whose share moved to its own writer.
        const stored = current === seq ? null : await repo.sharesOf(batch);
        const writes = new Map<string, string[]>();
        const absent = new Set<string>();
        const net = new Map<string, number>();
        for (const id of batch) {
          const before = shares.get(id) ?? [];
          if (stored && !sameContribution(stored.get(id) ?? [], before)) continue;
          const after = wanted.get(id)!;
          writes.set(id, after);
          if (!(stored ?? shares).has(id)) absent.add(id);
          for (const e of before) net.set(e, (net.get(e) ?? 0) - 1);
          for (const e of after) net.set(e, (net.get(e) ?? 0) + 1);
          shares.set(id, after);
        }
        if (writes.size === 0) return current;
        await repo.writeShares(writes, { absent });
        await repo.incrementCounters(groupByDocument(net));
        sharesRepaired += writes.size;
        return current + 1;
      });
    }
    for (const [id, entries] of shares) if (entries.length === 0) shares.delete(id);

    // The counters must equal the sum of the shares.
    const expected = new Map<string, number>();
    for (const entries of shares.values()) for (const e of entries) expected.set(e, (expected.get(e) ?? 0) + 1);
    const outcome = await lock.run(COUNTERS_LOCK, async () => {
      if (othersWrote || (await repo.counterSeq()) !== seq) return { repaired: 0, skipped: true };
      const net = new Map(expected);
      for (const [doc, fields] of await repo.allCounters()) {
        for (const [field, n] of Object.entries(fields)) net.set(`${doc}|${field}`, (net.get(`${doc}|${field}`) ?? 0) - n);
      }
      const fixes = groupByDocument(net);
      if (fixes.size > 0) await repo.incrementCounters(fixes);
      return { repaired: [...fixes.values()].reduce((sum, f) => sum + Object.keys(f).length, 0), skipped: false };
    });
    const result = { tickets: tickets.size, sharesRepaired, countersRepaired: outcome.repaired, countersSkipped: outcome.skipped };
    if (sharesRepaired > 0 || outcome.repaired > 0) logger.warn(result, 'dashboard counters repaired');
    return result;
  }

  return {
    syncTicket,
    reconcile,

    /** When the first reconcile run after a start should be: at once while the counters were never built (a new or upgraded database), else at the next period. */
    async firstReconcileAt(intervalMinutes: number, now = new Date()): Promise<Date> {
      return (await repo.countersExist()) ? nextPeriod(intervalMinutes, now) : now;
    },

    /** When the run after this one should be: the next multiple of the period, so every process names the same moment. */
    nextReconcileAt(intervalMinutes: number, now = new Date()): Date {
      return nextPeriod(intervalMinutes, now);
    },

    /** The dashboard, read from the counter documents: O(days + moderators), whatever the number of tickets. */
    async dashboard(actor: Actor, now = new Date()): Promise<DashboardStats> {
      authorize(actor, 'workspace.viewStats', null);
      const since = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (STATS_DAYS - 1) * DAY_MS;
      const days = Array.from({ length: STATS_DAYS }, (_, i) => utcDay(new Date(since + i * DAY_MS)));
      const [counters, moderators] = await Promise.all([
        repo.countersOf([TOTALS_DOC, ...days.map(dayDoc)]),
        team().then((members) => members.filter((m) => m.role === 'moderator').sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id))),
      ]);
      const totals = counters.get(TOTALS_DOC)!;
      const dayCounters = days.map((d) => counters.get(dayDoc(d))!);
      const count = (fields: Record<string, number>, path: string) => Math.max(0, fields[path] ?? 0);
      const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, count(totals, `status.${s}`)])) as Record<TicketStatus, number>;
      const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, count(totals, `priority.${p}`)])) as Record<Priority, number>;

      const sumOverDays = (path: string) => dayCounters.reduce((sum, fields) => sum + count(fields, path), 0);
      const clockAttainment = (prefix: string) =>
        Object.fromEntries(CLOCKS.map((c) => [c, attainment(sumOverDays(`${prefix}.${c}.met`), sumOverDays(`${prefix}.${c}.breached`))])) as Record<
          (typeof CLOCKS)[number],
          SlaAttainment
        >;
      const moderatorIds = new Set<string>();
      for (const fields of dayCounters) for (const path of Object.keys(fields)) if (path.startsWith('sla.m.')) moderatorIds.add(path.split('.')[2]!);
      const names = new Map(moderators.map((m) => [m.id, m.name]));
      const unknown = [...moderatorIds].filter((id) => !names.has(id));
      if (unknown.length > 0) {
        for (const u of await UserModel.find({ _id: { $in: unknown } }).select('name').lean()) names.set(String(u._id), u.name);
      }
      const histogram = (name: string) => Array.from({ length: DURATION_BUCKETS_MINUTES.length + 1 }, (_, i) => sumOverDays(`${name}.b${i}`));

      const sla: SlaStats = {
        attainment: {
          byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, clockAttainment(`sla.p.${p}`)])) as SlaStats['attainment']['byPriority'],
          byModerator: [...moderatorIds]
            .map((id) => ({ id, name: names.get(id) ?? 'Former user', ...clockAttainment(`sla.m.${id}`) }))
            .sort((a, b) => b.firstResponse.met + b.firstResponse.breached - (a.firstResponse.met + a.firstResponse.breached) || a.name.localeCompare(b.name)),
        },
        breachesPerDay: days.map((date, i) => ({
          date,
          firstResponse: count(dayCounters[i]!, 'breaches.firstResponse'),
          resolution: count(dayCounters[i]!, 'breaches.resolution'),
        })),
        medianFirstResponseMinutes: medianFromHistogram(histogram('firstResponseHist')),
        medianResolutionMinutes: medianFromHistogram(histogram('resolutionHist')),
      };

      return {
        totals: { tickets: count(totals, 'tickets'), unassigned: count(totals, 'unassigned'), byStatus, byPriority },
        daily: days.map((date, i) => ({ date, created: count(dayCounters[i]!, 'created'), completed: count(dayCounters[i]!, 'completed') })),
        moderators: moderators.map((m) => ({
          id: m.id,
          name: m.name,
          totalResolved: m.totalResolved,
          avgResolutionHours: Math.round(averageResolutionHours(m) * 100) / 100,
          activeTickets: Math.max(0, m.activeTickets),
        })),
        sla,
        generatedAt: now.toISOString(),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
