import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/** More moments than a plan has (two per clock), so a run always reaches its end. */
const MAX_WAKES = 6;

/**
 * `ticket/sla.planned` → sleep until the ticket's next service-level moment (80%
 * warning or target), check the clocks, and carry on to the next one. Each re-plan
 * starts a new run with a higher plan version; a run whose version is no longer
 * the ticket's stops when it wakes, so only the newest plan's timer records anything.
 * A breach with the assignee offline or on do-not-disturb asks for a reassignment.
 */
export const watchTicketSla = defineWorkflow({
  id: 'watch-ticket-sla',
  name: 'Watch a ticket’s service-level clocks',
  triggers: [WORKFLOW_EVENTS.ticketSlaPlanned],
  retries: 5,
  async handler({ event, step, deps }) {
    const { ticketId, planVersion } = event.data;
    const recorded: Array<{ clock: string; milestone: string }> = [];
    for (let i = 0; i < MAX_WAKES; i += 1) {
      const plan = await step.run(`plan-${i}`, () => deps.sla.planTimer(ticketId, planVersion));
      if (plan.kind !== 'wake') return { outcome: plan.kind, recorded };
      await step.sleepUntil(`sleep-${i}`, plan.at);
      const checked = await step.run(`check-${i}`, () => deps.sla.checkClocks(ticketId, planVersion));
      recorded.push(...checked.recorded);
      if (checked.superseded) return { outcome: 'superseded', recorded };
      if (checked.recorded.some((m) => m.milestone === 'breach')) {
        await step.run(`escalate-${i}`, () => deps.sla.escalateBreach(ticketId));
      }
    }
    return { outcome: 'done', recorded };
  },
});
