import type { Priority, TicketBulkBody, TicketBulkResponse, TicketBulkResult, TicketStatus } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import { isDomainError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';

/**
 * The single-ticket actions a bulk action repeats. Each one checks its own policy
 * and writes its own timeline entry, events and re-planned clocks, so a bulk
 * change is exactly the same as doing each ticket by hand.
 */
export interface QueueServiceDeps {
  assign: (actor: Actor, ticketId: string, moderatorId: string, force: boolean) => Promise<unknown>;
  changeStatus: (actor: Actor, ticketId: string, status: TicketStatus) => Promise<unknown>;
  changePriority: (actor: Actor, ticketId: string, priority: Priority) => Promise<unknown>;
  logger: Logger;
}

/** The work queue's actions on many tickets at once. */
export function createQueueService({ assign, changeStatus, changePriority, logger }: QueueServiceDeps) {
  function actionFor(body: TicketBulkBody): (actor: Actor, ticketId: string) => Promise<unknown> {
    switch (body.action) {
      case 'assign':
        return (actor, id) => assign(actor, id, body.moderatorId, body.force ?? false);
      case 'status':
        return (actor, id) => changeStatus(actor, id, body.status);
      case 'priority':
        return (actor, id) => changePriority(actor, id, body.priority);
    }
  }

  return {
    /**
     * Applies one action to each ticket in turn and says what happened to each: a
     * ticket that fails (not found, not allowed, changed meanwhile) does not stop
     * the others. One at a time, in the order given, so the per-ticket locks are
     * taken as a person clicking through would take them. Each action leaves a
     * ticket already in the asked-for state as it is, so sending the same request
     * again after a lost answer or a crash finishes the rest and changes nothing twice.
     */
    async bulkUpdate(actor: Actor, body: TicketBulkBody): Promise<TicketBulkResponse> {
      authorize(actor, 'workspace.bulkUpdateTickets', null);
      const apply = actionFor(body);
      const results: TicketBulkResult[] = [];
      for (const id of body.ids) {
        try {
          await apply(actor, id);
          results.push({ id, ok: true });
        } catch (err) {
          if (!isDomainError(err)) {
            logger.error({ err, ticketId: id, action: body.action }, 'bulk ticket action failed');
            results.push({ id, ok: false, error: { code: 'internal_error', message: 'this ticket could not be changed; try again' } });
            continue;
          }
          results.push({ id, ok: false, error: { code: err.code, message: err.message } });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, failed: results.length - succeeded };
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
