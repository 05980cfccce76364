import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import { PRIORITIES, STATS_DAYS, TICKET_STATUSES, type DashboardStats, type Priority, type TicketStatus } from '@relaydesk/shared';
import type { Cache } from '../platform/cache.js';
import { TicketModel } from '../tickets/ticketModel.js';
import { UserModel, averageResolutionHours } from '../users/userModel.js';
import { cacheTags } from '../domain/cacheTags.js';

const DAY_MS = 86_400_000;

async function countBy<K extends string>(field: 'status' | 'priority', keys: readonly K[]): Promise<Record<K, number>> {
  // $group with $sum is within what FerretDB's aggregation supports.
  const rows = await TicketModel.aggregate<{ _id: K; count: number }>([{ $group: { _id: `$${field}`, count: { $sum: 1 } } }]);
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const row of rows) if (row._id in counts) counts[row._id] = row.count;
  return counts;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Builds the admin dashboard's figures from the database. */
export async function computeDashboardStats(now = new Date()): Promise<DashboardStats> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (STATS_DAYS - 1) * DAY_MS);
  const [byStatus, byPriority, unassigned, created, completed, moderators] = await Promise.all([
    countBy<TicketStatus>('status', TICKET_STATUSES),
    countBy<Priority>('priority', PRIORITIES),
    TicketModel.countDocuments({ assignedTo: null, status: { $ne: 'completed' } }),
    TicketModel.find({ createdAt: { $gte: since } }).select('createdAt').lean(),
    TicketModel.find({ completedAt: { $gte: since } }).select('completedAt').lean(),
    UserModel.find({ role: 'moderator' }).select('name totalResolved resolutionHoursTotal activeTickets').sort({ name: 1 }).lean(),
  ]);

  // Per-day buckets are counted here: FerretDB has no $dateToString in $group.
  const daily = Array.from({ length: STATS_DAYS }, (_, i) => ({ date: utcDay(new Date(since.getTime() + i * DAY_MS)), created: 0, completed: 0 }));
  const byDate = new Map(daily.map((d) => [d.date, d]));
  for (const t of created) {
    const bucket = byDate.get(utcDay(t.createdAt));
    if (bucket) bucket.created += 1;
  }
  for (const t of completed) {
    const bucket = t.completedAt ? byDate.get(utcDay(t.completedAt)) : undefined;
    if (bucket) bucket.completed += 1;
  }

  return {
    totals: {
      tickets: Object.values<number>(byStatus).reduce((a, b) => a + b, 0),
      unassigned,
      byStatus,
      byPriority,
    },
    daily,
    moderators: moderators.map((m) => ({
      id: String(m._id),
      name: m.name,
      totalResolved: m.totalResolved,
      avgResolutionHours: Math.round(averageResolutionHours(m) * 100) / 100,
      activeTickets: Math.max(0, m.activeTickets),
    })),
    generatedAt: now.toISOString(),
  };
}

const STATS_TTL_SECONDS = 300;

/** Dashboard figures through the cache; every ticket or moderator change drops them. */
export function createStatsService({ cache }: { cache: Cache }) {
  return {
    dashboard: (actor: Actor): Promise<DashboardStats> => {
      authorize(actor, 'workspace.viewStats', null);
      return cache.getOrLoad({ name: 'dashboard', tags: [cacheTags.stats], ttlSeconds: STATS_TTL_SECONDS }, () => computeDashboardStats());
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
