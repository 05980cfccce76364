import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { defineWorkflow } from '../defineWorkflow.js';

/**
 * After triage (or on an admin's request) → pick the best moderator and assign.
 *
 * Assignments of different tickets run side by side; the concurrency key only
 * keeps two assignments of one ticket apart. What must not race is per
 * moderator, and the service serialises exactly that: the winner's capacity is
 * checked on fresh figures and the assignment written under a lock per moderator
 * (in process and in Redis), and a choice made on figures that changed since
 * (another ticket just went to the same person) is scored again, so equal
 * moderators still take turns. Nobody with capacity → `assignment_failed` on the
 * timeline; the ticket stays unassigned and visible to admins.
 */
export const assignTicket = defineWorkflow({
  id: 'assign-ticket',
  name: 'Assign a ticket to the best moderator',
  triggers: [WORKFLOW_EVENTS.ticketTriaged, WORKFLOW_EVENTS.ticketReassignRequested],
  retries: 3,
  concurrency: { key: 'event.data.ticketId', limit: 1 },
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
