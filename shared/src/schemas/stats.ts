import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES } from '../enums.js';
import { objectIdSchema } from './common.js';

export const STATS_DAYS = 14;

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
  generatedAt: z.string(),
});
export type DashboardStats = z.infer<typeof dashboardStatsSchema>;
