import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { isDomainError } from '../../platform/errors.js';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `copilot/ask.requested` → the Gemini agent answers a staff member's question
 * about a ticket from what its tools read, citing the tickets it used. There is no
 * local answer: when the model fails the run ends `failed` and the asker is told.
 * Drafting runs outside `step.run` for the reason given in `copilot-draft.ts`.
 */
export const copilotAsk = defineWorkflow({
  id: 'copilot-ask',
  name: 'Answer a question with the copilot',
  triggers: [WORKFLOW_EVENTS.copilotAskRequested],
  retries: 1,
  async handler({ event, step, deps }) {
    const request = { ...event.data, kind: 'ask' as const };
    await step.run('mark-drafting', async () => {
      await deps.copilot.markDrafting(request);
      return { stage: 'drafting' };
    });
    let outcome;
    try {
      outcome = await deps.copilot.produce(request);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      await step.run('record-failure', async () => {
        await deps.copilot.fail(request, err.message);
        return { stage: 'failed' };
      });
      return { requestId: request.requestId, stage: 'failed', reason: err.code };
    }
    const saved = outcome;
    await step.run('save-result', async () => {
      await deps.copilot.finish(request, saved);
      return { stage: 'done' };
    });
    return { requestId: request.requestId, stage: 'done', engine: outcome.engine };
  },
  async onFailure({ event, error, step, deps }) {
    await step.run('record-failure', async () => {
      await deps.copilot.fail({ ...event.data, kind: 'ask' }, error.message);
      return { stage: 'failed' };
    });
  },
});
