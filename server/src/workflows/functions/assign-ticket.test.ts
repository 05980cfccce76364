import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { TicketEventModel } from '../../tickets/timelineModel.js';
import { TicketModel } from '../../tickets/ticketModel.js';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../../test/harness.js';
import { inngestTestEngine, SENT } from '../../test/inngestTest.js';
import { workflowDepsOf } from '../deps.js';
import { assignTicket } from './assign-ticket.js';

const app = useTestApp();

// Assignment considers every moderator in the database; each test starts with no staff.
beforeEach(async () => {
  await UserModel.updateMany({ role: { $in: ['moderator', 'admin'] } }, { $set: { role: 'user' } });
});

async function triagedTicket(skills: string[], assignee?: TestUser) {
  const pat = await createTestUser(app.ctx);
  const { id } = await createTestTicket(app.ctx, pat, { title: 'Refund a double charge', assignee });
  await TicketModel.updateOne({ _id: id }, { $set: { relatedSkills: skills, triagedBy: 'local' } });
  return id;
}

const run = (eventName: 'ticket/triaged' | 'ticket/reassign.requested', ticketId: string, requestedBy?: string) =>
  inngestTestEngine(assignTicket, workflowDepsOf(app.ctx)).execute({
    events: [{ name: eventName, data: requestedBy ? { ticketId, requestedBy } : { ticketId } }],
    steps: [{ id: 'emit-assigned', handler: SENT }],
  });

describe('assign-ticket (Inngest test engine)', () => {
  it('assigns the best-matching moderator and keeps the score breakdown on the ticket', async () => {
    const bea = await createTestUser(app.ctx, { role: 'moderator', name: 'Bea', skills: ['billing', 'payments'] });
    const fred = await createTestUser(app.ctx, { role: 'moderator', name: 'Fred', skills: ['react', 'css'] });
    const id = await triagedTicket(['billing', 'payments']);

    const { result, ctx } = await run(WORKFLOW_EVENTS.ticketTriaged, id);

    expect(result).toMatchObject({
      status: 'assigned',
      previousModeratorId: null,
      assignment: { moderatorId: bea.actor.id, score: 0.9, skillMatch: 1, availability: 1, performance: 0.5, candidates: 2 },
    });
    const stored = await TicketModel.findById(id).lean();
    expect(String(stored!.assignedTo)).toBe(bea.actor.id);
    expect(stored!.assignment).toMatchObject({ score: 0.9, skillMatch: 1, availability: 1, performance: 0.5 });
    expect(stored!.assignment!.reason).toContain('Best skill match for billing, payments (1.00)');
    expect(stored!.assignment!.candidates.map((c) => [String(c.moderatorId), c.score])).toEqual([
      [bea.actor.id, 0.9],
      [fred.actor.id, 0.4],
    ]);
    expect((await UserModel.findById(bea.actor.id).lean())!.activeTickets).toBe(1);
    const assigned = await TicketEventModel.findOne({ ticket: id, type: 'assigned' }).lean();
    expect(assigned).toMatchObject({ actor: null, to: bea.actor.id, data: { score: 0.9 } });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith('emit-assigned', {
      name: 'ticket/assigned',
      data: { ticketId: id, moderatorId: bea.actor.id },
    });
  });

  it('leaves an already assigned ticket alone', async () => {
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    await createTestUser(app.ctx, { role: 'moderator', skills: ['billing'] });
    const id = await triagedTicket(['billing'], mo);
    const { result, ctx } = await run(WORKFLOW_EVENTS.ticketTriaged, id);
    expect(result).toEqual({ status: 'skipped', reason: 'the ticket is already assigned' });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    expect(String((await TicketModel.findById(id).lean())!.assignedTo)).toBe(mo.actor.id);
  });

  it('records assignment_failed and leaves the ticket unassigned when every moderator is at capacity', async () => {
    const full = await createTestUser(app.ctx, { role: 'moderator', skills: ['billing'] });
    await createTestUser(app.ctx, { role: 'admin' });
    await UserModel.updateOne({ _id: full.actor.id }, { $set: { activeTickets: 10 } });
    const id = await triagedTicket(['billing']);

    const { result } = await run(WORKFLOW_EVENTS.ticketTriaged, id);

    expect(result).toMatchObject({ status: 'no_candidate', reason: expect.stringContaining('All moderators are at capacity') });
    expect((await TicketModel.findById(id).lean())!.assignedTo).toBeNull();
    const failed = await TicketEventModel.find({ ticket: id, type: 'assignment_failed' }).lean();
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toEqual({ reason: expect.stringContaining('All moderators are at capacity (10 active tickets or more)') });
  });

  it('assigns an admin only when there is no moderator at all', async () => {
    const admin = await createTestUser(app.ctx, { role: 'admin', name: 'Ada' });
    const id = await triagedTicket(['billing']);
    const { result } = await run(WORKFLOW_EVENTS.ticketTriaged, id);
    expect(result).toMatchObject({ status: 'assigned', assignment: { moderatorId: admin.actor.id } });
    expect((await TicketModel.findById(id).lean())!.assignment!.reason).toMatch(/^No moderator exists; assigned to an admin as last resort/);
  });

  it('keeps the assignee on a re-assignment that finds them still the best choice', async () => {
    const bea = await createTestUser(app.ctx, { role: 'moderator', skills: ['billing'] });
    await createTestUser(app.ctx, { role: 'moderator', skills: ['react'] });
    const admin = await createTestUser(app.ctx, { role: 'admin' });
    const id = await triagedTicket(['billing'], bea);
    const { result, ctx } = await run(WORKFLOW_EVENTS.ticketReassignRequested, id, admin.actor.id);
    expect(result).toMatchObject({ status: 'unchanged', assignment: { moderatorId: bea.actor.id, availability: 1 } });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    expect((await UserModel.findById(bea.actor.id).lean())!.activeTickets).toBe(1);
  });
});
