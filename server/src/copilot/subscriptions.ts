import type { DomainEvents } from '../domain/events.js';
import type { Logger } from '../platform/logger.js';
import type { CopilotService } from './service.js';
import type { SimilarIndex } from './similarIndex.js';

/**
 * Keeps the similar-ticket index (and, with a key, the ticket's embedding) in step
 * with ticket status: a ticket is indexed when it is completed and removed when it
 * is reopened. Not blocking: the writer's response does not wait for the index.
 * Also hands finished copilot runs to the HTTP requests waiting for them.
 * Returns the unsubscribe function.
 */
export function subscribeCopilotToDomainEvents(events: DomainEvents, index: SimilarIndex, copilot: CopilotService, logger: Logger): () => void {
  const subscriptions = [
    events.subscribe('ticket.status_changed', async ({ ticket, from, to }) => {
      if (to !== 'completed' && from !== 'completed') return;
      const ticketId = String(ticket._id);
      try {
        await index.refresh(ticketId);
      } catch (err) {
        logger.warn({ err, ticketId }, 'similar-ticket index not updated');
      }
      try {
        await copilot.refreshEmbedding(ticketId);
      } catch (err) {
        logger.warn({ err, ticketId }, 'ticket embedding not updated');
      }
    }),
    events.subscribe('copilot.finished', ({ requestId, stage, draft, answer }) => {
      copilot.settle(requestId, { stage, draft: draft ?? null, answer: answer ?? null });
    }),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
