import { WORKFLOW_EVENTS } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { UserModel } from '../../users/userModel.js';
import { createTestTicket, createTestUser, useTestApp } from '../../test/harness.js';
import { inngestTestEngine } from '../../test/inngestTest.js';
import { workflowDepsOf } from '../deps.js';
import { recordResolution } from './record-resolution.js';

const app = useTestApp();

describe('record-resolution (Inngest test engine)', () => {
  it('announces the stats once per run and never changes the counters, however often it replays', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, pat, { assignee: mo });
    const done = await app.ctx.services.tickets.changeStatus(mo.actor, id, 'completed');
    const before = await UserModel.findById(mo.actor.id).lean();
    expect(before).toMatchObject({ totalResolved: 1, activeTickets: 0 });

    const announced: string[] = [];
    const unsubscribe = app.ctx.events.subscribe('user.updated', ({ userId, fields }) => {
      if (fields.includes('stats')) announced.push(userId);
    });
    const event = {
      name: WORKFLOW_EVENTS.ticketCompleted,
      data: { ticketId: id, moderatorId: mo.actor.id, completedAt: done.completedAt!.toISOString() },
    };
    const engine = inngestTestEngine(recordResolution, workflowDepsOf(app.ctx));
    const first = await engine.execute({ events: [event] });
    await engine.execute({ events: [event] });
    unsubscribe();

    expect(first.result).toMatchObject({
      current: true,
      moderatorId: mo.actor.id,
      stats: { totalResolved: 1, activeTickets: 0 },
    });
    expect(announced).toEqual([mo.actor.id, mo.actor.id]);
    const after = await UserModel.findById(mo.actor.id).lean();
    expect(after).toMatchObject({ totalResolved: 1, activeTickets: 0, resolutionHoursTotal: before!.resolutionHoursTotal });
  });

  it('does nothing for a resolution that was reopened since', async () => {
    const pat = await createTestUser(app.ctx);
    const mo = await createTestUser(app.ctx, { role: 'moderator' });
    const { id } = await createTestTicket(app.ctx, pat, { assignee: mo });
    const done = await app.ctx.services.tickets.changeStatus(mo.actor, id, 'completed');
    await app.ctx.services.tickets.changeStatus(mo.actor, id, 'in_progress');
    const { result, ctx } = await inngestTestEngine(recordResolution, workflowDepsOf(app.ctx)).execute({
      events: [{ name: WORKFLOW_EVENTS.ticketCompleted, data: { ticketId: id, moderatorId: mo.actor.id, completedAt: done.completedAt!.toISOString() } }],
    });
    expect(result).toMatchObject({ current: false, stats: { totalResolved: 0, activeTickets: 1 } });
    expect(ctx.step.run).not.toHaveBeenCalledWith('announce-stats', expect.any(Function));
  });
});
