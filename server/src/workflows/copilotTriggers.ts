import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import type { CopilotDispatcher } from '../copilot/service.js';
import type { WorkflowEvent } from './defineWorkflow.js';

/**
 * Turns a copilot request into the workflow event that runs it. The event id is the
 * request id, so a resent request starts one run.
 */
export function copilotDispatcher(send: (event: WorkflowEvent) => Promise<void>): CopilotDispatcher {
  return async ({ requestId, ticketId, actorId, kind, question }) => {
    if (kind === 'ask') {
      await send({ name: WORKFLOW_EVENTS.copilotAskRequested, id: `copilot:${requestId}`, data: { requestId, ticketId, actorId, question: question ?? '' } });
    } else {
      await send({ name: WORKFLOW_EVENTS.copilotDraftRequested, id: `copilot:${requestId}`, data: { requestId, ticketId, actorId } });
    }
  };
}
