import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/** `user/signed-up` → a welcome e-mail. */
export const sendWelcomeEmail = defineWorkflow({
  id: 'send-welcome-email',
  name: 'Welcome a new user',
  triggers: [WORKFLOW_EVENTS.userSignedUp],
  retries: 5,
  async handler({ event, step, runId, deps }) {
    return step.run('send-email', () =>
      deps.notifications.sendWelcome({ userId: event.data.userId, idempotencyKey: `${runId}:send-email` }),
    );
  },
});
