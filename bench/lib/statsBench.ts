/**
 * The dashboard figures at volume: seeds tickets (with SLA clocks), builds the
 * counters once with a reconcile run, then times `GET /api/stats`'s work (the
 * stats service reading the counter documents) with nothing cached, next to the
 * scan the dashboard did before the counters (two `$group`s and two date-range finds).
 */
import { STATS_DAYS } from '@relaydesk/shared';
import mongoose from 'mongoose';
import type { Actor } from '../../server/src/domain/actor.js';
import { createStaffDirectory } from '../../server/src/assignment/service.js';
import { createCache } from '../../server/src/platform/cache.js';
import { createKeyedLock } from '../../server/src/platform/keyedLock.js';
import { connectRedis } from '../../server/src/platform/redis.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { createStatsService, type ReconcileResult } from '../../server/src/stats/service.js';
import { TicketModel } from '../../server/src/tickets/ticketModel.js';
import { seedDatabase } from './seed.js';

export interface StatsBenchResult {
  tickets: number;
  seedSeconds: number;
  /** The first reconcile run, which counts every ticket (what an upgraded database does once). */
  backfill: ReconcileResult & { seconds: number };
  /** A reconcile run with nothing to repair: the periodic cost. */
  steadyReconcileSeconds: number;
  /** `dashboard()` timings over `runs` calls, milliseconds. */
  dashboardMs: { p50: number; p95: number; max: number; runs: number };
  /** The pre-counter dashboard queries, once, milliseconds; null when skipped. */
  scanMs: number | null;
  /** Sanity: the counted total equals the tickets seeded. */
  countedTickets: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** The queries the dashboard ran before the counters, timed once (they scan every ticket). */
async function timeScan(): Promise<number> {
  const since = new Date(Date.now() - STATS_DAYS * 86_400_000);
  const started = performance.now();
  await Promise.all([
    TicketModel.aggregate([{ $group: { _id: '$status', count: { $sum: 1 } } }]),
    TicketModel.aggregate([{ $group: { _id: '$priority', count: { $sum: 1 } } }]),
    TicketModel.countDocuments({ assignedTo: null, status: { $ne: 'completed' } }),
    TicketModel.find({ createdAt: { $gte: since } }).select('createdAt').lean(),
    TicketModel.find({ completedAt: { $gte: since } }).select('completedAt').lean(),
  ]);
  return performance.now() - started;
}

/**
 * Runs the stats benchmark against the database mongoose's default connection points
 * at (empty). `scale` is a fraction of 50,000 tickets; `withScan` also times the old
 * scanning queries (about a minute or more at full scale on SQLite).
 */
export async function measureStats(options: { scale: number; runs?: number; withScan?: boolean; log: (message: string) => void }): Promise<StatsBenchResult> {
  const { scale, log, runs = 30 } = options;
  if (mongoose.connection.readyState !== 1) throw new Error('connect mongoose to the benchmark database first');
  const seeded = await seedDatabase(scale, log, { withSla: true });
  // As the server builds it: the team's figures from the staff directory, cached per person in Redis.
  const logger = createLogger('silent');
  const redis = await connectRedis({ url: 'redis://127.0.0.1:6379', enabled: true, keyPrefix: `relaydesk-bench-stats:${process.pid}:`, logger });
  const cache = createCache({ redis, logger, enabled: true });
  const stats = createStatsService({ lock: createKeyedLock(), logger, team: () => createStaffDirectory(cache).rows() });

  let started = performance.now();
  const backfill = await stats.reconcile();
  const backfillSeconds = (performance.now() - started) / 1000;
  log(`counted ${backfill.tickets} tickets into the counters in ${backfillSeconds.toFixed(1)} s`);
  started = performance.now();
  await stats.reconcile();
  const steadyReconcileSeconds = (performance.now() - started) / 1000;
  log(`a reconcile run with nothing to repair took ${steadyReconcileSeconds.toFixed(1)} s`);

  const admin: Actor = { id: seeded.adminIds[0]!, role: 'admin', name: 'Admin 1' };
  const firstStarted = performance.now();
  await stats.dashboard(admin);
  log(`first dashboard call (the team's rows read from the database into their cache): ${(performance.now() - firstStarted).toFixed(1)} ms`);
  const timings: number[] = [];
  let countedTickets = 0;
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const figures = await stats.dashboard(admin);
    timings.push(performance.now() - t0);
    countedTickets = figures.totals.tickets;
  }
  timings.sort((a, b) => a - b);
  log(`dashboard over ${runs} calls: p50 ${percentile(timings, 0.5).toFixed(1)} ms, p95 ${percentile(timings, 0.95).toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`);
  const scanMs = options.withScan ? await timeScan() : null;
  if (scanMs !== null) log(`the old dashboard queries took ${(scanMs / 1000).toFixed(1)} s`);
  const keys = (await redis.client?.keys(`relaydesk-bench-stats:${process.pid}:*`)) ?? [];
  if (keys.length > 0) await redis.client?.del(...keys);
  await redis.close();
  return {
    tickets: seeded.tickets,
    seedSeconds: seeded.seconds,
    backfill: { ...backfill, seconds: backfillSeconds },
    steadyReconcileSeconds,
    dashboardMs: { p50: percentile(timings, 0.5), p95: percentile(timings, 0.95), max: timings.at(-1)!, runs },
    scanMs,
    countedTickets,
  };
}
