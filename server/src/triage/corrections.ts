import { TRIAGE_CATEGORIES, type TriageCategory, type TriageCorrectionBody } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import type { DomainEvents } from '../domain/events.js';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { PopulatedTicket } from '../tickets/presenter.js';
import { ticketLockKey, type TicketService } from '../tickets/service.js';
import { TicketModel, type TicketFields } from '../tickets/ticketModel.js';
import { recordTicketEvent } from '../tickets/timeline.js';
import { clocksForPriorityChange } from '../sla/priorityChange.js';
import { TriageCorrectionModel } from './correctionModel.js';

export interface TriageCorrectionServiceDeps {
  lock: KeyedLock;
  events: DomainEvents;
  tickets: Pick<TicketService, 'loadForAction' | 'loadPopulated'>;
}

type CorrectableField = 'priority' | 'category' | 'relatedSkills';
const CORRECTABLE: readonly CorrectableField[] = ['priority', 'category', 'relatedSkills'];

const asCategory = (value: string): TriageCategory =>
  (TRIAGE_CATEGORIES as readonly string[]).includes(value) ? (value as TriageCategory) : 'other';

/** `priority: medium, category: bug`: the compact form a timeline line shows. */
function describe(fields: Partial<Record<CorrectableField, unknown>>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') || '(none)' : String(value)}`)
    .join('; ');
}

/**
 * A person correcting what triage decided. The change is written to the ticket, said
 * on its timeline with what it was and what it became, announced like every other
 * write, and kept as a labelled example for the local engine to learn from. Fields a
 * person set stay theirs: a later automatic triage leaves them alone.
 */
export function createTriageCorrectionService({ lock, events, tickets }: TriageCorrectionServiceDeps) {
  return {
    async correctTriage(actor: Actor, ticketId: string, changes: TriageCorrectionBody): Promise<PopulatedTicket> {
      return lock.run(ticketLockKey(ticketId), async () => {
        const ticket: TicketFields = await tickets.loadForAction(actor, ticketId, 'correctTriage');
        const from: Partial<Record<CorrectableField, unknown>> = {};
        const to: Partial<Record<CorrectableField, unknown>> = {};
        for (const field of CORRECTABLE) {
          const next = changes[field];
          if (next === undefined) continue;
          const current = ticket[field];
          if (JSON.stringify(current) === JSON.stringify(next)) continue;
          from[field] = current;
          to[field] = next;
        }
        const changed = Object.keys(to) as CorrectableField[];
        if (changed.length === 0) return (await tickets.loadPopulated(ticketId))!;

        const corrected = [...new Set([...(ticket.correctedFields ?? []), ...changed])];
        // A new priority re-plans the service-level clocks in the same write.
        const sla = to.priority ? await clocksForPriorityChange(ticket, to.priority as TicketFields['priority']) : null;
        await TicketModel.updateOne(
          { _id: ticket._id },
          { $set: { ...to, correctedFields: corrected, triageConfidence: null, ...(sla ? { sla } : {}) } },
        );
        const merged = { ...ticket, ...to } as TicketFields;
        await TriageCorrectionModel.updateOne(
          { ticket: ticket._id },
          {
            $set: {
              title: ticket.title,
              description: ticket.description,
              priority: merged.priority,
              category: asCategory(merged.category),
              relatedSkills: merged.relatedSkills,
              correctedBy: actor.id,
            },
          },
          { upsert: true },
        );
        await recordTicketEvent({
          ticketId,
          type: 'triage_corrected',
          actorId: actor.id,
          from: describe(from),
          to: describe(to),
          data: { from, to },
        });
        const populated = (await tickets.loadPopulated(ticketId))!;
        await events.publish('ticket.updated', { ticket: populated, fields: changed });
        await events.publish('triage.corrected', { ticketId, priority: merged.priority });
        return populated;
      });
    },
  };
}

export type TriageCorrectionService = ReturnType<typeof createTriageCorrectionService>;
