import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES } from '../enums.js';
import { objectIdSchema } from './common.js';

export const STATS_DAYS = 14;

/** Tickets whose clock stopped within its target (`met`) or passed it (`breached`); open clocks count in neither. */
export const slaAttainmentSchema = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  /** met / (met + breached), 0..1; null while nothing has been decided. */
  rate: z.number().min(0).max(1).nullable(),
});
export type SlaAttainment = z.infer<typeof slaAttainmentSchema>;

const clockAttainmentSchema = z.object({ firstResponse: slaAttainmentSchema, resolution: slaAttainmentSchema });

/** Service-level figures for tickets filed in the last STATS_DAYS days (breaches and medians: by the day they happened). */
export const slaStatsSchema = z.object({
  attainment: z.object({
    byPriority: z.record(z.enum(PRIORITIES), clockAttainmentSchema),
    /** Per assignee at the time the clock was decided, highest volume first. */
    byModerator: z.array(clockAttainmentSchema.extend({ id: objectIdSchema, name: z.string() })),
  }),
  /** One entry per UTC day, oldest first, like `daily`: clocks that passed their target that day. */
  breachesPerDay: z.array(z.object({ date: z.string(), firstResponse: z.number().int(), resolution: z.number().int() })),
  /** Median minutes from filing to the first public staff reply; null with no replies in the window. */
  medianFirstResponseMinutes: z.number().nullable(),
  /** Median minutes from filing to completion; null with no completions in the window. */
  medianResolutionMinutes: z.number().nullable(),
});
export type SlaStats = z.infer<typeof slaStatsSchema>;

/** The numbers on the admin dashboard. */
export const dashboardStatsSchema = z.object({
  totals: z.object({
    tickets: z.number().int(),
    unassigned: z.number().int(),
    byStatus: z.record(z.enum(TICKET_STATUSES), z.number().int()),
    byPriority: z.record(z.enum(PRIORITIES), z.number().int()),
  }),
  /** One entry per UTC day, oldest first, for the last STATS_DAYS days including today. */
  daily: z.array(z.object({ date: z.string(), created: z.number().int(), completed: z.number().int() })),
  moderators: z.array(
    z.object({
      id: objectIdSchema,
      name: z.string(),
      totalResolved: z.number().int(),
      avgResolutionHours: z.number(),
      activeTickets: z.number().int(),
    }),
  ),
  /** Service levels over the same window, from counters kept as tickets change. */
  sla: slaStatsSchema,
  generatedAt: z.string(),
});
export type DashboardStats = z.infer<typeof dashboardStatsSchema>;
