import type { TicketSla } from '@relaydesk/shared';
import type { TicketSlaFields } from '../tickets/ticketModel.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A ticket's clocks as its JSON carries them: the moments and flags, none of the bookkeeping. */
export function presentTicketSla(sla: TicketSlaFields | null | undefined): TicketSla | null {
  if (!sla) return null;
  return {
    firstResponseDueAt: iso(sla.firstResponseDueAt),
    firstRespondedAt: iso(sla.firstRespondedAt),
    resolutionDueAt: iso(sla.resolutionDueAt),
    resolvedAt: iso(sla.resolvedAt),
    pausedSince: iso(sla.pausedSince),
    warned: { firstResponse: Boolean(sla.warned?.firstResponse), resolution: Boolean(sla.warned?.resolution) },
    breached: { firstResponse: Boolean(sla.breached?.firstResponse), resolution: Boolean(sla.breached?.resolution) },
  };
}
