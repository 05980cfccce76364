import { ticketByIdOrNotFound } from '../tickets/repo.js';
import { averageResolutionHours, UserModel } from '../users/userModel.js';
import type { DomainEvents } from '../domain/events.js';

/** A completed ticket's resolution as the assignee's statistics now hold it. */
export interface ResolutionCheck {
  /** False when the ticket was reopened (or completed again later) since the event was sent. */
  current: boolean;
  moderatorId: string | null;
  resolutionHours: number;
  /** The assignee's figures after the synchronous update in `changeStatus`. */
  stats: { totalResolved: number; activeTickets: number; avgResolutionHours: number } | null;
}

/**
 * Follow-up of a completed ticket. The counters themselves are updated by
 * `ticketService.changeStatus`, synchronously and under the assignee's stats lock,
 * because capacity and the API must see them at once and there are no transactions
 * to make a second, asynchronous writer exactly-once. What is left here only reads
 * and announces, so running it any number of times counts nothing twice.
 */
export function createResolutionService({ events }: { events: DomainEvents }) {
  return {
    async checkResolution(args: { ticketId: string; completedAt: string }): Promise<ResolutionCheck> {
      const ticket = await ticketByIdOrNotFound(args.ticketId);
      const completedAt = new Date(args.completedAt).getTime();
      const current = ticket.status === 'completed' && ticket.completedAt?.getTime() === completedAt;
      const moderatorId = ticket.assignedTo ? String(ticket.assignedTo) : null;
      const resolutionHours = Math.round(((completedAt - ticket.createdAt.getTime()) / 3_600_000) * 100) / 100;
      const user = moderatorId
        ? await UserModel.findById(moderatorId).select('totalResolved resolutionHoursTotal activeTickets').lean()
        : null;
      const stats = user
        ? {
            totalResolved: user.totalResolved,
            activeTickets: Math.max(0, user.activeTickets),
            avgResolutionHours: Math.round(averageResolutionHours(user) * 100) / 100,
          }
        : null;
      return { current, moderatorId, resolutionHours, stats };
    },

    /** Tells listeners (dashboards, caches) that a moderator's statistics changed. */
    async announceStatsChanged(moderatorId: string): Promise<void> {
      await events.publish('user.updated', { userId: moderatorId, fields: ['stats'] });
    },
  };
}

export type ResolutionService = ReturnType<typeof createResolutionService>;
