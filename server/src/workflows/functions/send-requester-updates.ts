import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `ticket/requester.updated` → e-mail the requester what is pending on their ticket.
 * The first update after a quiet window goes out at once; later ones sleep (durably)
 * until the window since the last e-mail ends and go out together. One run per
 * update, one at a time per ticket: a run that wakes to find its update already
 * sent by an earlier run claims nothing and ends.
 */
export const sendRequesterUpdates = defineWorkflow({
  id: 'send-requester-updates',
  name: 'Tell a requester about replies and status changes',
  triggers: [WORKFLOW_EVENTS.ticketRequesterUpdated],
  retries: 5,
  concurrency: { key: 'event.data.ticketId', limit: 1 },
  async handler({ event, step, runId, deps }) {
    const { ticketId } = event.data;
    const plan = await step.run('plan', () => deps.requesterUpdates.planDelivery(ticketId));
    if (plan.kind === 'idle') return { status: 'skipped', reason: 'nothing pending' };
    await step.sleepUntil('wait-for-window', plan.at);
    const claimed = await step.run('claim', () => deps.requesterUpdates.claim(ticketId, runId));
    if (claimed.items === 0) return { status: 'skipped', reason: 'already sent with an earlier update' };
    return step.run('deliver', () => deps.requesterUpdates.deliver(ticketId, runId));
  },
});
