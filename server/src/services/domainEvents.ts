import { EventEmitter } from 'node:events';
import type { PresenceStatus, TicketStatus } from '@relaydesk/shared';
import type { Logger } from '../lib/logger.js';
import type { PopulatedComment, PopulatedTicket } from '../presenters/index.js';

/**
 * What services announce after a write has succeeded. Adapters subscribe:
 * the real-time layer pushes to browsers, the job layer sends workflow events,
 * caches drop what changed. Services never talk to those directly.
 */
export interface DomainEventMap {
  'user.signed_up': { userId: string; name: string; email: string };
  'user.updated': { userId: string; fields: string[] };
  'user.presence_changed': { userId: string; status: PresenceStatus };
  'ticket.created': { ticket: PopulatedTicket };
  'ticket.status_changed': {
    ticket: PopulatedTicket;
    from: TicketStatus;
    to: TicketStatus;
    actorId: string | null;
  };
  'ticket.assigned': { ticket: PopulatedTicket; moderatorId: string; previousModeratorId: string | null };
  'ticket.updated': { ticket: PopulatedTicket; fields: string[] };
  'comment.added': { ticket: PopulatedTicket; comment: PopulatedComment };
  'mod_request.submitted': { applicationId: string; userId: string };
  'mod_request.decided': { applicationId: string; userId: string; status: 'approved' | 'rejected' };
}
export type DomainEventName = keyof DomainEventMap;

export interface DomainEvents {
  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void;
  subscribe<K extends DomainEventName>(name: K, listener: (payload: DomainEventMap[K]) => void | Promise<void>): () => void;
}

/** An in-process bus; a failing subscriber is logged and never fails the write that published. */
export function createDomainEvents(logger: Logger): DomainEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    publish(name, payload) {
      emitter.emit(name, payload);
    },
    subscribe<K extends DomainEventName>(name: K, listener: (payload: DomainEventMap[K]) => void | Promise<void>) {
      const wrapped = (payload: DomainEventMap[K]) => {
        try {
          const result = listener(payload);
          if (result instanceof Promise) {
            result.catch((err: unknown) => logger.error({ err, event: name }, 'domain event subscriber failed'));
          }
        } catch (err) {
          logger.error({ err, event: name }, 'domain event subscriber failed');
        }
      };
      emitter.on(name, wrapped);
      return () => emitter.off(name, wrapped);
    },
  };
}
