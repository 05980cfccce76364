import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { OutboxMessageModel } from '../../mail/outboxModel.js';
import { writeTicketAssignment } from '../../tickets/repo.js';
import { TicketModel } from '../../tickets/ticketModel.js';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine } from '../../test/inngestTest.js';
import type { WorkflowEvent, WorkflowStepTools } from '../defineWorkflow.js';
import { workflowDepsOf } from '../deps.js';
import { assignTicket } from './assign-ticket.js';
import { notifyAssignee } from './notify-assignee.js';

const app = useTestApp();

/** An attempt's step tools with nothing memoised: what a retry after a crash inside `choose-and-assign` runs. */
function freshAttempt() {
  const sent: WorkflowEvent[] = [];
  const step: WorkflowStepTools = {
    run: (_id, fn) => fn(),
    sendEvent: async (_id, events) => {
      sent.push(...(Array.isArray(events) ? events : [events]));
    },
    // The assignment never sleeps; a call here would be a mistake in the workflow.
    sleepUntil: async () => {
      throw new Error('assign-ticket does not sleep');
    },
  };
  return { step, sent };
}

describe('assign-ticket after a crash between the assignment write and its side effects', () => {
  it('finishes the assignment on retry: one timeline entry, one count, the assigned event and the e-mail', async () => {
    const bea = await createTestUser(app.ctx, { role: 'moderator', name: 'Bea', skills: ['billing'] });
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat, { title: 'Refund a double charge' });
    await TicketModel.updateOne({ _id: id }, { $set: { relatedSkills: ['billing'], triagedBy: 'local' } });
    const runId = 'run-cut-off-by-kill-9';

    // The first attempt got as far as the ticket write, then the process was killed.
    const written = await writeTicketAssignment({
      ticketId: id,
      expectedAssignee: null,
      moderatorId: bea.actor.id,
      assignment: {
        moderatorId: new Types.ObjectId(bea.actor.id),
        score: 0.9,
        skillMatch: 1,
        availability: 1,
        performance: 0.5,
        reason: 'Best skill match for billing (1.00)',
        candidates: [],
      },
      excludedModerators: [],
      token: `assign-ticket:${runId}`,
      at: new Date(),
    });
    expect(written).not.toBeNull();

    const event = { name: WORKFLOW_EVENTS.ticketTriaged, data: { ticketId: id } } as const;
    const deps = workflowDepsOf(app.ctx);
    const retry = freshAttempt();
    const outcome = await assignTicket.handler({ event, step: retry.step, runId, attempt: 1, deps });
    expect(outcome).toMatchObject({ status: 'assigned', assignment: { moderatorId: bea.actor.id } });
    expect(retry.sent).toEqual([{ name: WORKFLOW_EVENTS.ticketAssigned, data: { ticketId: id, moderatorId: bea.actor.id } }]);

    // Killed again after the side effects, before the step's result was stored: nothing doubles.
    await assignTicket.handler({ event, step: freshAttempt().step, runId, attempt: 2, deps });

    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'assigned' })).toBe(1);
    expect(await TicketEventModel.findOne({ ticket: id, type: 'assigned' }).lean()).toMatchObject({ to: bea.actor.id, data: { score: 0.9 } });
    expect((await UserModel.findById(bea.actor.id).lean())!.activeTickets).toBe(1);

    // The event the retry sent runs the notification, as it would have without the crash.
    await inngestTestEngine(notifyAssignee, deps).execute({ events: [retry.sent[0]!] });
    expect(await OutboxMessageModel.countDocuments({ ticketId: id, to: bea.user.email })).toBe(1);
    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'notified' })).toBe(1);
  });

  it('still skips a ticket someone else assigned', async () => {
    const bea = await createTestUser(app.ctx, { role: 'moderator' });
    const pat = await createTestUser(app.ctx);
    const { id } = await createTestTicket(app.ctx, pat, { assignee: bea });
    const outcome = await assignTicket.handler({
      event: { name: WORKFLOW_EVENTS.ticketTriaged, data: { ticketId: id } },
      step: freshAttempt().step,
      runId: 'another-run',
      attempt: 0,
      deps: workflowDepsOf(app.ctx),
    });
    expect(outcome).toMatchObject({ status: 'skipped' });
    expect(await TicketEventModel.countDocuments({ ticket: id, type: 'assigned' })).toBe(1);
    expect((await UserModel.findById(bea.actor.id).lean())!.activeTickets).toBe(1);
  });
});
