import type { AssignmentCandidatesResponse, TicketAssignBody } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/authorize.js';
import { errors } from '../platform/errors.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { PopulatedTicket } from '../tickets/presenter.js';
import { ticketByIdOrNotFound } from '../tickets/repo.js';
import type { TicketService } from '../tickets/service.js';
import { UserModel } from '../users/userModel.js';
import { assignmentCapacityLockKey, type AutoAssignService } from './service.js';

export interface ManualAssignmentServiceDeps {
  tickets: Pick<TicketService, 'assignTicket' | 'loadForAction' | 'loadPopulated'>;
  assignment: Pick<AutoAssignService, 'explainCandidates'>;
  lock: KeyedLock;
  /** Active tickets a moderator may hold. */
  capacity: number;
}

/**
 * People choosing who works a ticket: an admin picks the assignee, a moderator takes
 * one from the unassigned pool, the assignee (or an admin) gives one back. Capacity is
 * checked on a fresh read inside the same per-moderator lock automatic assignment
 * uses, so a person and the workflow cannot both fill the last slot.
 */
export function createManualAssignmentService({ tickets, assignment, lock, capacity }: ManualAssignmentServiceDeps) {
  /** Runs `assign` if the moderator has room (or `force`), else a conflict naming their load. */
  async function withinCapacity<T>(moderatorId: string, name: string, force: boolean, assign: () => Promise<T>): Promise<T> {
    return lock.run(assignmentCapacityLockKey(moderatorId), async () => {
      const fresh = await UserModel.findById(moderatorId).select('activeTickets').lean();
      const active = Math.max(0, fresh?.activeTickets ?? 0);
      if (!force && active >= capacity) {
        throw errors.conflict(`${name} is at capacity (${active}/${capacity} active tickets); send force: true to assign anyway`);
      }
      return assign();
    });
  }

  return {
    /** An admin gives the ticket to a moderator or an admin of their choosing. */
    async assign(actor: Actor, ticketId: string, { moderatorId, force = false }: TicketAssignBody): Promise<PopulatedTicket> {
      const ticket = await tickets.loadForAction(actor, ticketId, 'assign');
      if (ticket.status === 'completed') throw errors.conflict('the ticket is completed; reopen it before assigning it');
      const target = await UserModel.findById(moderatorId).select('name role').lean();
      if (!target) throw errors.notFound('moderator');
      if (target.role !== 'moderator' && target.role !== 'admin') {
        throw errors.validation('the assignee must be a moderator or an admin', [{ path: 'moderatorId', message: 'not a moderator or admin' }]);
      }
      if (String(ticket.assignedTo ?? '') === moderatorId) return (await tickets.loadPopulated(ticketId))!;
      return withinCapacity(moderatorId, target.name, force, () =>
        tickets.assignTicket({ ticketId, moderatorId, actorId: actor.id, timelineData: { manual: true, ...(force ? { forced: true } : {}) } }),
      );
    },

    /** A moderator takes an open ticket nobody has. */
    async claim(actor: Actor, ticketId: string): Promise<PopulatedTicket> {
      const ticket = await ticketByIdOrNotFound(ticketId);
      // Staff learn that a ticket is taken (that is what the pool is for); others learn nothing.
      if (!can(actor, 'workspace.workQueue', null)) throw errors.notFound('ticket');
      const current = ticket.assignedTo ? String(ticket.assignedTo) : null;
      if (current === actor.id) return (await tickets.loadPopulated(ticketId))!;
      if (current) throw errors.conflict('the ticket is already assigned to someone else');
      if (ticket.status === 'completed') throw errors.conflict('the ticket is completed');
      authorize(actor, 'ticket.claim', ticket);
      return withinCapacity(actor.id, 'You', false, () =>
        tickets.assignTicket({ ticketId, moderatorId: actor.id, actorId: actor.id, timelineData: { claimed: true } }),
      );
    },

    /** The assignee (or an admin) gives the ticket back to the pool; automatic assignment will not pick them for it again. */
    async release(actor: Actor, ticketId: string): Promise<PopulatedTicket> {
      const ticket = await tickets.loadForAction(actor, ticketId, 'read');
      if (!ticket.assignedTo) throw errors.conflict('the ticket is not assigned to anyone');
      // A completed ticket given back would sit in no list at all.
      if (ticket.status === 'completed') throw errors.conflict('the ticket is completed; reopen it before giving it back');
      authorize(actor, 'ticket.release', ticket);
      return tickets.assignTicket({ ticketId, moderatorId: null, actorId: actor.id, timelineType: 'released', excludePrevious: true });
    },

    /** Who could take the ticket now, best first, with why: what an admin chooses from when reassigning. */
    async candidates(actor: Actor, ticketId: string): Promise<AssignmentCandidatesResponse> {
      const ticket = await tickets.loadForAction(actor, ticketId, 'assign');
      return assignment.explainCandidates(ticket);
    },
  };
}

export type ManualAssignmentService = ReturnType<typeof createManualAssignmentService>;
