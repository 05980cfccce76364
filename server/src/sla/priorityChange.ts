import type { Priority, TicketStatus } from '@relaydesk/shared';
import type { TicketSlaFields } from '../tickets/ticketModel.js';
import { planClocks } from './plan.js';
import { loadSlaRules } from './policyStore.js';

/**
 * The clocks of a ticket whose priority changes to `priority`, planned again from
 * its creation under the current policy, for the writer to `$set` as `sla` in the
 * same update; null when nothing changes (same priority, no clocks, completed).
 */
export async function clocksForPriorityChange(
  ticket: { createdAt: Date; priority: Priority; status: TicketStatus; sla: TicketSlaFields | null },
  priority: Priority,
  now = new Date(),
): Promise<TicketSlaFields | null> {
  if (!ticket.sla || ticket.status === 'completed' || ticket.priority === priority) return null;
  return planClocks({ createdAt: ticket.createdAt, priority }, ticket.sla, await loadSlaRules(), now);
}
