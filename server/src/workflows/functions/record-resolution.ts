import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `ticket/completed` → resolution follow-up. The assignee's counters are already
 * updated synchronously by `changeStatus` (under the stats lock, reversed on
 * reopening); this only checks the resolution still stands and announces the
 * changed statistics. It writes no counter, so a replay cannot count twice.
 */
export const recordResolution = defineWorkflow({
  id: 'record-resolution',
  name: 'Follow up a resolved ticket',
  triggers: [WORKFLOW_EVENTS.ticketCompleted],
  retries: 3,
  async handler({ event, step, deps }) {
    const { ticketId, completedAt } = event.data;
    const check = await step.run('check-resolution', () => deps.resolutions.checkResolution({ ticketId, completedAt }));
    if (check.current && check.moderatorId) {
      const moderatorId = check.moderatorId;
      await step.run('announce-stats', async () => {
        await deps.resolutions.announceStatsChanged(moderatorId);
        return { announced: moderatorId };
      });
    }
    return check;
  },
});
