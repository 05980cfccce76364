import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { isDomainError } from '../../platform/errors.js';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `copilot/draft.requested` → a drafted reply for the staff member who asked: the
 * Gemini agent (falling back to the local engine) writes it, the result is stored
 * with the run's record, and `copilot_progress`/`copilot_result` reach the asker's
 * sockets. Nothing is ever sent to the requester: the draft waits in the composer.
 *
 * The drafting itself is not wrapped in `step.run`: under Inngest, agent-kit makes
 * each model call a `step.ai.infer` and each tool read a step of its own, which
 * cannot nest inside another step. Under the in-process runner a retry drafts again,
 * which only costs time. The text never becomes step state except as the result
 * handed to the final step.
 */
export const copilotDraft = defineWorkflow({
  id: 'copilot-draft',
  name: 'Draft a reply with the copilot',
  triggers: [WORKFLOW_EVENTS.copilotDraftRequested],
  // A person is waiting for this; a second attempt is all that can still be in time.
  retries: 1,
  async handler({ event, step, deps }) {
    const request = { ...event.data, kind: 'draft' as const };
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
    return { requestId: request.requestId, stage: 'done', engine: outcome.engine, fallbackReason: outcome.fallbackReason };
  },
  async onFailure({ event, error, step, deps }) {
    await step.run('record-failure', async () => {
      await deps.copilot.fail({ ...event.data, kind: 'draft' }, error.message);
      return { stage: 'failed' };
    });
  },
});
