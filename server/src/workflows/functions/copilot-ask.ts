import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { copilotRequestWorkflow } from './copilot-request.js';

/**
 * `copilot/ask.requested` → the Gemini agent answers a staff member's question
 * about a ticket from what its tools read, citing the tickets it used. There is no
 * local answer: when the model fails the run ends `failed` and the asker is told.
 */
export const copilotAsk = copilotRequestWorkflow({
  id: 'copilot-ask',
  name: 'Answer a question with the copilot',
  trigger: WORKFLOW_EVENTS.copilotAskRequested,
  kind: 'ask',
});
