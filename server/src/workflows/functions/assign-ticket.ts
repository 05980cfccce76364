import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * After triage (or on an admin's request) → pick the best moderator and assign.
 *
 * The concurrency key runs one assignment at a time across all tickets: FerretDB
 * does not make the conditional updates behind capacity atomic, and serial
 * scoring lets each choice see the one before, so equal moderators take turns.
 * The capacity check is repeated inside that section, on fresh figures, by the
 * service. Nobody with capacity → `assignment_failed` on the timeline; the ticket
 * stays unassigned and visible to admins.
 */
export const assignTicket = defineWorkflow({
  id: 'assign-ticket',
  name: 'Assign a ticket to the best moderator',
  triggers: [WORKFLOW_EVENTS.ticketTriaged, WORKFLOW_EVENTS.ticketReassignRequested],
  retries: 3,
  concurrency: { key: '"assignment"', limit: 1 },
  async handler({ event, step, runId, deps }) {
    const { ticketId } = event.data;
    const reassign = event.name === WORKFLOW_EVENTS.ticketReassignRequested;
    // The run id names the assignment on the ticket, so a retry after a crash between
    // the write and its side effects finishes them instead of finding the ticket taken.
    const outcome = await step.run('choose-and-assign', () =>
      deps.autoAssign.assignBestModerator({ ticketId, reassign, assignmentToken: `assign-ticket:${runId}` }),
    );
    if (outcome.status === 'no_candidate') {
      await step.run('record-assignment-failed', async () => {
        await deps.autoAssign.recordAssignmentFailure({ ticketId, reason: outcome.reason, dedupeKey: `${runId}:record-assignment-failed` });
        return { recorded: true };
      });
    }
    if (outcome.status === 'assigned') {
      await step.sendEvent('emit-assigned', {
        name: WORKFLOW_EVENTS.ticketAssigned,
        data: { ticketId, moderatorId: outcome.assignment.moderatorId },
      });
    }
    return outcome;
  },
  async onFailure({ event, error, step, runId, deps }) {
    await step.run('record-assignment-failed', async () => {
      await deps.autoAssign.recordAssignmentFailure({
        ticketId: event.data.ticketId,
        reason: `Automatic assignment failed: ${error.message}`,
        dedupeKey: `${runId}:on-failure`,
      });
      return { recorded: true };
    });
  },
});
