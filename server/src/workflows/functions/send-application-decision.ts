import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/** `mod-request/decided` → tell the applicant whether they are now a moderator. */
export const sendApplicationDecision = defineWorkflow({
  id: 'send-application-decision',
  name: 'Tell an applicant the decision',
  triggers: [WORKFLOW_EVENTS.modRequestDecided],
  retries: 5,
  async handler({ event, step, runId, deps }) {
    const { applicationId, userId, status } = event.data;
    return step.run('send-email', () =>
      deps.notifications.sendApplicationDecision({ applicationId, userId, status, idempotencyKey: `${runId}:send-email` }),
    );
  },
});
