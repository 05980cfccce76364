import type { DomainEvents } from '../domain/events.js';
import type { Logger } from '../platform/logger.js';
import type { StatsService } from './service.js';

/**
 * Keeps the dashboard counters in step with every ticket write the ticket, triage,
 * assignment and SLA services announce. Blocking, so the writer's response returns
 * after the figures moved. A failure is logged and left to the reconcile run.
 */
export function subscribeStatsToDomainEvents(events: DomainEvents, stats: StatsService, logger: Logger): () => void {
  const sync = (ticketId: string) =>
    stats.syncTicket(ticketId).catch((err: unknown) => logger.error({ err, ticketId }, 'dashboard counters not updated; the reconcile run will'));
  const blocking = { blocking: true };
  const unsubscribes = [
    events.subscribe('ticket.created', ({ ticket }) => sync(String(ticket._id)), blocking),
    events.subscribe('ticket.status_changed', ({ ticket }) => sync(String(ticket._id)), blocking),
    events.subscribe('ticket.assigned', ({ ticket }) => sync(String(ticket._id)), blocking),
    events.subscribe('ticket.unassigned', ({ ticket }) => sync(String(ticket._id)), blocking),
    events.subscribe('ticket.updated', ({ ticket }) => sync(String(ticket._id)), blocking),
  ];
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
