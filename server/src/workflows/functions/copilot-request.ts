import type { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { isDomainError } from '../../platform/errors.js';
import { defineWorkflow } from '../defineWorkflow.js';

type CopilotTrigger = typeof WORKFLOW_EVENTS.copilotDraftRequested | typeof WORKFLOW_EVENTS.copilotAskRequested;

/**
 * A copilot request as a workflow: marked "drafting", produced by the copilot (the
 * Gemini agent, and for drafts the local engine when it cannot), then saved, with
 * `copilot_progress`/`copilot_result` reaching the asker's sockets; a refusal or a
 * run out of attempts is recorded as failed, so the page never waits forever.
 *
 * Producing is not wrapped in `step.run`: under Inngest, agent-kit makes each model
 * call a `step.ai.infer` and each tool read a step of its own, which cannot nest
 * inside another step. Under the in-process runner a retry produces again, which
 * only costs time. The text never becomes step state except as the result handed
 * to the final step.
 */
export function copilotRequestWorkflow<const N extends CopilotTrigger>(spec: { id: string; name: string; trigger: N; kind: 'draft' | 'ask' }) {
  return defineWorkflow({
    id: spec.id,
    name: spec.name,
    triggers: [spec.trigger],
    // A person is waiting for this; a second attempt is all that can still be in time.
    retries: 1,
    async handler({ event, step, deps }) {
      const request = { ...event.data, kind: spec.kind };
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
        await deps.copilot.fail({ ...event.data, kind: spec.kind }, error.message);
        return { stage: 'failed' };
      });
    },
  });
}
