import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * `ticket/created` (and an admin's retriage request) → triage: the model (or the
 * local engine) reads the redacted ticket, the result is saved with a `triaged`
 * timeline entry, and assignment is requested. The ticket's text never becomes a
 * step result, so it is not copied into workflow state.
 *
 * If every attempt fails, the failure handler leaves `triage_failed` on the
 * timeline, triages with the local engine if the ticket has no triage at all, and
 * still requests assignment: no ticket is left untriaged and unassigned.
 */
export const triageTicket = defineWorkflow({
  id: 'triage-ticket',
  name: 'Triage a ticket',
  triggers: [WORKFLOW_EVENTS.ticketCreated, WORKFLOW_EVENTS.ticketRetriageRequested],
  retries: 3,
  async handler({ event, step, runId, deps }) {
    const { ticketId } = event.data;
    const outcome = await step.run('classify', async () => {
      const ticket = await deps.ticketTriage.loadTicketText(ticketId);
      return deps.triage.triageTicket(ticket);
    });
    await step.run('save-triage', async () => {
      await deps.ticketTriage.saveTriage({ ticketId, outcome, dedupeKey: `${runId}:save-triage` });
      return { saved: true };
    });
    await step.sendEvent('request-assignment', { name: WORKFLOW_EVENTS.ticketTriaged, data: { ticketId } });
    return { ticketId, engine: outcome.engine, durationMs: outcome.durationMs, fallbackReason: outcome.fallbackReason ?? null };
  },
  async onFailure({ event, error, step, runId, deps }) {
    const { ticketId } = event.data;
    const state = await step.run('record-triage-failed', async () => {
      await deps.ticketTriage.recordTriageFailure({ ticketId, message: error.message, dedupeKey: `${runId}:record-triage-failed` });
      return deps.ticketTriage.triageState(ticketId);
    });
    if (state === 'missing') return;
    if (state === 'untriaged') {
      await step.run('fallback-triage', async () => {
        const ticket = await deps.ticketTriage.loadTicketText(ticketId);
        const outcome = deps.triage.triageLocally(ticket, `workflow failed: ${error.message.slice(0, 200)}`);
        await deps.ticketTriage.saveTriage({ ticketId, outcome, dedupeKey: `${runId}:fallback-triage` });
        return { engine: outcome.engine };
      });
    }
    await step.sendEvent('request-assignment', { name: WORKFLOW_EVENTS.ticketTriaged, data: { ticketId } });
  },
});
