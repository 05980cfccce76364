import type { DomainEvents } from '../domain/events.js';
import type { SlaService } from './service.js';

/**
 * The clocks' reaction to replies (the first public staff reply, the requester
 * answering), announced by the comment service. Blocking, so the caller's response
 * already shows the new clocks. Priority changes re-plan in the triage writes themselves.
 */
export function subscribeSlaToDomainEvents(events: DomainEvents, sla: SlaService): () => void {
  const unsubscribes = [
    events.subscribe('comment.added', (payload) => sla.onCommentAdded(payload), { blocking: true }),
  ];
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
