import { findTicket, ticketByIdOrNotFound, ticketExists } from '../tickets/repo.js';
import { errors } from '../platform/errors.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import { TicketModel } from '../tickets/ticketModel.js';
import type { PopulatedTicket } from '../tickets/presenter.js';
import type { DomainEvents } from '../domain/events.js';
import { ticketLockKey, type TicketService } from '../tickets/service.js';
import { recordTicketEventOnce } from '../tickets/timeline.js';
import { clocksForPriorityChange } from '../sla/priorityChange.js';
import type { TriageOutcome } from './engine.js';

export interface TicketTriageServiceDeps {
  lock: KeyedLock;
  events: DomainEvents;
  tickets: Pick<TicketService, 'loadPopulated'>;
}

/** The ticket fields a triage writes; also the `fields` of the `ticket.updated` it publishes. */
export const TRIAGE_FIELDS = ['summary', 'priority', 'relatedSkills', 'helpfulNotes', 'category', 'triagedBy'] as const;

/** What a triage engine reads from a ticket. */
export interface TicketText {
  ticketId: string;
  title: string;
  description: string;
}

/** Reading a ticket for triage and writing the triage back, with its timeline entry. */
export function createTicketTriageService({ lock, events, tickets }: TicketTriageServiceDeps) {
  return {
    /** The text to triage; not-found if the ticket is gone. */
    async loadTicketText(ticketId: string): Promise<TicketText> {
      const ticket = await ticketByIdOrNotFound(ticketId);
      return { ticketId, title: ticket.title, description: ticket.description };
    },

    /**
     * Stores a triage on the ticket, adds a `triaged` timeline entry (once per
     * `dedupeKey`) and publishes `ticket.updated`. Writing the same triage again
     * changes nothing visible, so a replay is harmless.
     */
    async saveTriage(args: { ticketId: string; outcome: TriageOutcome; dedupeKey: string }): Promise<PopulatedTicket> {
      const { ticketId, outcome, dedupeKey } = args;
      const { result, engine, durationMs } = outcome;
      await lock.run(ticketLockKey(ticketId), async () => {
        const ticket = await ticketByIdOrNotFound(ticketId);
        // What a person corrected stays as they set it; the engine fills in the rest.
        const corrected = new Set(ticket.correctedFields ?? []);
        const $set: Record<string, unknown> = {
          summary: result.summary,
          helpfulNotes: result.helpfulNotes,
          triagedBy: engine,
          triageConfidence: corrected.has('priority') ? null : (result.confidence ?? null),
        };
        if (!corrected.has('priority')) {
          $set.priority = result.priority;
          const sla = await clocksForPriorityChange(ticket, result.priority);
          if (sla) $set.sla = sla;
        }
        if (!corrected.has('category')) $set.category = result.category;
        if (!corrected.has('relatedSkills')) $set.relatedSkills = result.relatedSkills;
        const updated = await TicketModel.updateOne({ _id: ticketId }, { $set });
        if (updated.matchedCount === 0) throw errors.notFound('ticket');
      });
      const data: Record<string, unknown> = { engine, durationMs };
      if (outcome.fallbackReason) data.fallbackReason = outcome.fallbackReason;
      await recordTicketEventOnce({ ticketId, type: 'triaged', actorId: null, data, dedupeKey }, lock);
      const ticket = await tickets.loadPopulated(ticketId);
      if (!ticket) throw errors.notFound('ticket');
      await events.publish('ticket.updated', { ticket, fields: [...TRIAGE_FIELDS] });
      return ticket;
    },

    /** Whether the ticket exists and has been triaged, for the last-resort path after a failed workflow. */
    async triageState(ticketId: string): Promise<'missing' | 'untriaged' | 'triaged'> {
      const ticket = await findTicket(ticketId);
      if (!ticket) return 'missing';
      return ticket.triagedBy ? 'triaged' : 'untriaged';
    },

    /** Puts a workflow's final triage failure on the ticket's timeline, where admins see it. */
    async recordTriageFailure(args: { ticketId: string; message: string; dedupeKey: string }): Promise<void> {
      if (!(await ticketExists(args.ticketId))) return;
      await recordTicketEventOnce(
        { ticketId: args.ticketId, type: 'triage_failed', actorId: null, data: { error: args.message }, dedupeKey: args.dedupeKey },
        lock,
      );
    },
  };
}

export type TicketTriageService = ReturnType<typeof createTicketTriageService>;
