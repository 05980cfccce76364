import type { Actor } from '../domain/actor.js';
import type { DomainEvents } from '../domain/events.js';
import type { TicketService } from './service.js';

export interface TicketWorkflowRequestDeps {
  tickets: Pick<TicketService, 'loadForAction'>;
  events: DomainEvents;
}

/**
 * Asking for a ticket's triage or assignment to be done again. The work itself
 * happens in the background; these check the ticket and the permission, then
 * announce the request for the workflow layer to pick up.
 */
export function createTicketWorkflowRequests({ tickets, events }: TicketWorkflowRequestDeps) {
  return {
    async requestRetriage(actor: Actor, ticketId: string): Promise<void> {
      await tickets.loadForAction(actor, ticketId, 'retriage');
      await events.publish('ticket.retriage_requested', { ticketId, actorId: actor.id });
    },

    async requestReassign(actor: Actor, ticketId: string): Promise<void> {
      await tickets.loadForAction(actor, ticketId, 'reassign');
      await events.publish('ticket.reassign_requested', { ticketId, actorId: actor.id });
    },
  };
}

export type TicketWorkflowRequests = ReturnType<typeof createTicketWorkflowRequests>;
