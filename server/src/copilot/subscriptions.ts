import type { DomainEvents } from '../domain/events.js';
import type { Logger } from '../platform/logger.js';
import type { SimilarIndex } from './similarIndex.js';

/**
 * Keeps the similar-ticket index in step with ticket status: a ticket is indexed when
 * it is completed and removed when it is reopened. Not blocking: the writer's response
 * does not wait for the index. Returns the unsubscribe function.
 */
export function subscribeCopilotToDomainEvents(events: DomainEvents, index: SimilarIndex, logger: Logger): () => void {
  return events.subscribe('ticket.status_changed', async ({ ticket, from, to }) => {
    if (to !== 'completed' && from !== 'completed') return;
    try {
      await index.refresh(String(ticket._id));
    } catch (err) {
      logger.warn({ err, ticketId: String(ticket._id) }, 'similar-ticket index not updated');
    }
  });
}
