import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import type { DomainEvents } from '../domain/events.js';
import type { Logger } from '../platform/logger.js';
import type { QueueOutcome, RequesterUpdateService } from '../requesterUpdates/service.js';
import type { WorkflowEvent } from './defineWorkflow.js';

/**
 * Queues what a requester should hear about and starts the workflow that e-mails
 * it. Only `comment.added` is listened to (never `note.added`), so an internal
 * note has no road into a requester's mailbox. Event ids derive from the queued
 * update, so announcing it again starts no second run. At start, tickets whose
 * updates are still pending (their event died with a process) are announced again.
 */
export function subscribeRequesterUpdateTriggers(
  events: DomainEvents,
  requesterUpdates: RequesterUpdateService,
  send: (event: WorkflowEvent) => Promise<void>,
  logger: Logger,
): () => void {
  const announce = (ticketId: string, outcome: QueueOutcome) =>
    outcome.queued
      ? send({ name: WORKFLOW_EVENTS.ticketRequesterUpdated, id: `requester-update:${ticketId}:${outcome.key}`, data: { ticketId } })
      : undefined;
  const unsubscribes = [
    events.subscribe('comment.added', async ({ ticket, comment }) => announce(String(ticket._id), await requesterUpdates.queueReply({ ticket, comment }))),
    events.subscribe('ticket.status_changed', async ({ ticket, from, to, actorId }) =>
      announce(String(ticket._id), await requesterUpdates.queueStatusChange({ ticket, from, to, actorId })),
    ),
  ];
  void requesterUpdates
    .ticketsWithPending()
    .then((tickets) => Promise.all(tickets.map(({ ticketId, lastKey }) => announce(ticketId, { queued: true, key: lastKey }))))
    .catch((err: unknown) => logger.error({ err }, 'could not look for pending requester e-mails'));
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
