import type { DomainEvents } from '../domain/events.js';
import type { PresenceService } from './service.js';

/**
 * Wires presence to the domain events it follows: a new stored choice
 * (`user.presence_changed`) changes what others see at once, on whichever process is
 * told. Called by the composition root; returns the function that undoes it.
 */
export function subscribePresenceToDomainEvents(events: DomainEvents, presence: Pick<PresenceService, 'chosenChanged'>): () => void {
  return events.subscribe('user.presence_changed', ({ userId, status }) => presence.chosenChanged(userId, status));
}
