import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `ticket/assigned` → e-mail the moderator (SendGrid, or the development outbox)
 * with the ticket link, the AI summary and the notes, then record `notified`.
 * The message's idempotency key is this run's, so a replay stores no second copy.
 */
export const notifyAssignee = defineWorkflow({
  id: 'notify-assignee',
  name: 'Tell a moderator about their new ticket',
  triggers: [WORKFLOW_EVENTS.ticketAssigned],
  retries: 5,
  async handler({ event, step, runId, deps }) {
    const { ticketId, moderatorId } = event.data;
    const sent = await step.run('send-email', () =>
      deps.notifications.notifyAssignee({ ticketId, moderatorId, idempotencyKey: `${runId}:send-email` }),
    );
    if (sent.status === 'sent') {
      await step.run('record-notified', async () => {
        await deps.notifications.recordNotified({ ticketId, moderatorId, transport: sent.transport, dedupeKey: `${runId}:record-notified` });
        return { recorded: true };
      });
    }
    return sent;
  },
});
