import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { copilotRequestWorkflow } from './copilot-request.js';

/**
 * `copilot/draft.requested` → a drafted reply for the staff member who asked: the
 * Gemini agent writes it, or the local engine from the best similar solved ticket.
 * Nothing is ever sent to the requester: the draft waits in the composer.
 */
export const copilotDraft = copilotRequestWorkflow({
  id: 'copilot-draft',
  name: 'Draft a reply with the copilot',
  trigger: WORKFLOW_EVENTS.copilotDraftRequested,
  kind: 'draft',
});
